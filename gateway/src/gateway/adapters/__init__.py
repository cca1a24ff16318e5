"""Ports to the outside: Pro Santé Connect (its keys) and the sandbox issuer for integrators."""
