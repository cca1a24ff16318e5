"""Standard Webhooks signatures: the specification's test vector, the 5-minute tolerance, rotation."""

import base64
import hashlib
import hmac
import time
from datetime import UTC, datetime

import pytest
from standardwebhooks import Webhook

from dentalink_sdk import InvalidWebhook, WebhookVerifier

# The test vector published with the Standard Webhooks specification (and its reference libraries).
SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
SPEC_TIMESTAMP = 1614265330
SPEC_BODY = b'{"test": 2432232314}'
SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="

OTHER_SECRET = "whsec_" + base64.b64encode(b"another endpoint secret 32 bytes").decode()
BODY = b'{"type":"identity.qualified","data":{"identity_id":"3f6c1a52-7d0e-4c1b-9a43-5b2e8f9d0c11"}}'


def signed(secret: str, body: bytes, *, msg_id: str = "msg_1", at: int | None = None) -> dict[str, str]:
    """The headers a sender puts on `body`, computed here from the specification, not by the library."""
    timestamp = str(int(time.time()) if at is None else at)
    key = base64.b64decode(secret.removeprefix("whsec_"))
    mac = hmac.new(key, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": timestamp,
        "webhook-signature": f"v1,{base64.b64encode(mac).decode()}",
    }


def test_the_specification_vector_signs_as_published() -> None:
    headers = signed(SPEC_SECRET, SPEC_BODY, msg_id=SPEC_ID, at=SPEC_TIMESTAMP)
    assert headers["webhook-signature"] == SPEC_SIGNATURE


def test_the_specification_vector_is_refused_as_too_old_now() -> None:
    headers = {
        "webhook-id": SPEC_ID,
        "webhook-timestamp": str(SPEC_TIMESTAMP),
        "webhook-signature": SPEC_SIGNATURE,
    }
    with pytest.raises(InvalidWebhook, match="too old"):
        WebhookVerifier(SPEC_SECRET).verify(SPEC_BODY, headers)


def test_an_authentic_delivery_gives_its_event() -> None:
    headers = {name.title(): value for name, value in signed(SPEC_SECRET, BODY).items()}  # any case
    event = WebhookVerifier(SPEC_SECRET).verify(BODY, {**headers, "Content-Type": "application/json"})
    assert event["type"] == "identity.qualified"


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda body, headers: (body.replace(b"qualified", b"withdrawn"), headers), id="body"),
        pytest.param(lambda body, headers: (body, {**headers, "webhook-id": "msg_2"}), id="id"),
        pytest.param(
            lambda body, headers: (
                body,
                {**headers, "webhook-timestamp": str(int(headers["webhook-timestamp"]) + 1)},
            ),
            id="timestamp",
        ),
        pytest.param(lambda body, headers: (body, signed(OTHER_SECRET, body)), id="other-secret"),
        pytest.param(
            lambda body, headers: (body, {k: v for k, v in headers.items() if k != "webhook-signature"}),
            id="unsigned",
        ),
    ],
)
def test_a_forged_or_altered_delivery_is_refused(tamper) -> None:
    body, headers = tamper(BODY, signed(SPEC_SECRET, BODY))
    with pytest.raises(InvalidWebhook):
        WebhookVerifier(SPEC_SECRET).verify(body, headers)


@pytest.mark.parametrize("offset", [-6 * 60, 6 * 60])
def test_a_delivery_more_than_5_minutes_off_is_refused(offset: int) -> None:
    headers = signed(SPEC_SECRET, BODY, at=int(time.time()) + offset)
    with pytest.raises(InvalidWebhook):
        WebhookVerifier(SPEC_SECRET).verify(BODY, headers)


def test_within_5_minutes_is_accepted() -> None:
    headers = signed(SPEC_SECRET, BODY, at=int(time.time()) - 4 * 60)
    assert WebhookVerifier(SPEC_SECRET).verify(BODY, headers)["type"] == "identity.qualified"


def test_during_a_rotation_either_secret_verifies() -> None:
    # The sender signs with both secrets while rotating; a receiver may hold either one.
    both = signed(OTHER_SECRET, BODY)
    both["webhook-signature"] += " " + signed(SPEC_SECRET, BODY)["webhook-signature"]
    assert WebhookVerifier(SPEC_SECRET).verify(BODY, both)["type"] == "identity.qualified"
    # A receiver that holds the new secret and still the old one accepts a delivery signed by the old.
    assert WebhookVerifier(OTHER_SECRET, SPEC_SECRET).verify(BODY, signed(SPEC_SECRET, BODY))


def test_the_library_agrees_with_the_specification() -> None:
    at = datetime.fromtimestamp(SPEC_TIMESTAMP, UTC)
    assert Webhook(SPEC_SECRET).sign(SPEC_ID, at, SPEC_BODY) == SPEC_SIGNATURE
