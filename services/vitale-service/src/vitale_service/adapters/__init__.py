"""Ports to the outside (app issuer keys, ADRI) and their sandbox implementations."""
