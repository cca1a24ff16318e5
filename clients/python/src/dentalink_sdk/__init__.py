"""Dentalink's Python SDK: the generated client (`dentalink_client`) with what generators leave out —
client-credentials tokens, the professional's headers, Idempotency-Keys, retries on 429/503,
cursor pagination and webhook signature verification. See clients/python/README.md."""

from dentalink_sdk.client import Dentalink, Professional
from dentalink_sdk.errors import ApiError
from dentalink_sdk.pagination import paginate
from dentalink_sdk.retries import NO_RETRIES, RetryPolicy
from dentalink_sdk.webhooks import InvalidWebhook, WebhookVerifier

__all__ = [
    "NO_RETRIES",
    "ApiError",
    "Dentalink",
    "InvalidWebhook",
    "Professional",
    "RetryPolicy",
    "WebhookVerifier",
    "paginate",
]
