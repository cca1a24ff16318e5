"""apCV sessions and spent nonces in PostgreSQL: rows <-> SessionRecord (DOMAIN.md §4).

The expiry sweep claims due sessions with FOR UPDATE SKIP LOCKED, so with several instances each
expiry is claimed, and announced, once. The unique key of a spent nonce settles concurrent uses.
"""

import uuid
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Executable, and_, bindparam, delete, literal, or_, tuple_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from dentalink_contracts.events import ReadingMode
from vitale_service.domain import (
    AdriRights,
    AmoBeneficiary,
    ApcvSession,
    RightsStatus,
    SessionRecord,
    SessionStatus,
)
from vitale_service.models import ApcvSessionRow, SeenNonce


class VitaleStore(Protocol):
    """What the workflows read and write, in the unit of work they run in."""

    async def nonce_spent(self, issuer: str, nonce: str) -> bool:
        """Whether a session was already opened with this payload nonce."""
        ...

    async def spend_nonce(self, issuer: str, nonce: str, keep_until: datetime) -> bool:
        """Record the nonce as spent; False when another unit already spent it."""
        ...

    async def purge_nonces(self, before: datetime) -> int:
        """Forget the nonces kept until before `before`; how many were forgotten."""
        ...

    async def add(self, record: SessionRecord) -> None:
        """Store a newly opened session."""
        ...

    async def find(
        self, practice_id: str, session_id: uuid.UUID, *, for_update: bool = False
    ) -> SessionRecord | None:
        """The practice's session (locked for the unit when `for_update`); None for another practice's."""
        ...

    async def save(self, record: SessionRecord) -> None:
        """Record the session's state and closing instant."""
        ...

    async def claim_due(self, now: datetime, limit: int) -> list[SessionRecord]:
        """Up to `limit` sessions still recorded open whose window ended by `now`, earliest first,
        claimed for this unit (another unit claiming at the same time gets others)."""
        ...

    async def list_sessions(
        self,
        practice_id: str,
        *,
        status: SessionStatus | None,
        now: datetime,
        limit: int,
        after: tuple[datetime, uuid.UUID] | None,
    ) -> list[SessionRecord]:
        """Up to limit+1 of the practice's sessions in (created_at, id) order, after `after`, whose
        status at `now` is `status` (any when None)."""
        ...


def record_of(row: ApcvSessionRow) -> SessionRecord:
    """The session a row stores."""
    return SessionRecord(
        session=ApcvSession(
            id=row.id,
            practice_id=row.practice_id,
            practitioner_rpps=row.practitioner_rpps,
            beneficiary=AmoBeneficiary.model_validate(row.beneficiary),
            opened_at=row.opened_at,
            expires_at=row.expires_at,
            closed_at=row.closed_at,
        ),
        patient_key=row.patient_key,
        reading_mode=ReadingMode(row.reading_mode),
        rights=AdriRights(
            status=RightsStatus(row.rights_status),
            insurer=row.rights_insurer,
            start=row.rights_start,
            end=row.rights_end,
        ),
        state=SessionStatus(row.state),
        created_at=row.created_at,
    )


def row_of(record: SessionRecord) -> ApcvSessionRow:
    """A new row for a session (created_at is the database's)."""
    session = record.session
    return ApcvSessionRow(
        id=session.id,
        practice_id=session.practice_id,
        practitioner_rpps=session.practitioner_rpps,
        patient_key=record.patient_key,
        reading_mode=record.reading_mode.value,
        beneficiary=session.beneficiary.model_dump(mode="json"),
        rights_status=record.rights.status.value,
        rights_insurer=record.rights.insurer,
        rights_start=record.rights.start,
        rights_end=record.rights.end,
        state=record.state.value,
        opened_at=session.opened_at,
        expires_at=session.expires_at,
        closed_at=session.closed_at,
    )


# `find` without a lock: built once, so neither the statement nor its cache key is made per request.
_SESSION_BY_ID = select(ApcvSessionRow).where(
    col(ApcvSessionRow.id) == bindparam("id"), col(ApcvSessionRow.practice_id) == bindparam("practice_id")
)


async def _read(
    session: AsyncSession, query: Executable, parameters: dict[str, Any] | None = None
) -> list[SessionRecord]:
    """Sessions read as plain rows (Core), not loaded as ORM entities: on a read the ORM's identity
    map, state tracking and per-row loading cost more CPU than the query's round trip."""
    connection = await session.connection()
    result = await connection.execute(query, parameters)
    return [record_of(ApcvSessionRow.model_construct(**row)) for row in result.mappings()]


class SqlVitaleStore:
    """VitaleStore over one SQLAlchemy session (one transaction)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def nonce_spent(self, issuer: str, nonce: str) -> bool:
        found = await self.session.execute(
            select(SeenNonce.nonce).where(col(SeenNonce.issuer) == issuer, col(SeenNonce.nonce) == nonce)
        )
        return found.first() is not None

    async def spend_nonce(self, issuer: str, nonce: str, keep_until: datetime) -> bool:
        spent = await self.session.execute(
            insert(SeenNonce)
            .values(issuer=issuer, nonce=nonce, keep_until=keep_until)
            .on_conflict_do_nothing()
            .returning(col(SeenNonce.nonce))
        )
        return spent.first() is not None

    async def purge_nonces(self, before: datetime) -> int:
        result = await self.session.execute(delete(SeenNonce).where(col(SeenNonce.keep_until) < before))
        return int(getattr(result, "rowcount", 0) or 0)

    async def add(self, record: SessionRecord) -> None:
        self.session.add(row_of(record))
        await self.session.flush()

    async def find(
        self, practice_id: str, session_id: uuid.UUID, *, for_update: bool = False
    ) -> SessionRecord | None:
        if not for_update:
            found = await _read(self.session, _SESSION_BY_ID, {"id": session_id, "practice_id": practice_id})
            return found[0] if found else None
        query = select(ApcvSessionRow).where(
            col(ApcvSessionRow.id) == session_id, col(ApcvSessionRow.practice_id) == practice_id
        )
        row = (await self.session.execute(query.with_for_update())).scalars().first()
        return None if row is None else record_of(row)

    async def save(self, record: SessionRecord) -> None:
        # The row is in the session already when the unit found or claimed it: no second read.
        row = await self.session.get(ApcvSessionRow, record.id)
        if row is None:
            raise LookupError("saving a session that was never stored")
        row.state, row.closed_at = record.state.value, record.session.closed_at
        self.session.add(row)

    async def claim_due(self, now: datetime, limit: int) -> list[SessionRecord]:
        due = (
            select(ApcvSessionRow)
            .where(
                col(ApcvSessionRow.state) == SessionStatus.OPEN.value, col(ApcvSessionRow.expires_at) <= now
            )
            .order_by(col(ApcvSessionRow.expires_at))
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return [record_of(row) for row in (await self.session.execute(due)).scalars().all()]

    async def list_sessions(
        self,
        practice_id: str,
        *,
        status: SessionStatus | None,
        now: datetime,
        limit: int,
        after: tuple[datetime, uuid.UUID] | None,
    ) -> list[SessionRecord]:
        state, expires_at = col(ApcvSessionRow.state), col(ApcvSessionRow.expires_at)
        created_at, row_id = col(ApcvSessionRow.created_at), col(ApcvSessionRow.id)
        query = select(ApcvSessionRow).where(col(ApcvSessionRow.practice_id) == practice_id)
        if status is SessionStatus.OPEN:
            query = query.where(state == "open", expires_at > now)
        elif status is SessionStatus.EXPIRED:
            query = query.where(or_(state == "expired", and_(state == "open", expires_at <= now)))
        elif status is SessionStatus.CLOSED:
            query = query.where(state == "closed")
        if after is not None:
            query = query.where(tuple_(created_at, row_id) > tuple_(literal(after[0]), literal(after[1])))
        return await _read(self.session, query.order_by(created_at, row_id).limit(limit + 1))
