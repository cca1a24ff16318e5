"""Rows <-> the gateway's records: vendor clients and the practices they act for, practice rosters,
Idempotency-Key records and the audit trail. Returns None or raises domain errors, never HTTP ones.

`GatewayStore` is what the workflows type against; `SqlGatewayStore(session)` works inside one
transaction (a unit of work); `gateway.testing.InMemoryGatewayStore` stands in for it in unit tests.
"""

import dataclasses
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import delete, exists, insert, literal, select, text, tuple_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from dentalink_contracts.values import Role
from gateway.domain.audit import AuditOutcome, AuditQuery, AuditRecord
from gateway.domain.calls import Standing, known_roles
from gateway.domain.idempotency import KeyRecord, KeyState, StoredAnswer, StoredKey
from gateway.domain.roster import Member, MemberExists
from gateway.models import ApiClient, AuditEvent, ClientPractice, IdempotencyRecord, PracticeMember

_AUDIT_FIELDS = tuple(field.name for field in dataclasses.fields(AuditRecord))
# Written on every traced call: one statement on the table, built once and executed with parameters,
# so its compilation is cached. Core's `insert`: the PostgreSQL dialect's (`ON CONFLICT`) has no
# cache key (sqlalchemy#10445), so `insert(AuditEvent).values()` was compiled on every call.
_ADD_AUDIT_RECORD = insert(AuditEvent.__table__)  # type: ignore[attr-defined]
# Every keyed POST claims its key with this; textual, so compiled once (see _ADD_AUDIT_RECORD).
_INSERT_KEY = text(
    """
    INSERT INTO idempotency_records
        (client_id, idempotency_key, fingerprint, state, locked_until, expires_at, holder, created_at)
    VALUES
        (:client_id, :idempotency_key, :fingerprint, :state, :locked_until, :expires_at, :holder, :created_at)
    ON CONFLICT DO NOTHING
    RETURNING client_id
    """
)
# One statement per batch of outcomes. `status IS NULL`: a row gets its outcome once (the table's
# trigger refuses a second), so a repeated outcome is skipped instead of failing its whole batch.
_COMPLETE_AUDIT_RECORDS = text(
    """
    UPDATE audit_events AS a
    SET status = o.status, outcome = o.outcome, completed_at = o.completed_at,
        resource_id = COALESCE(a.resource_id, o.resource_id)
    FROM unnest(
        CAST(:ids AS uuid[]), CAST(:statuses AS integer[]), CAST(:outcomes AS text[]),
        CAST(:completed AS timestamptz[]), CAST(:resources AS text[])
    ) AS o(id, status, outcome, completed_at, resource_id)
    WHERE a.id = o.id AND a.status IS NULL
    """
)


@dataclass(frozen=True)
class RegisteredClient:
    """A vendor's software registered for OAuth2 client credentials (RFC 6749 §2.3.1)."""

    client_id: str
    secret_hash: str
    scopes: tuple[str, ...]
    disabled: bool


class GatewayStore(Protocol):
    # Vendor clients and who they act for.
    async def client(self, client_id: str) -> RegisteredClient | None: ...

    async def standing(self, client_id: str, practice_id: str | None, rpps: str | None) -> Standing | None:
        """None when no such client; a missing practice or professional registers and holds nothing."""
        ...

    # Practice rosters.
    async def members(
        self, practice_id: str, *, after: tuple[datetime, str] | None, limit: int
    ) -> list[Member]:
        """Up to `limit` members ordered by (created_at, rpps), after the given one."""
        ...

    async def member(self, practice_id: str, rpps: str, *, for_update: bool = False) -> Member | None: ...

    async def add_member(self, member: Member) -> None:
        """MemberExists when the professional is already on the roster."""
        ...

    async def update_member(self, member: Member) -> None: ...

    async def remove_member(self, practice_id: str, rpps: str) -> None: ...

    async def admins(self, practice_id: str) -> set[str]:
        """RPPS of the practice's admins, locked until the transaction ends."""
        ...

    # The audit trail.
    async def add_audit_record(self, record: AuditRecord) -> None: ...

    async def complete_audit_records(self, outcomes: Sequence[AuditOutcome]) -> None:
        """Record each outcome on its row, once: a row that has one already is left as it is, and a
        `resource_id` is set only where none was recorded yet."""
        ...

    async def audit_records(
        self, practice_id: str, query: AuditQuery, *, after: tuple[datetime, uuid.UUID] | None, limit: int
    ) -> list[AuditRecord]:
        """Up to `limit` records ordered by (created_at, id), after the given one."""
        ...

    # Idempotency keys.
    async def insert_key(self, record: KeyRecord, created_at: datetime) -> bool:
        """Store a new key; False (and nothing written) when the client already has it."""
        ...

    async def locked_key(self, client_id: str, key: str) -> KeyRecord:
        """An existing key, locked until the transaction ends."""
        ...

    async def retake_key(self, client_id: str, key: str, stored: StoredKey) -> None:
        """Give the key to a new request: its state replaced, any stored answer forgotten."""
        ...

    async def keep_answer(
        self, client_id: str, key: str, locked_until: datetime, answer: StoredAnswer
    ) -> None:
        """Complete a key still in flight under that lease with the answer to replay."""
        ...

    async def release_key(self, client_id: str, key: str, locked_until: datetime) -> None:
        """Forget a key still in flight under that lease."""
        ...

    async def release_keys_held_by(self, holder: str) -> int:
        """Forget every key still in flight under this gateway process name; how many."""
        ...

    async def purge_keys(self, expired_before: datetime) -> None: ...


def _member(row: PracticeMember) -> Member:
    return Member(
        practice_id=row.practice_id,
        rpps=row.rpps,
        roles=tuple(row.roles),
        created_at=row.created_at,
        updated_at=row.updated_at,
        updated_by=row.updated_by,
    )


def _audit_record(row: AuditEvent) -> AuditRecord:
    return AuditRecord(**{name: getattr(row, name) for name in _AUDIT_FIELDS})


class SqlGatewayStore:
    """The gateway's tables, through one session (one transaction)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def client(self, client_id: str) -> RegisteredClient | None:
        row = await self.session.get(ApiClient, client_id)
        if row is None:
            return None
        return RegisteredClient(
            row.client_id, row.secret_hash, tuple(row.scopes), row.disabled_at is not None
        )

    async def standing(self, client_id: str, practice_id: str | None, rpps: str | None) -> Standing | None:
        registered = exists().where(
            col(ClientPractice.client_id) == col(ApiClient.client_id),
            col(ClientPractice.practice_id) == (practice_id or ""),
        )
        roles = (
            select(col(PracticeMember.roles))
            .where(
                col(PracticeMember.practice_id) == (practice_id or ""),
                col(PracticeMember.rpps) == (rpps or ""),
            )
            .scalar_subquery()
        )
        row = (
            await self.session.execute(
                select(col(ApiClient.disabled_at), col(ApiClient.rate_limit), registered, roles).where(
                    col(ApiClient.client_id) == client_id
                )
            )
        ).first()
        if row is None:
            return None
        disabled_at, rate_limit, is_registered, held = row
        return Standing(disabled_at is not None, rate_limit, bool(is_registered), known_roles(held))

    async def members(
        self, practice_id: str, *, after: tuple[datetime, str] | None, limit: int
    ) -> list[Member]:
        created_at, rpps = col(PracticeMember.created_at), col(PracticeMember.rpps)
        conditions = [col(PracticeMember.practice_id) == practice_id]
        if after is not None:
            after_at, after_rpps = after
            conditions.append(tuple_(created_at, rpps) > tuple_(literal(after_at), literal(after_rpps)))
        rows = (
            await self.session.execute(
                select(PracticeMember).where(*conditions).order_by(created_at, rpps).limit(limit)
            )
        ).scalars()
        return [_member(row) for row in rows]

    async def member(self, practice_id: str, rpps: str, *, for_update: bool = False) -> Member | None:
        row = await self.session.get(PracticeMember, (practice_id, rpps), with_for_update=for_update)
        return None if row is None else _member(row)

    async def add_member(self, member: Member) -> None:
        self.session.add(
            PracticeMember(
                practice_id=member.practice_id,
                rpps=member.rpps,
                roles=list(member.roles),
                created_at=member.created_at,
                updated_at=member.updated_at,
                updated_by=member.updated_by,
            )
        )
        try:
            await self.session.flush()
        except IntegrityError:
            raise MemberExists() from None

    async def update_member(self, member: Member) -> None:
        await self.session.execute(
            update(PracticeMember)
            .where(
                col(PracticeMember.practice_id) == member.practice_id,
                col(PracticeMember.rpps) == member.rpps,
            )
            .values(roles=list(member.roles), updated_at=member.updated_at, updated_by=member.updated_by)
        )

    async def remove_member(self, practice_id: str, rpps: str) -> None:
        await self.session.execute(
            delete(PracticeMember).where(
                col(PracticeMember.practice_id) == practice_id, col(PracticeMember.rpps) == rpps
            )
        )

    async def admins(self, practice_id: str) -> set[str]:
        rows = (
            await self.session.execute(
                select(col(PracticeMember.rpps))
                .where(
                    col(PracticeMember.practice_id) == practice_id,
                    col(PracticeMember.roles).contains([Role.PRACTICE_ADMIN.value]),
                )
                .with_for_update()
            )
        ).scalars()
        return set(rows)

    async def add_audit_record(self, record: AuditRecord) -> None:
        await self.session.execute(_ADD_AUDIT_RECORD, {name: getattr(record, name) for name in _AUDIT_FIELDS})

    async def complete_audit_records(self, outcomes: Sequence[AuditOutcome]) -> None:
        if not outcomes:
            return
        await self.session.execute(
            _COMPLETE_AUDIT_RECORDS,
            {
                "ids": [o.record_id for o in outcomes],
                "statuses": [o.status for o in outcomes],
                "outcomes": [o.outcome for o in outcomes],
                "completed": [o.completed_at for o in outcomes],
                "resources": [o.resource_id for o in outcomes],
            },
        )

    async def audit_records(
        self, practice_id: str, query: AuditQuery, *, after: tuple[datetime, uuid.UUID] | None, limit: int
    ) -> list[AuditRecord]:
        created_at, event_id = col(AuditEvent.created_at), col(AuditEvent.id)
        conditions = [col(AuditEvent.practice_id) == practice_id]
        filters: list[tuple[Any, object]] = [
            (col(AuditEvent.patient_ins), query.patient_ins),
            (col(AuditEvent.resource), query.resource),
            (col(AuditEvent.resource_id), query.resource_id),
            (col(AuditEvent.rpps), query.rpps),
            (col(AuditEvent.client_id), query.client_id),
            (col(AuditEvent.outcome), query.outcome),
            (col(AuditEvent.status), query.status),
        ]
        conditions += [column == value for column, value in filters if value is not None]
        since = query.since
        if after is not None and since is not None:
            # One lower bound, the stricter: given both, the index scan starts from the cursor and
            # reads every entry up to `since` (a row comparison and a column bound are not weighed).
            since, after = (None, after) if after[0] >= since else (since, None)
        if since is not None:
            conditions.append(created_at >= since)
        if query.until is not None:
            conditions.append(created_at < query.until)
        if after is not None:
            after_at, after_id = after
            conditions.append(tuple_(created_at, event_id) > tuple_(literal(after_at), literal(after_id)))
        statement = select(AuditEvent).where(*conditions).order_by(created_at, event_id).limit(limit)
        return [_audit_record(row) for row in (await self.session.execute(statement)).scalars()]

    async def insert_key(self, record: KeyRecord, created_at: datetime) -> bool:
        stored = record.stored
        inserted = await self.session.execute(
            _INSERT_KEY,
            {
                "client_id": record.client_id,
                "idempotency_key": record.key,
                "fingerprint": stored.fingerprint,
                "state": stored.state.value,
                "locked_until": stored.locked_until,
                "expires_at": stored.expires_at,
                "holder": stored.holder,
                "created_at": created_at,
            },
        )
        return inserted.first() is not None

    async def locked_key(self, client_id: str, key: str) -> KeyRecord:
        r = IdempotencyRecord
        row = (
            await self.session.execute(
                select(r)
                .where(col(r.client_id) == client_id, col(r.idempotency_key) == key)
                .with_for_update()
            )
        ).scalar_one()
        stored = StoredKey(
            row.fingerprint, KeyState(row.state), row.locked_until, row.expires_at, row.holder or ""
        )
        answer = None
        if row.status_code is not None:
            headers = [(name, value) for name, value in row.response_headers or []]
            answer = StoredAnswer(row.status_code, headers, row.response_body or b"")
        return KeyRecord(client_id, key, stored, answer)

    async def retake_key(self, client_id: str, key: str, stored: StoredKey) -> None:
        r = IdempotencyRecord
        await self.session.execute(
            update(r)
            .where(col(r.client_id) == client_id, col(r.idempotency_key) == key)
            .values(
                fingerprint=stored.fingerprint,
                state=stored.state.value,
                locked_until=stored.locked_until,
                expires_at=stored.expires_at,
                holder=stored.holder,
                status_code=None,
                response_headers=None,
                response_body=None,
            )
        )

    def _in_flight(self, client_id: str, key: str, locked_until: datetime) -> tuple[Any, ...]:
        r = IdempotencyRecord
        return (
            col(r.client_id) == client_id,
            col(r.idempotency_key) == key,
            col(r.state) == KeyState.IN_FLIGHT.value,
            col(r.locked_until) == locked_until,
        )

    async def keep_answer(
        self, client_id: str, key: str, locked_until: datetime, answer: StoredAnswer
    ) -> None:
        await self.session.execute(
            update(IdempotencyRecord)
            .where(*self._in_flight(client_id, key, locked_until))
            .values(
                state=KeyState.COMPLETED.value,
                status_code=answer.status,
                response_headers=[list(pair) for pair in answer.headers],
                response_body=answer.body,
            )
        )

    async def release_key(self, client_id: str, key: str, locked_until: datetime) -> None:
        await self.session.execute(
            delete(IdempotencyRecord).where(*self._in_flight(client_id, key, locked_until))
        )

    async def release_keys_held_by(self, holder: str) -> int:
        r = IdempotencyRecord
        released = await self.session.execute(
            delete(r)
            .where(col(r.holder) == holder, col(r.state) == KeyState.IN_FLIGHT.value)
            .returning(col(r.idempotency_key))
        )
        return len(released.all())

    async def purge_keys(self, expired_before: datetime) -> None:
        await self.session.execute(
            delete(IdempotencyRecord).where(col(IdempotencyRecord.expires_at) < expired_before)
        )
