"""What vitale does, one function per command or job: open, read, list and close apCV sessions, expire
them when their window ends, forget spent nonces, and mint sandbox payloads (DOMAIN.md §4).

Every state change and its event commit in one unit of work (outbox): a refusal at any step changes
nothing and announces nothing.
"""

import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from dentalink_contracts.events import (
    ApcvBeneficiary,
    ApcvSessionClosed,
    ApcvSessionOpened,
    ReadingMode,
    SessionCloseReason,
)
from dentalink_contracts.sealing import FieldKeyRing
from servicekit import CallerContext
from servicekit.telemetry import meter
from vitale_service.adapters.adri import AdriUnavailable
from vitale_service.context import VitaleContext
from vitale_service.domain import (
    AdriRights,
    AmoBeneficiary,
    ApcvPayload,
    ApcvSession,
    OtherPractitioner,
    PayloadReplayed,
    RightsRefused,
    SandboxDisabled,
    SessionExpired,
    SessionNotFound,
    SessionRecord,
    SessionStatus,
    UnknownSandboxPatient,
    VitaleError,
    choose_beneficiary,
    nonce_kept_until,
    rights_date,
    rights_refusal,
    sandbox_patient,
    verify_apcv_token,
)

EXPIRY_BATCH = 100

SESSIONS_OPENED = meter.create_counter("dentalink_vitale_sessions_opened", description="apCV sessions opened")
SESSIONS_CLOSED = meter.create_counter(
    "dentalink_vitale_sessions_closed", description="apCV sessions ended, by reason (closed, expired)"
)
OPENINGS_REFUSED = meter.create_counter(
    "dentalink_vitale_session_refusals", description="Requests to open an apCV session refused, by reason"
)


def _refuse(reason: str, error: Exception) -> Exception:
    """Count a refused opening; counted at once, since a refusal commits nothing."""
    OPENINGS_REFUSED.add(1, {"reason": reason})
    return error


# --- events -------------------------------------------------------------------------------------


def event_beneficiary(beneficiary: AmoBeneficiary) -> ApcvBeneficiary:
    """The chosen beneficiary as the contract carries it (DOMAIN.md §4: AMO data of the app)."""
    return ApcvBeneficiary.model_validate(beneficiary.model_dump(mode="json"))


def opened_event(record: SessionRecord, keys: FieldKeyRing) -> ApcvSessionOpened:
    """The opening as announced: the beneficiary (NIRs, names, birth data) sealed under `keys`."""
    session = record.session
    return ApcvSessionOpened(
        session_id=session.id,
        practice_id=session.practice_id,
        practitioner_rpps=session.practitioner_rpps,
        patient_key=record.patient_key,
        beneficiary=keys.seal(event_beneficiary(session.beneficiary), ApcvSessionOpened, "beneficiary"),
        opened_at=session.opened_at,
        expires_at=session.expires_at,
    )


def closed_event(record: SessionRecord, reason: SessionCloseReason, at: datetime) -> ApcvSessionClosed:
    return ApcvSessionClosed(
        session_id=record.id,
        practice_id=record.session.practice_id,
        patient_key=record.patient_key,
        reason=reason,
        closed_at=at,
    )


# --- opening ------------------------------------------------------------------------------------


async def _verified(
    context: VitaleContext, token: str, chosen_nir: str | None
) -> tuple[ApcvPayload, AmoBeneficiary]:
    settings = context.settings
    try:
        payload = verify_apcv_token(
            token,
            await context.issuer_keys.key_set(),
            issuer=settings.apcv_issuer,
            audience=settings.apcv_audience,
            now=context.clock(),
            max_lifetime=context.max_lifetime,
            leeway=context.leeway,
        )
        return payload, choose_beneficiary(payload, chosen_nir)
    except VitaleError as error:
        raise _refuse(error.code.value, error) from None


async def _adri_rights(context: VitaleContext, beneficiary: AmoBeneficiary) -> AdriRights:
    try:
        result = await context.adri.rights(beneficiary)
    except AdriUnavailable as error:
        raise _refuse("adri_unavailable", error) from None
    refusal = rights_refusal(result, rights_date(context.clock()))
    if refusal is not None:
        raise _refuse(refusal.value, RightsRefused(refusal))
    assert result.rights is not None  # rights_refusal refuses an unknown beneficiary
    return result.rights


async def open_session(
    context: VitaleContext,
    caller: CallerContext,
    *,
    token: str,
    chosen_nir: str | None,
    reading_mode: ReadingMode,
) -> SessionRecord:
    """Verify the payload, check rights with ADRI, spend the nonce, open the session and announce it.

    A refusal at any step opens nothing and leaves the nonce unspent (the unit rolls back).
    """
    async with context.units_of_work() as uow:
        payload, beneficiary = await _verified(context, token, chosen_nir)
        # Refuse a replay before bothering ADRI; spending the nonce below settles concurrent uses.
        if await uow.store.nonce_spent(payload.issuer, payload.nonce):
            raise _refuse("replayed", PayloadReplayed())
        rights = await _adri_rights(context, beneficiary)
        kept_until = nonce_kept_until(payload.expires_at, context.leeway)
        if not await uow.store.spend_nonce(payload.issuer, payload.nonce, kept_until):
            raise _refuse("replayed", PayloadReplayed())
        record = SessionRecord(
            session=ApcvSession.open(
                id=uuid.uuid4(),
                practice_id=caller.practice_id,
                practitioner_rpps=caller.professional.rpps,
                beneficiary=beneficiary,
                now=context.clock(),
                duration=context.session_duration,
            ),
            patient_key=context.patient_key(beneficiary.nir),
            reading_mode=reading_mode,
            rights=rights,
        )
        await uow.store.add(record)
        await uow.outbox.publish(
            opened_event(record, context.settings.field_key_ring()), key=record.patient_key
        )
        uow.outbox.count(SESSIONS_OPENED, 1, {"reading_mode": reading_mode.value})
    return record


# --- reading and closing ------------------------------------------------------------------------


async def find_session(context: VitaleContext, practice_id: str, session_id: uuid.UUID) -> SessionRecord:
    """The practice's session; another practice's is not found, as if it did not exist. A read of one
    statement: no transaction around it (`context.statements()`)."""
    async with context.statements()() as uow:
        record = await uow.store.find(practice_id, session_id)
    if record is None:
        raise SessionNotFound()
    return record


async def list_sessions(
    context: VitaleContext,
    practice_id: str,
    *,
    status: SessionStatus | None,
    now: datetime,
    limit: int,
    after: tuple[datetime, uuid.UUID] | None,
) -> list[SessionRecord]:
    """Up to limit+1 of the practice's sessions in (created_at, id) order after `after`, whose status
    at `now` is `status` (any when None). One statement, no transaction around it."""
    async with context.statements()() as uow:
        return await uow.store.list_sessions(practice_id, status=status, now=now, limit=limit, after=after)


async def close_session(
    context: VitaleContext, caller: CallerContext, session_id: uuid.UUID
) -> SessionRecord:
    """Close early (DOMAIN.md §4); closing twice changes nothing, an expired session is refused."""
    async with context.units_of_work() as uow:
        record = await uow.store.find(caller.practice_id, session_id, for_update=True)
        if record is None:
            raise SessionNotFound()
        if record.session.practitioner_rpps != caller.professional.rpps:
            raise OtherPractitioner()
        if record.state is SessionStatus.CLOSED:
            return record
        if record.state is SessionStatus.EXPIRED:
            raise SessionExpired("the session window is over")
        session = record.session.close(context.clock())  # SessionExpired once the window is over
        assert session.closed_at is not None
        closed = replace(record, session=session, state=SessionStatus.CLOSED)
        await uow.store.save(closed)
        reason = SessionCloseReason.CLOSED
        await uow.outbox.publish(closed_event(closed, reason, session.closed_at), key=closed.patient_key)
        uow.outbox.count(SESSIONS_CLOSED, 1, {"reason": reason.value})
    return closed


# --- jobs ---------------------------------------------------------------------------------------


async def expire_due_sessions(context: VitaleContext) -> int:
    """Record every session whose window ended as expired and announce its ApcvSessionClosed, once.

    Sessions are claimed (SKIP LOCKED) and changed in the unit that queues their events, batch by
    batch, so two instances sweeping together never announce the same expiry twice.
    """
    total = 0
    reason = SessionCloseReason.EXPIRED
    while True:
        async with context.units_of_work() as uow:
            due = await uow.store.claim_due(context.clock(), EXPIRY_BATCH)
            for record in due:
                expired = replace(record, state=SessionStatus.EXPIRED)
                await uow.store.save(expired)
                event = closed_event(expired, reason, record.session.expires_at)
                await uow.outbox.publish(event, key=expired.patient_key)
            if due:
                uow.outbox.count(SESSIONS_CLOSED, len(due), {"reason": reason.value})
        total += len(due)
        if len(due) < EXPIRY_BATCH:
            return total


async def purge_spent_nonces(context: VitaleContext) -> int:
    """Forget nonces whose payloads can no longer verify: they are refused as expired anyway."""
    now = context.clock()
    async with context.units_of_work() as uow:
        return await uow.store.purge_nonces(now)


# --- sandbox ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MintedApcv:
    """A single-use payload the sandbox issuer signed for a sandbox patient's app."""

    patient: str
    token: str
    kid: str
    expires_at: datetime


def mint_sandbox_payload(context: VitaleContext, label: str, lifetime_seconds: int | None) -> MintedApcv:
    """Sign the sandbox patient's app content with the sandbox issuer's current key, as the app would."""
    issuer = context.sandbox_issuer
    if issuer is None:
        raise SandboxDisabled()
    try:
        patient = sandbox_patient(label)
    except KeyError:
        raise UnknownSandboxPatient() from None
    seconds = lifetime_seconds or context.settings.sandbox_payload_lifetime_seconds
    now = context.clock()
    token, _ = issuer.mint(
        patient, audience=context.settings.apcv_audience, now=now, lifetime=timedelta(seconds=seconds)
    )
    return MintedApcv(
        patient=patient.label,
        token=token,
        kid=issuer.current_kid,
        expires_at=datetime.fromtimestamp(int(now.timestamp()) + seconds, now.tzinfo),
    )


def sandbox_jwks(context: VitaleContext) -> dict[str, Any]:
    """The sandbox issuer's published public keys (JWKS), current key first."""
    if context.sandbox_issuer is None:
        raise SandboxDisabled()
    return context.sandbox_issuer.jwks()
