"""Ports to the outside: DNS resolution and the HTTP POST of a delivery."""
