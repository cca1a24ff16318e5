"""Signatures verify with the standardwebhooks package, during a rotation too."""

import base64
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from webhook_service.domain import DisabledReason, Endpoint, WebhookEventType
from webhook_service.domain.signing import new_secret, webhook_headers

BODY = '{"type":"act.billed","timestamp":"2025-03-14T10:00:00+00:00","data":{"act_id":"x"}}'


def endpoint(secret: str) -> Endpoint:
    now = datetime.now(UTC)
    return Endpoint(
        id=uuid.uuid4(),
        practice_id="cab-1",
        url="https://hooks.example.fr/",
        description=None,
        event_types=frozenset({WebhookEventType.ACT_BILLED}),
        disabled_reason=None,
        secret=secret,
        previous_secret=None,
        previous_secret_expires_at=None,
        failing_since=None,
        created_at=now,
        updated_at=now,
    )


def test_a_secret_is_whsec_and_base64_of_at_least_24_random_bytes() -> None:
    secret = new_secret()
    assert secret.startswith("whsec_")
    assert len(base64.b64decode(secret.removeprefix("whsec_"))) >= 24
    assert new_secret() != secret


def test_the_headers_verify_with_standardwebhooks() -> None:
    secret = new_secret()
    headers = webhook_headers("msg_1", datetime.now(UTC), BODY, [secret])
    assert set(headers) == {"webhook-id", "webhook-timestamp", "webhook-signature"}
    assert Webhook(secret).verify(BODY, headers)["type"] == "act.billed"
    with pytest.raises(WebhookVerificationError):
        Webhook(new_secret()).verify(BODY, headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(BODY.replace("x", "y"), headers)


def test_during_a_rotation_old_and_new_secrets_both_verify_then_only_the_new() -> None:
    old = new_secret()
    now = datetime.now(UTC)
    rotated = endpoint(old).rotated(new_secret(), now, timedelta(hours=24))
    assert rotated.disabled_reason is None or rotated.disabled_reason in DisabledReason
    during = webhook_headers("msg_2", now, BODY, rotated.signing_secrets(now))
    assert len(during["webhook-signature"].split(" ")) == 2
    Webhook(old).verify(BODY, during)
    Webhook(rotated.secret).verify(BODY, during)

    later = now + timedelta(hours=24, seconds=1)
    assert rotated.signing_secrets(later) == [rotated.secret]
    after = webhook_headers("msg_3", datetime.now(UTC), BODY, rotated.signing_secrets(later))
    Webhook(rotated.secret).verify(BODY, after)
    with pytest.raises(WebhookVerificationError):
        Webhook(old).verify(BODY, after)
