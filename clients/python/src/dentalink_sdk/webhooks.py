"""Verify the webhooks Dentalink sends, per the Standard Webhooks specification.

Each delivery carries `webhook-id`, `webhook-timestamp` (Unix seconds) and `webhook-signature`
(`v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`, several separated by spaces while a secret
is being rotated), signed with the endpoint's secret (`whsec_<base64>`). A delivery older or newer
than 5 minutes is refused, so a captured one cannot be replayed later. The check itself is the
`standardwebhooks` package's, the specification's reference implementation.

    verifier = WebhookVerifier(endpoint_secret)
    event = verifier.verify(request_body_bytes, request_headers)   # raises InvalidWebhook
"""

from collections.abc import Iterable, Mapping
from typing import Any

from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

HEADERS = ("webhook-id", "webhook-timestamp", "webhook-signature")


class InvalidWebhook(Exception):
    """Not a delivery signed with this endpoint's secret, or outside the 5-minute tolerance."""


class WebhookVerifier:
    """Accepts a delivery signed with any of `secrets` (the current one, and the previous one while
    the endpoint's secret is being rotated)."""

    def __init__(self, secret: str, *previous: str) -> None:
        self._webhooks = [Webhook(s) for s in (secret, *previous)]

    def verify(self, body: bytes | str, headers: Mapping[str, str] | Iterable[tuple[str, str]]) -> Any:
        """The parsed JSON body of an authentic delivery; `InvalidWebhook` otherwise.

        `body` must be the raw bytes as received: a re-serialised JSON body no longer matches."""
        pairs = headers.items() if isinstance(headers, Mapping) else headers
        wanted = {name.lower(): value for name, value in pairs if name.lower() in HEADERS}
        last: WebhookVerificationError | None = None
        for webhook in self._webhooks:
            try:
                return webhook.verify(body, wanted)
            except WebhookVerificationError as error:
                last = error
        raise InvalidWebhook(str(last)) from last
