"""Dentalink webhook-service: vendor webhook endpoints and their signed deliveries."""
