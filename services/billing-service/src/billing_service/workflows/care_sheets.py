"""Electronic care sheets (FSE) inside an open apCV session (DOMAIN.md §4).

A sheet is made for the session's beneficiary while the session is open (30 minutes from opening,
as vitale-service's `expires_at` says, and not closed), edited as a draft, signed by the session's
practitioner, then immutable. A correction is a new sheet that cancels and replaces a signed one.
Each command runs in one unit of work: its change commits before the workflow returns.
"""

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from uuid import UUID, uuid4

from billing_service.context import BillingContext
from billing_service.domain import (
    PARIS,
    ApcvSession,
    ApcvSessionNotFoundError,
    CareSheet,
    CareSheetNotEditableError,
    CareSheetNotFoundError,
    CareSheetNotSignedError,
    CareSheetStateError,
    CareSheetStatus,
    FiledCareSheet,
    NotSessionPractitionerError,
    OtherBeneficiaryError,
    RequestedLine,
    TariffVersion,
    add_line,
    can_create_care_sheet,
    cancel_and_replace,
    draft_care_sheet,
    price_lines,
)
from billing_service.domain import sign_care_sheet as signed_draft
from billing_service.metrics import care_sheet_euros, care_sheets_signed
from billing_service.store import BillingStore, PageAfter


def _today(now: datetime) -> date:
    """The day of an act without a date: today, in Paris."""
    return now.astimezone(PARIS).date()


async def _session_of(store: BillingStore, session_id: UUID, practice_id: str) -> ApcvSession:
    """The practice's projected apCV session; another practice's is as unknown as a missing one."""
    session = await store.apcv_session(session_id)
    if session is None or session.practice_id != practice_id:
        raise ApcvSessionNotFoundError(session_id)
    return session


async def _sheet_of(
    store: BillingStore, sheet_id: UUID, practice_id: str, *, for_update: bool = False
) -> FiledCareSheet:
    """The practice's care sheet; another practice's is as unknown as a missing one."""
    filed = await store.care_sheet(sheet_id, for_update=for_update)
    if filed is None or filed.practice_id != practice_id:
        raise CareSheetNotFoundError("no such care sheet")
    return filed


def _filed(sheet: CareSheet, session: ApcvSession, created_by_rpps: str) -> FiledCareSheet:
    """A new draft as billing keeps it: the beneficiary is the session's, frozen on the sheet."""
    assert session.practitioner_rpps is not None and session.beneficiary is not None
    return FiledCareSheet(
        sheet=sheet,
        practice_id=session.practice_id,
        practitioner_rpps=session.practitioner_rpps,
        patient_key=session.patient_key,
        beneficiary=session.beneficiary,
        created_by_rpps=created_by_rpps,
    )


def care_acts(context: BillingContext, on: date | None) -> list[TariffVersion]:
    """Dental acts a care sheet may carry, at their price in force on `on` (default today, Paris)."""
    day = on or _today(context.now())
    return [
        version
        for version in sorted(context.care_catalogue.versions, key=lambda version: version.act_code)
        if version.in_force_on(day)
    ]


async def apcv_session(context: BillingContext, practice_id: str, session_id: UUID) -> ApcvSession:
    """What billing knows of one of the practice's apCV sessions."""
    async with context.units_of_work() as uow:
        return await _session_of(uow.store, session_id, practice_id)


async def create_care_sheet(
    context: BillingContext,
    practice_id: str,
    created_by_rpps: str,
    session_id: UUID,
    lines: Sequence[RequestedLine],
) -> FiledCareSheet:
    """A draft for the beneficiary of an open apCV session, its lines priced on their dates."""
    async with context.units_of_work() as uow:
        session = await _session_of(uow.store, session_id, practice_id)
        state = session.open_state()
        now = context.now()
        priced = price_lines(lines, _today(now), context.care_catalogue)
        filed = _filed(draft_care_sheet(uuid4(), state, now, priced), session, created_by_rpps)
        await uow.store.add_care_sheet(filed)
    return filed


async def care_sheet(context: BillingContext, practice_id: str, sheet_id: UUID) -> FiledCareSheet:
    """One of the practice's care sheets."""
    async with context.units_of_work() as uow:
        return await _sheet_of(uow.store, sheet_id, practice_id)


async def care_sheets(
    context: BillingContext,
    practice_id: str,
    *,
    session_id: UUID | None,
    status: CareSheetStatus | None,
    after: PageAfter | None,
    limit: int,
) -> list[FiledCareSheet]:
    """Up to `limit + 1` of the practice's care sheets, oldest first, after the `after` item."""
    async with context.units_of_work() as uow:
        return await uow.store.care_sheets(practice_id, session_id, status, after, limit)


async def add_care_sheet_line(
    context: BillingContext, practice_id: str, sheet_id: UUID, line: RequestedLine
) -> FiledCareSheet:
    """One more act on a draft, while its session is still open."""
    async with context.units_of_work() as uow:
        filed = await _sheet_of(uow.store, sheet_id, practice_id, for_update=True)
        if filed.status is not CareSheetStatus.DRAFT:
            raise CareSheetNotEditableError(filed.status, f"a {filed.status} care sheet cannot be changed")
        now = context.now()
        session = await _session_of(uow.store, filed.sheet.session_id, practice_id)
        can_create_care_sheet(session.open_state(), now)
        (priced,) = price_lines([line], _today(now), context.care_catalogue)
        updated = replace(filed, sheet=add_line(filed.sheet, priced))
        await uow.store.add_care_sheet_lines(updated, len(filed.sheet.lines))
    return updated


async def sign_care_sheet(
    context: BillingContext, practice_id: str, signer_rpps: str, sheet_id: UUID
) -> FiledCareSheet:
    """The session's practitioner signs a draft while the session is open: it is then immutable."""
    async with context.units_of_work() as uow:
        filed = await _sheet_of(uow.store, sheet_id, practice_id, for_update=True)
        if signer_rpps != filed.practitioner_rpps:
            raise NotSessionPractitionerError("only the session's practitioner signs its care sheets")
        session = await _session_of(uow.store, filed.sheet.session_id, practice_id)
        state = session.open_state()
        try:
            signed = signed_draft(filed.sheet, state, context.now())
        except CareSheetStateError as error:
            raise CareSheetNotEditableError(filed.status, str(error)) from error
        updated = replace(filed, sheet=signed, signed_by_rpps=signer_rpps)
        await uow.store.update_care_sheet(updated)
        uow.outbox.count(care_sheets_signed)
        # A metric is an operational signal, not money of record: float is fine here.
        uow.outbox.count(care_sheet_euros, float(signed.total))
    return updated


async def replace_care_sheet(
    context: BillingContext,
    practice_id: str,
    signer_rpps: str,
    sheet_id: UUID,
    session_id: UUID,
    lines: Sequence[RequestedLine],
) -> FiledCareSheet:
    """Correct a signed sheet: cancel it and make the replacing draft, in an open session (possibly
    a new one) of the same beneficiary. Returns the new draft."""
    async with context.units_of_work() as uow:
        old = await _sheet_of(uow.store, sheet_id, practice_id, for_update=True)
        if old.status is not CareSheetStatus.SIGNED:
            raise CareSheetNotSignedError(old.status)
        session = await _session_of(uow.store, session_id, practice_id)
        if session.patient_key != old.patient_key:
            raise OtherBeneficiaryError("the apCV session given is another patient's")
        state = session.open_state()
        now = context.now()
        priced = price_lines(lines, _today(now), context.care_catalogue)
        cancelled, replacement = cancel_and_replace(old.sheet, uuid4(), state, now, priced)
        new = _filed(replacement, session, signer_rpps)
        await uow.store.add_care_sheet(new)
        await uow.store.update_care_sheet(replace(old, sheet=cancelled))
    return new
