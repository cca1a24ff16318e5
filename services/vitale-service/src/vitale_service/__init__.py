"""vitale_service."""
