"""Storage of Idempotency-Key records (decisions in gateway.domain.idempotency).

A key is claimed in the same transaction that traces the call, committed before the upstream is
called, so a concurrent request with the same key sees it in flight (409). A creation (201) is
stored once complete, for `idempotency_ttl_hours` (1 h by default); any other answer releases the
key, so nothing else a POST answers (patient data) is kept.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from gateway.domain.idempotency import Decision, KeyState, StoredKey, decide, storable
from gateway.models import IdempotencyRecord
from gateway.wiring import Gateway

REPLAYED_HEADER = "Idempotent-Replayed"


@dataclass(frozen=True)
class StoredAnswer:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


@dataclass(frozen=True)
class Claim:
    decision: Decision
    answer: StoredAnswer | None = None


async def claim(
    session: AsyncSession,
    *,
    client_id: str,
    key: str,
    fingerprint: str,
    now: datetime,
    lease: timedelta,
    ttl: timedelta,
) -> Claim:
    """Take the key for this request, or say why not (replay, mismatch, in flight)."""
    r = IdempotencyRecord
    inserted = await session.execute(
        insert(r)
        .values(
            client_id=client_id,
            idempotency_key=key,
            fingerprint=fingerprint,
            state=KeyState.IN_FLIGHT.value,
            locked_until=now + lease,
            expires_at=now + ttl,
            created_at=now,
        )
        .on_conflict_do_nothing()
        .returning(col(r.client_id))
    )
    if inserted.first() is not None:
        return Claim(Decision.PROCEED)
    record = (
        await session.execute(
            select(r).where(col(r.client_id) == client_id, col(r.idempotency_key) == key).with_for_update()
        )
    ).scalar_one()
    stored = StoredKey(record.fingerprint, KeyState(record.state), record.locked_until, record.expires_at)
    decision = decide(stored, fingerprint, now)
    if decision is Decision.PROCEED:
        record.fingerprint, record.state = fingerprint, KeyState.IN_FLIGHT.value
        record.locked_until, record.expires_at = now + lease, now + ttl
        record.status_code = record.response_headers = record.response_body = None
    if decision is Decision.REPLAY:
        assert record.status_code is not None
        headers = [(name, value) for name, value in record.response_headers or []]
        return Claim(decision, StoredAnswer(record.status_code, headers, record.response_body or b""))
    return Claim(decision)


async def finish(
    gateway: Gateway,
    *,
    client_id: str,
    key: str,
    status: int,
    headers: list[tuple[str, str]],
    body: bytes | None,
) -> None:
    """Store the answer (or release the key when there is nothing worth replaying)."""
    r = IdempotencyRecord
    where = (
        col(r.client_id) == client_id,
        col(r.idempotency_key) == key,
        col(r.state) == KeyState.IN_FLIGHT.value,
    )
    async with gateway.database.transaction() as session:
        if body is None or not storable(status):
            await session.execute(delete(r).where(*where))
            return
        await session.execute(
            update(r)
            .where(*where)
            .values(
                state=KeyState.COMPLETED.value,
                status_code=status,
                response_headers=[list(pair) for pair in headers],
                response_body=body,
            )
        )


async def purge_expired(gateway: Gateway) -> None:
    r = IdempotencyRecord
    async with gateway.database.transaction() as session:
        await session.execute(delete(r).where(col(r.expires_at) < gateway.clock()))
