"""apCV sessions in the database: open after ADRI, close, expire, list (DOMAIN.md §4).

Every state change and its event commit in one transaction (outbox). The expiry sweep claims due
sessions with FOR UPDATE SKIP LOCKED, so with several instances each expiry is emitted once.
"""

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import and_, delete, or_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from dentalink_contracts.events import ReadingMode, SessionCloseReason
from servicekit import CallerContext, Runtime
from servicekit.pagination import paged
from servicekit.telemetry import count_after_commit, meter
from vitale_service.adapters.adri import AdriUnavailable
from vitale_service.domain import (
    AdriRights,
    AmoBeneficiary,
    ApcvPayload,
    ApcvSession,
    SessionExpired,
    SessionStatus,
    SessionUnavailable,
    VitaleError,
    choose_beneficiary,
    nonce_kept_until,
    rights_date,
    rights_refusal,
    verify_apcv_token,
)
from vitale_service.events import publish_closed, publish_opened
from vitale_service.models import ApcvSessionRow, SeenNonce
from vitale_service.problems import (
    adri_problem,
    other_practitioner,
    replayed,
    rights_problem,
    session_not_found,
    vitale_problem,
)
from vitale_service.wiring import Vitale, vitale_of

EXPIRY_BATCH = 100

_opened = meter.create_counter("dentalink_vitale_sessions_opened", description="apCV sessions opened")
_closed = meter.create_counter(
    "dentalink_vitale_sessions_closed", description="apCV sessions ended, by reason (closed, expired)"
)
_refused = meter.create_counter(
    "dentalink_vitale_session_refusals", description="Requests to open an apCV session refused, by reason"
)


class StatusFilter(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    EXPIRED = "expired"


def domain_session(row: ApcvSessionRow) -> ApcvSession:
    return ApcvSession(
        id=row.id,
        practice_id=row.practice_id,
        practitioner_rpps=row.practitioner_rpps,
        beneficiary=AmoBeneficiary.model_validate(row.beneficiary),
        opened_at=row.opened_at,
        expires_at=row.expires_at,
        closed_at=row.closed_at,
    )


def status_of(row: ApcvSessionRow, now: datetime) -> SessionStatus:
    """Stored end states win; an open row past its window is already expired, sweep or not."""
    if row.state != SessionStatus.OPEN:
        return SessionStatus(row.state)
    return domain_session(row).status_at(now)


def _refuse(reason: str, problem: Exception) -> Exception:
    _refused.add(1, {"reason": reason})
    return problem


async def _verified(vitale: Vitale, token: str, chosen_nir: str | None) -> tuple[ApcvPayload, AmoBeneficiary]:
    settings = vitale.settings
    try:
        payload = verify_apcv_token(
            token,
            await vitale.issuer_keys.key_set(),
            issuer=settings.apcv_issuer,
            audience=settings.apcv_audience,
            now=vitale.clock(),
            max_lifetime=vitale.max_lifetime,
            leeway=vitale.leeway,
        )
        return payload, choose_beneficiary(payload, chosen_nir)
    except VitaleError as error:
        raise _refuse(error.code.value, vitale_problem(error)) from None


async def _nonce_spent(db: AsyncSession, payload: ApcvPayload) -> bool:
    found = await db.execute(
        select(SeenNonce.nonce).where(SeenNonce.issuer == payload.issuer, SeenNonce.nonce == payload.nonce)
    )
    return found.first() is not None


async def _spend_nonce(db: AsyncSession, vitale: Vitale, payload: ApcvPayload) -> bool:
    """Record the nonce; False when another request already spent it (the unique key decides)."""
    spent = await db.execute(
        insert(SeenNonce)
        .values(
            issuer=payload.issuer,
            nonce=payload.nonce,
            keep_until=nonce_kept_until(payload.expires_at, vitale.leeway),
        )
        .on_conflict_do_nothing()
        .returning(col(SeenNonce.nonce))
    )
    return spent.first() is not None


async def _adri_rights(vitale: Vitale, beneficiary: AmoBeneficiary) -> AdriRights:
    try:
        result = await vitale.adri.rights(beneficiary)
    except AdriUnavailable as error:
        raise _refuse("adri_unavailable", adri_problem(error)) from None
    refusal = rights_refusal(result, rights_date(vitale.clock()))
    if refusal is not None:
        raise _refuse(refusal.value, rights_problem(refusal))
    assert result.rights is not None  # rights_refusal refuses an unknown beneficiary
    return result.rights


async def open_session(
    db: AsyncSession,
    runtime: Runtime,
    caller: CallerContext,
    *,
    token: str,
    chosen_nir: str | None,
    reading_mode: ReadingMode,
) -> ApcvSessionRow:
    """Verify the payload, check rights with ADRI, spend the nonce, open the session and announce it.

    A refusal at any step opens nothing and leaves the nonce unspent (the transaction rolls back).
    """
    vitale = vitale_of(runtime)
    payload, beneficiary = await _verified(vitale, token, chosen_nir)
    # Refuse a replay before bothering ADRI; the insert below settles concurrent uses.
    if await _nonce_spent(db, payload):
        raise _refuse("replayed", replayed())
    rights = await _adri_rights(vitale, beneficiary)
    if not await _spend_nonce(db, vitale, payload):
        raise _refuse("replayed", replayed())
    opened = ApcvSession.open(
        id=uuid.uuid4(),
        practice_id=caller.practice_id,
        practitioner_rpps=caller.professional.rpps,
        beneficiary=beneficiary,
        now=vitale.clock(),
        duration=vitale.session_duration,
    )
    row = ApcvSessionRow(
        id=opened.id,
        practice_id=opened.practice_id,
        practitioner_rpps=opened.practitioner_rpps,
        patient_key=runtime.patient_key(beneficiary.nir),
        reading_mode=reading_mode.value,
        beneficiary=beneficiary.model_dump(mode="json"),
        rights_status=rights.status.value,
        rights_insurer=rights.insurer,
        rights_start=rights.start,
        rights_end=rights.end,
        state=SessionStatus.OPEN.value,
        opened_at=opened.opened_at,
        expires_at=opened.expires_at,
    )
    db.add(row)
    await db.flush()
    await publish_opened(db, runtime, row)
    count_after_commit(db, _opened, 1, {"reading_mode": reading_mode.value})
    return row


async def find_session(
    db: AsyncSession, practice_id: str, session_id: uuid.UUID, *, for_update: bool = False
) -> ApcvSessionRow:
    """The practice's session; another practice's answers 404 as if it did not exist."""
    query = select(ApcvSessionRow).where(
        ApcvSessionRow.id == session_id, ApcvSessionRow.practice_id == practice_id
    )
    if for_update:
        query = query.with_for_update()
    row: ApcvSessionRow | None = (await db.execute(query)).scalars().first()
    if row is None:
        raise session_not_found()
    return row


async def close_session(
    db: AsyncSession, runtime: Runtime, caller: CallerContext, session_id: uuid.UUID
) -> ApcvSessionRow:
    """Close early (DOMAIN.md §4); closing twice changes nothing, an expired session answers 410."""
    row = await find_session(db, caller.practice_id, session_id, for_update=True)
    if row.practitioner_rpps != caller.professional.rpps:
        raise other_practitioner()
    if row.state == SessionStatus.CLOSED:
        return row
    if row.state == SessionStatus.EXPIRED:
        raise vitale_problem(SessionExpired("the session window is over"))
    try:
        closed = domain_session(row).close(vitale_of(runtime).clock())
    except SessionUnavailable as error:
        raise vitale_problem(error) from None
    assert closed.closed_at is not None
    row.state, row.closed_at = SessionStatus.CLOSED.value, closed.closed_at
    db.add(row)
    await publish_closed(db, runtime, row, SessionCloseReason.CLOSED, closed.closed_at)
    count_after_commit(db, _closed, 1, {"reason": SessionCloseReason.CLOSED.value})
    return row


async def list_sessions(
    db: AsyncSession,
    practice_id: str,
    *,
    status: StatusFilter | None,
    now: datetime,
    limit: int,
    cursor: str | None,
) -> list[ApcvSessionRow]:
    """Up to limit+1 of the practice's sessions in (created_at, id) order, after the cursor."""
    state, expires_at = col(ApcvSessionRow.state), col(ApcvSessionRow.expires_at)
    query = select(ApcvSessionRow).where(ApcvSessionRow.practice_id == practice_id)
    if status is StatusFilter.OPEN:
        query = query.where(state == "open", expires_at > now)
    elif status is StatusFilter.EXPIRED:
        query = query.where(or_(state == "expired", and_(state == "open", expires_at <= now)))
    elif status is StatusFilter.CLOSED:
        query = query.where(state == "closed")
    query = paged(query, col(ApcvSessionRow.created_at), col(ApcvSessionRow.id), cursor, limit)
    rows = await db.execute(query)
    return list(rows.scalars().all())


async def expire_due_sessions(runtime: Runtime, vitale: Vitale) -> int:
    """Record every session whose window ended as expired and emit its ApcvSessionClosed, once.

    Rows are claimed with FOR UPDATE SKIP LOCKED and changed in the transaction that writes the
    outbox row, so two instances sweeping together never emit the same expiry twice.
    """
    total = 0
    while True:
        async with runtime.database.transaction() as db:
            due = (
                select(ApcvSessionRow)
                .where(ApcvSessionRow.state == "open", col(ApcvSessionRow.expires_at) <= vitale.clock())
                .order_by(col(ApcvSessionRow.expires_at))
                .limit(EXPIRY_BATCH)
                .with_for_update(skip_locked=True)
            )
            rows = list((await db.execute(due)).scalars().all())
            for row in rows:
                row.state = SessionStatus.EXPIRED.value
                db.add(row)
                await publish_closed(db, runtime, row, SessionCloseReason.EXPIRED, row.expires_at)
        if rows:
            _closed.add(len(rows), {"reason": SessionCloseReason.EXPIRED.value})
        total += len(rows)
        if len(rows) < EXPIRY_BATCH:
            return total


async def purge_spent_nonces(runtime: Runtime, vitale: Vitale) -> int:
    """Forget nonces whose payloads can no longer verify: they are refused as expired anyway."""
    now = vitale.clock()
    async with runtime.database.transaction() as db:
        result = await db.execute(delete(SeenNonce).where(col(SeenNonce.keep_until) < now))
    return int(getattr(result, "rowcount", 0) or 0)
