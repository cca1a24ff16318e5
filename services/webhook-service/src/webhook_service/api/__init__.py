"""HTTP API of webhook-service."""
