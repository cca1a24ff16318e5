"""dmp_service."""
