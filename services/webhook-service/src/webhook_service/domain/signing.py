"""Endpoint secrets and signatures per the Standard Webhooks specification.

A secret is `whsec_` + base64 of 32 random bytes. During a rotation the previous secret keeps signing
alongside the new one for a while, so a receiver updating its configuration loses nothing: the
`webhook-signature` header then holds both signatures, space separated, as the specification allows.
"""

import base64
import secrets
from datetime import datetime

from standardwebhooks import Webhook

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def signature_header(message_id: str, timestamp: datetime, body: str, secrets_in_use: list[str]) -> str:
    """`webhook-signature`: one `v1,<base64>` per secret in use, space separated."""
    return " ".join(Webhook(secret).sign(message_id, timestamp, body) for secret in secrets_in_use)


def webhook_headers(
    message_id: str, timestamp: datetime, body: str, secrets_in_use: list[str]
) -> dict[str, str]:
    """The three Standard Webhooks headers of one attempt (the timestamp is the attempt's)."""
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(timestamp.timestamp())),
        "webhook-signature": signature_header(message_id, timestamp, body, secrets_in_use),
    }
