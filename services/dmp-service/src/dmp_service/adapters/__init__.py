"""Ports to the outside: the national DMP and the e-mail service, each with a sandbox implementation."""
