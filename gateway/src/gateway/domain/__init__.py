"""Pure rules of the gateway: identifiers, habilitations, scopes, idempotency (no I/O)."""
