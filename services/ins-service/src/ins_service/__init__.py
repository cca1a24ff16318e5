"""ins_service."""
