"""Idempotency keys on creating POSTs: the first answer is kept and replayed
(IETF draft-ietf-httpapi-idempotency-key-header; ARCHITECTURE.md, API conventions).

Only a creation (201) is kept: answers hold patient data, so other answers to a POST with a key
are not stored (data minimisation, RGPD art. 5.1.c); the key only guards against concurrent reuse.

A key belongs to one client. Reusing it for another request (another body, path, practice or
professional) is an error, not a replay; reusing it while the first request runs is a conflict.
"""

import hashlib
import math
import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

# Printable ASCII without spaces, as a structured-field string would carry it; 255 at most.
_KEY = re.compile(r"^[\x21-\x7E]{1,255}$")


class KeyState(StrEnum):
    IN_FLIGHT = "in_flight"
    COMPLETED = "completed"


class Decision(StrEnum):
    """What to do with a request carrying a key (draft-ietf-httpapi-idempotency-key-header §2.6)."""

    PROCEED = "proceed"
    REPLAY = "replay"
    MISMATCH = "mismatch"
    IN_FLIGHT = "in_flight"


@dataclass(frozen=True)
class StoredKey:
    fingerprint: str
    state: KeyState
    locked_until: datetime
    expires_at: datetime
    # The gateway process running the request while in flight (Settings.instance): a process that
    # starts again releases what its crashed predecessor held instead of making retries wait.
    holder: str = ""


@dataclass(frozen=True)
class StoredAnswer:
    """A creation's answer, replayed for the same key."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes


@dataclass(frozen=True)
class KeyRecord:
    """A claimed key as stored: whose, for which request, until when, and the answer once complete."""

    client_id: str
    key: str
    stored: StoredKey
    answer: StoredAnswer | None = None


@dataclass(frozen=True)
class Claim:
    """The decision on a request's key, with the answer to replay when there is one."""

    decision: Decision
    answer: StoredAnswer | None = None
    # In flight: when the running request's lease ends, at the latest.
    locked_until: datetime | None = None


@dataclass(frozen=True)
class HeldKey:
    """A key a request claimed, with the lease it wrote: settling it touches that claim only, never
    the claim of a retry that took the key over since."""

    key: str
    locked_until: datetime


@dataclass(frozen=True)
class Unsettled:
    """How a claim is to be settled once the database takes it (None: released)."""

    locked_until: datetime
    answer: StoredAnswer | None


class InvalidIdempotencyKey(Exception):
    """An Idempotency-Key header that is not 1 to 255 printable ASCII characters."""


class IdempotencyKeyReused(Exception):
    """The key was used for another request (Decision.MISMATCH)."""


class IdempotencyKeyInFlight(Exception):
    """The first request with this key is still running (Decision.IN_FLIGHT); a retry after
    `retry_after` seconds finds it answered or its lease over."""

    def __init__(self, retry_after: int = 1) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


def retry_after_seconds(locked_until: datetime | None, now: datetime) -> int:
    """Whole seconds until a lease ends, at least 1 (RFC 9110 §10.2.3 Retry-After)."""
    if locked_until is None:
        return 1
    return max(1, math.ceil((locked_until - now).total_seconds()))


def valid_key(key: str) -> bool:
    """A usable Idempotency-Key value: 1 to 255 printable ASCII characters."""
    return bool(_KEY.match(key))


def fingerprint(method: str, target: str, practice_id: str, rpps: str, body: bytes) -> str:
    """What makes two requests "the same request" for one key."""
    digest = hashlib.sha256()
    for part in (method.upper(), target, practice_id, rpps):
        digest.update(part.encode())
        digest.update(b"\x00")
    digest.update(body)
    return digest.hexdigest()


def decide(existing: StoredKey | None, request_fingerprint: str, now: datetime) -> Decision:
    """First use proceeds; an expired record is forgotten; an abandoned in-flight one is taken over."""
    if existing is None or existing.expires_at <= now:
        return Decision.PROCEED
    if existing.fingerprint != request_fingerprint:
        return Decision.MISMATCH
    if existing.state is KeyState.COMPLETED:
        return Decision.REPLAY
    if existing.locked_until > now:
        return Decision.IN_FLIGHT
    return Decision.PROCEED


def storable(status: int) -> bool:
    """Only a creation is remembered: anything else, failures included, may be retried with the key."""
    return status == 201
