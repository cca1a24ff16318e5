"""telemed_service."""
