"""Idempotency-Key decisions."""

from datetime import UTC, datetime, timedelta

import pytest

from gateway.domain.idempotency import Decision, KeyState, StoredKey, decide, fingerprint, storable, valid_key

NOW = datetime(2025, 6, 1, 12, tzinfo=UTC)
LATER = NOW + timedelta(hours=1)


def stored(
    state: KeyState = KeyState.COMPLETED,
    fp: str = "a",
    locked_until: datetime = NOW,
    expires_at: datetime = LATER,
) -> StoredKey:
    return StoredKey(fp, state, locked_until, expires_at)


@pytest.mark.parametrize(
    ("existing", "expected"),
    [
        (None, Decision.PROCEED),
        (stored(), Decision.REPLAY),
        (stored(fp="b"), Decision.MISMATCH),
        (stored(state=KeyState.IN_FLIGHT, locked_until=LATER), Decision.IN_FLIGHT),
        (stored(state=KeyState.IN_FLIGHT, locked_until=NOW - timedelta(seconds=1)), Decision.PROCEED),
        (stored(fp="b", expires_at=NOW), Decision.PROCEED),
        (stored(state=KeyState.IN_FLIGHT, fp="b", locked_until=LATER), Decision.MISMATCH),
    ],
)
def test_decisions(existing: StoredKey | None, expected: Decision) -> None:
    assert decide(existing, "a", NOW) is expected


def test_the_fingerprint_covers_request_practice_and_professional() -> None:
    base = fingerprint("POST", "/v1/identities", "cab-1", "10000001015", b"{}")
    assert base == fingerprint("post", "/v1/identities", "cab-1", "10000001015", b"{}")
    others = [
        fingerprint("POST", "/v1/identities?x=1", "cab-1", "10000001015", b"{}"),
        fingerprint("POST", "/v1/identities", "cab-2", "10000001015", b"{}"),
        fingerprint("POST", "/v1/identities", "cab-1", "10000001023", b"{}"),
        fingerprint("POST", "/v1/identities", "cab-1", "10000001015", b"{ }"),
    ]
    assert base not in others


def test_keys_and_storable_answers() -> None:
    assert (
        valid_key("5f0c1b3e-8d2a") and not valid_key("") and not valid_key("a b") and not valid_key("x" * 256)
    )
    assert storable(201) and not any(storable(s) for s in (200, 202, 409, 422, 500, 503))
