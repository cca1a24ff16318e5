"""Billing's workflows against the in-memory store and the recording outbox: no database, no broker."""

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from billing_service import workflows
from billing_service.domain import (
    ApcvSessionNotFoundError,
    CapWindowMode,
    CareSheetNotEditableError,
    CareSheetNotFoundError,
    CareSheetNotSignedError,
    CareSheetStatus,
    FiledCareSheet,
    InvalidCareSheetLinesError,
    InvoiceNotFoundError,
    InvoiceStatus,
    NotSessionPractitionerError,
    OtherBeneficiaryError,
    RequestedLine,
    SessionClosedError,
    SessionExpiredError,
    euros,
)
from billing_service.metrics import acts_decided, billed_euros, care_sheet_euros, care_sheets_signed
from billing_service.testing import Workflows, in_memory
from dentalink_contracts.events.billing import (
    BillingRejectionReason,
    Payer,
    TeleExpertiseBilled,
    TeleExpertiseBillingRejected,
)
from dentalink_contracts.events.telemed import ActCode, ActRecorded, ActRole, ReportReference
from dentalink_contracts.events.vitale import (
    ApcvBeneficiary,
    ApcvSessionClosed,
    ApcvSessionOpened,
    SessionCloseReason,
)
from dentalink_contracts.sealing import development_field_keys, new_field_key_spec, parse_field_keys
from dentalink_contracts.values import Ins, InsOid, Profession
from servicekit import PermanentError
from servicekit.testing import FrozenClock

CAB = "cab-lyon-3"
DENTIST = "10001234567"
ASSISTANT = "10009999999"
PATIENT = "pk_" + "a" * 32
OTHER_PATIENT = "pk_" + "b" * 32
NOW = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
REPORT = ReportReference(title="Avis", content_type="text/plain", content="RAS", sha256="0" * 64)
BENEFICIARY = ApcvBeneficiary(
    nir="295109912611193",
    birth_name="DUPONT",
    first_names="MARIE",
    birth_date=date(1951, 10, 1),
    quality="assure",
    insurer="01751000",
)
KEYS = development_field_keys()


def rig(**overrides: Any) -> tuple[Workflows, FrozenClock]:
    clock = FrozenClock()
    clock.now = NOW
    return in_memory(clock=clock, **overrides), clock


def counted(billing: Workflows, counter: Any) -> list[tuple[float, dict[str, str]]]:
    """What committed units counted on `counter` (named as RecordingOutbox names it)."""
    names = {str(getattr(counter, "name", counter)), getattr(counter, "_name", None)}
    return [(amount, labels) for name, amount, labels in billing.units.outbox.counted if name in names]


# --- Tele-expertise acts (consumed ActRecorded) ---------------------------------------------------


def act(
    performed_at: datetime,
    code: ActCode = ActCode.TE2,
    *,
    rpps: str = DENTIST,
    patient: str = PATIENT,
    profession: Profession = Profession.DENTIST,
) -> ActRecorded:
    return ActRecorded(
        act_id=uuid.uuid4(),
        expertise_id=uuid.uuid4(),
        practice_id=CAB,
        role=ActRole.REQUIS if code is ActCode.TE2 else ActRole.REQUERANT,
        practitioner_rpps=rpps,
        practitioner_profession=profession,
        patient_ins=KEYS.seal(
            Ins(matricule="295109912611193", oid=InsOid.NIR_TEST), ActRecorded, "patient_ins"
        ),
        patient_key=patient,
        act_code=code,
        performed_at=performed_at,
        report=KEYS.seal(REPORT, ActRecorded, "report"),
    )


def in_2026(month: int, day: int = 10) -> datetime:
    return datetime(2026, month, day, 9, 30, tzinfo=UTC)


async def bill(billing: Workflows, recorded: ActRecorded, event_id: uuid.UUID | None = None) -> bool:
    """Deliver one `ActRecorded` as the consumer does (its own unit); whether it decided now."""
    async with billing.units.unit() as uow:
        outcome = await workflows.bill_act(uow, billing.context, recorded, event_id or uuid.uuid4())
    return outcome.decided_now


async def test_an_act_is_billed_once_with_its_event_and_counters() -> None:
    billing, _ = rig()
    recorded = act(in_2026(3))
    event_id = uuid.uuid4()

    assert await bill(billing, recorded, event_id) is True

    (invoice,) = billing.store.invoices_by_id.values()
    assert invoice.id == workflows.invoice_id_for(recorded.act_id)
    assert (invoice.act_id, invoice.event_id, invoice.practice_id) == (recorded.act_id, event_id, CAB)
    assert (invoice.status, invoice.amount, invoice.payer) == (
        InvoiceStatus.BILLED,
        euros("20.00"),
        Payer.AMO,
    )
    assert (invoice.cap_window_key, invoice.cap_slot, invoice.created_at) == ("2026", 1, NOW)
    assert invoice.performed_on == date(2026, 3, 10)
    assert invoice.rejection_reason is None
    assert billing.store.locked_counters == [(DENTIST, PATIENT, ActCode.TE2)]

    (published,) = billing.units.outbox.published
    assert published.key == PATIENT
    assert published.event_id == workflows.decision_event_id_for(recorded.act_id)
    assert isinstance(published.event, TeleExpertiseBilled)
    assert (published.event.act_id, published.event.invoice_id) == (recorded.act_id, invoice.id)
    assert (published.event.amount, published.event.payer, published.event.billed_at) == (
        euros("20.00"),
        Payer.AMO,
        NOW,
    )
    assert counted(billing, billed_euros) == [(20.0, {"act_code": "TE2"})]
    assert counted(billing, acts_decided) == [(1, {"act_code": "TE2", "outcome": "billed"})]


async def test_a_redelivered_act_is_not_billed_twice() -> None:
    billing, _ = rig()
    recorded = act(in_2026(4), ActCode.RQD)
    first_event = uuid.uuid4()
    assert await bill(billing, recorded, first_event) is True

    # The same act re-emitted under another event id: the inbox cannot see it, the workflow does.
    assert await bill(billing, recorded, uuid.uuid4()) is False

    (invoice,) = billing.store.invoices_by_id.values()
    assert (invoice.event_id, invoice.amount) == (first_event, euros("10.00"))
    assert len(billing.units.outbox.events(TeleExpertiseBilled)) == 1
    assert billing.units.outbox.events(TeleExpertiseBillingRejected) == []
    assert counted(billing, billed_euros) == [(10.0, {"act_code": "RQD"})]


async def test_the_fifth_act_of_a_calendar_year_is_refused_at_the_cap() -> None:
    billing, _ = rig()
    acts = [act(in_2026(month)) for month in (1, 3, 5, 7, 9)]
    for recorded in acts:
        assert await bill(billing, recorded) is True

    billed = billing.units.outbox.events(TeleExpertiseBilled)
    (refusal,) = billing.units.outbox.events(TeleExpertiseBillingRejected)
    assert [event.act_id for event in billed] == [recorded.act_id for recorded in acts[:4]]
    assert refusal.act_id == acts[4].act_id
    assert refusal.reason is BillingRejectionReason.YEARLY_CAP_REACHED
    assert PATIENT not in refusal.detail and DENTIST not in refusal.detail
    assert billing.units.outbox.published[-1].key == PATIENT

    stored = {invoice.act_id: invoice for invoice in billing.store.invoices_by_id.values()}
    assert sorted(stored[recorded.act_id].cap_slot or 0 for recorded in acts[:4]) == [1, 2, 3, 4]
    rejected = stored[acts[4].act_id]
    assert (rejected.status, rejected.amount, rejected.cap_slot) == (InvoiceStatus.REJECTED, None, None)
    assert rejected.rejection_reason is BillingRejectionReason.YEARLY_CAP_REACHED
    assert counted(billing, acts_decided)[-1] == (1, {"act_code": "TE2", "outcome": "yearly_cap_reached"})
    assert len(counted(billing, billed_euros)) == 4

    # 23:30 UTC on 31 December 2026 is 2027 in Paris: a new calendar-year window, slot 1 again.
    next_year = act(datetime(2026, 12, 31, 23, 30, tzinfo=UTC))
    await bill(billing, next_year)
    assert billing.store.invoices_by_id[workflows.invoice_id_for(next_year.act_id)].cap_slot == 1


async def test_in_rolling_mode_the_cap_counts_twelve_months_and_takes_no_slot() -> None:
    billing, _ = rig(cap_window_mode=CapWindowMode.ROLLING_12_MONTHS)
    for month in (1, 3, 5, 7):
        await bill(billing, act(in_2026(month)))
    fifth, next_year = act(in_2026(12)), act(datetime(2027, 1, 11, 9, 30, tzinfo=UTC))
    await bill(billing, fifth)
    await bill(billing, next_year)  # 12 months ending 2027-01-11 hold only 3 billed acts

    stored = {invoice.act_id: invoice for invoice in billing.store.invoices_by_id.values()}
    assert stored[fifth.act_id].rejection_reason is BillingRejectionReason.YEARLY_CAP_REACHED
    assert stored[next_year.act_id].status is InvoiceStatus.BILLED
    assert {(invoice.cap_window_key, invoice.cap_slot) for invoice in stored.values()} == {(None, None)}


async def test_acts_outside_the_dental_convention_or_before_any_tariff_are_rejected() -> None:
    billing, _ = rig()
    nurse = act(in_2026(4), ActCode.RQD, profession=Profession.NURSE)
    too_early = act(datetime(2025, 1, 15, 9, 0, tzinfo=UTC))
    await bill(billing, nurse)
    await bill(billing, too_early)

    reasons = {
        event.act_id: event.reason for event in billing.units.outbox.events(TeleExpertiseBillingRejected)
    }
    assert reasons == {
        nurse.act_id: BillingRejectionReason.PRACTITIONER_NOT_DENTIST,
        too_early.act_id: BillingRejectionReason.NO_TARIFF,
    }
    assert billing.units.outbox.events(TeleExpertiseBilled) == []
    assert counted(billing, billed_euros) == []


async def test_an_act_whose_code_contradicts_its_role_is_permanent_and_changes_nothing() -> None:
    billing, _ = rig()
    await bill(billing, act(in_2026(2)))
    before = billing.store.snapshot()
    published, counts = list(billing.units.outbox.published), list(billing.units.outbox.counted)
    wrong = act(in_2026(5)).model_copy(update={"act_code": ActCode.RQD})  # a requis billing RQD

    with pytest.raises(PermanentError):
        await bill(billing, wrong)

    assert billing.store == before
    assert billing.units.outbox.published == published
    assert billing.units.outbox.counted == counts


# --- apCV sessions (consumed ApcvSessionOpened / ApcvSessionClosed) -------------------------------


def opened(
    *, at: datetime = NOW - timedelta(minutes=1), patient: str = PATIENT, minutes: int = 30
) -> ApcvSessionOpened:
    return ApcvSessionOpened(
        session_id=uuid.uuid4(),
        practice_id=CAB,
        practitioner_rpps=DENTIST,
        patient_key=patient,
        beneficiary=KEYS.seal(BENEFICIARY, ApcvSessionOpened, "beneficiary"),
        opened_at=at,
        expires_at=at + timedelta(minutes=minutes),
    )


def closed(session: ApcvSessionOpened, at: datetime, reason: SessionCloseReason) -> ApcvSessionClosed:
    return ApcvSessionClosed(
        session_id=session.session_id,
        practice_id=CAB,
        patient_key=session.patient_key,
        reason=reason,
        closed_at=at,
    )


async def project(billing: Workflows, *events: ApcvSessionOpened | ApcvSessionClosed) -> None:
    for event in events:
        async with billing.units.unit() as uow:
            if isinstance(event, ApcvSessionOpened):
                await workflows.record_session_opened(uow, billing.context, event)
            else:
                await workflows.record_session_closed(uow, event)


async def test_a_beneficiary_sealed_under_another_key_ring_is_a_permanent_error() -> None:
    billing, _ = rig()
    session = opened()
    foreign = parse_field_keys(new_field_key_spec("other"))
    resealed = session.model_copy(update={"beneficiary": foreign.seal(BENEFICIARY, session, "beneficiary")})
    before = billing.store.snapshot()
    with pytest.raises(PermanentError) as refused:
        await project(billing, resealed)
    assert BENEFICIARY.nir not in str(refused.value)
    assert billing.store.snapshot() == before


async def test_an_opened_session_is_projected_and_can_be_read_in_its_practice_only() -> None:
    billing, _ = rig()
    session = opened()
    await project(billing, session)

    known = await workflows.apcv_session(billing.context, CAB, session.session_id)
    assert (known.practitioner_rpps, known.patient_key, known.beneficiary) == (DENTIST, PATIENT, BENEFICIARY)
    assert (known.opened_at, known.expires_at, known.closed_at) == (
        session.opened_at,
        session.expires_at,
        None,
    )
    with pytest.raises(ApcvSessionNotFoundError):
        await workflows.apcv_session(billing.context, "another-cab", session.session_id)
    with pytest.raises(ApcvSessionNotFoundError):
        await workflows.apcv_session(billing.context, CAB, uuid.uuid4())
    assert billing.units.outbox.published == []


async def test_a_closure_learnt_first_is_kept_and_the_earliest_end_wins() -> None:
    billing, _ = rig()
    session = opened()
    early, late = NOW + timedelta(minutes=2), NOW + timedelta(minutes=20)
    await project(
        billing,
        closed(session, late, SessionCloseReason.EXPIRED),
        session,  # the opening arrives after a closure: it must not reopen the session
        closed(session, early, SessionCloseReason.CLOSED),
        closed(session, late, SessionCloseReason.EXPIRED),  # a later end changes nothing
    )
    known = billing.store.sessions[session.session_id]
    assert (known.opened_at, known.closed_at, known.close_reason) == (session.opened_at, early, "closed")


# --- Care sheets (commands and queries) -----------------------------------------------------------


async def open_session(billing: Workflows, **kwargs: Any) -> ApcvSessionOpened:
    session = opened(**kwargs)
    await project(billing, session)
    return session


async def draft(billing: Workflows, session: ApcvSessionOpened, *codes: str) -> FiledCareSheet:
    lines = [RequestedLine(code) for code in codes or ("C",)]
    return await workflows.create_care_sheet(billing.context, CAB, DENTIST, session.session_id, lines)


def test_care_acts_are_the_versions_in_force_on_the_day_by_code() -> None:
    billing, clock = rig()
    assert [(v.act_code, str(v.amount)) for v in workflows.care_acts(billing.context, date(2026, 3, 3))] == [
        ("C", "23.00"),
        ("HBJD001", "28.92"),
        ("HBQK389", "7.98"),
    ]
    assert [v.act_code for v in workflows.care_acts(billing.context, date(2020, 1, 1))] == ["HBQK389"]
    clock.now = datetime(2023, 12, 31, 23, 30, tzinfo=UTC)  # already 2024-01-01 in Paris
    assert len(workflows.care_acts(billing.context, None)) == 3


async def test_a_care_sheet_is_made_in_an_open_session_with_its_priced_lines() -> None:
    billing, _ = rig()
    session = await open_session(billing)
    lines = [RequestedLine("C"), RequestedLine("HBQK389", quantity=2, performed_on=date(2026, 3, 1))]

    filed = await workflows.create_care_sheet(billing.context, CAB, ASSISTANT, session.session_id, lines)

    assert billing.store.sheets[filed.id] == filed
    assert (filed.status, filed.created_at, filed.sheet.session_id) == (
        CareSheetStatus.DRAFT,
        NOW,
        session.session_id,
    )
    assert (filed.practitioner_rpps, filed.created_by_rpps, filed.beneficiary) == (
        DENTIST,
        ASSISTANT,
        BENEFICIARY,
    )
    assert [(line.act_code, line.performed_on, line.amount) for line in filed.sheet.lines] == [
        ("C", date(2026, 3, 3), euros("23.00")),
        ("HBQK389", date(2026, 3, 1), euros("15.96")),
    ]
    assert filed.sheet.total == euros("38.96")
    assert billing.units.outbox.published == [] and billing.units.outbox.counted == []


@pytest.mark.parametrize("minutes_ago", [30, 45])
async def test_no_care_sheet_once_the_thirty_minutes_are_over(minutes_ago: int) -> None:
    billing, _ = rig()
    session = await open_session(billing, at=NOW - timedelta(minutes=minutes_ago))
    with pytest.raises(SessionExpiredError):
        await draft(billing, session)
    assert billing.store.sheets == {}


async def test_no_care_sheet_in_a_closed_or_unknown_session() -> None:
    billing, _ = rig()
    session = await open_session(billing)
    await project(billing, closed(session, NOW, SessionCloseReason.CLOSED))
    closure_only = opened()
    await project(billing, closed(closure_only, NOW, SessionCloseReason.CLOSED))

    with pytest.raises(SessionClosedError):
        await draft(billing, session)
    with pytest.raises(SessionClosedError):
        await draft(billing, closure_only)
    with pytest.raises(ApcvSessionNotFoundError):
        await draft(billing, opened())  # never projected
    with pytest.raises(ApcvSessionNotFoundError):
        await workflows.create_care_sheet(
            billing.context, "another-cab", DENTIST, session.session_id, [RequestedLine("C")]
        )
    assert billing.store.sheets == {}


async def test_every_bad_line_is_reported_and_nothing_is_stored() -> None:
    billing, _ = rig()
    session = await open_session(billing)
    lines = [
        RequestedLine("C"),
        RequestedLine("XYZ123"),
        RequestedLine("C", performed_on=date(2026, 3, 5)),
        RequestedLine("HBJD001", performed_on=date(2023, 6, 1)),
    ]
    with pytest.raises(InvalidCareSheetLinesError) as refused:
        await workflows.create_care_sheet(billing.context, CAB, DENTIST, session.session_id, lines)
    assert [(problem.field, problem.code) for problem in refused.value.problems] == [
        ("lines.1.act_code", "unknown-act-code"),
        ("lines.2.performed_on", "act-date-in-future"),
        ("lines.3.performed_on", "no-tariff-on-date"),
    ]
    assert billing.store.sheets == {}


async def test_a_line_is_added_to_a_draft_while_its_session_is_open() -> None:
    billing, clock = rig()
    session = await open_session(billing)
    filed = await draft(billing, session, "C")

    updated = await workflows.add_care_sheet_line(billing.context, CAB, filed.id, RequestedLine("HBJD001"))

    assert [line.act_code for line in updated.sheet.lines] == ["C", "HBJD001"]
    assert updated.sheet.total == euros("51.92")
    assert billing.store.sheets[filed.id] == updated
    assert billing.store.locked_sheets == [filed.id]

    clock.now = session.expires_at
    before = billing.store.snapshot()
    with pytest.raises(SessionExpiredError):
        await workflows.add_care_sheet_line(billing.context, CAB, filed.id, RequestedLine("C"))
    assert billing.store == before


async def test_a_signed_sheet_takes_no_more_lines_and_an_unknown_one_is_not_found() -> None:
    billing, _ = rig()
    session = await open_session(billing)
    filed = await draft(billing, session)
    await workflows.sign_care_sheet(billing.context, CAB, DENTIST, filed.id)
    before = billing.store.snapshot()

    with pytest.raises(CareSheetNotEditableError) as refused:
        await workflows.add_care_sheet_line(billing.context, CAB, filed.id, RequestedLine("C"))
    assert refused.value.status is CareSheetStatus.SIGNED
    with pytest.raises(CareSheetNotFoundError):
        await workflows.add_care_sheet_line(billing.context, "another-cab", filed.id, RequestedLine("C"))
    assert billing.store == before


async def test_the_session_practitioner_signs_a_draft_and_it_is_counted() -> None:
    billing, clock = rig()
    session = await open_session(billing)
    filed = await draft(billing, session, "C", "HBJD001")
    clock.advance(minutes=3)

    signed = await workflows.sign_care_sheet(billing.context, CAB, DENTIST, filed.id)

    assert (signed.status, signed.sheet.signed_at, signed.signed_by_rpps) == (
        CareSheetStatus.SIGNED,
        NOW + timedelta(minutes=3),
        DENTIST,
    )
    assert billing.store.sheets[filed.id] == signed
    assert counted(billing, care_sheets_signed) == [(1, {})]
    assert counted(billing, care_sheet_euros) == [(51.92, {})]
    assert billing.units.outbox.published == []

    with pytest.raises(CareSheetNotEditableError):
        await workflows.sign_care_sheet(billing.context, CAB, DENTIST, filed.id)
    assert len(counted(billing, care_sheets_signed)) == 1


async def test_only_the_session_practitioner_signs_and_only_while_the_session_is_open() -> None:
    billing, clock = rig()
    session = await open_session(billing)
    filed = await draft(billing, session)
    before = billing.store.snapshot()

    with pytest.raises(NotSessionPractitionerError):
        await workflows.sign_care_sheet(billing.context, CAB, "10007777777", filed.id)
    clock.now = session.expires_at
    with pytest.raises(SessionExpiredError):
        await workflows.sign_care_sheet(billing.context, CAB, DENTIST, filed.id)

    assert billing.store == before
    assert billing.store.sheets[filed.id].status is CareSheetStatus.DRAFT
    assert billing.units.outbox.counted == []


async def test_a_correction_cancels_the_signed_sheet_and_makes_its_replacement() -> None:
    billing, clock = rig()
    session = await open_session(billing)
    first = await draft(billing, session, "C")
    await workflows.sign_care_sheet(billing.context, CAB, DENTIST, first.id)
    clock.advance(minutes=1)

    new = await workflows.replace_care_sheet(
        billing.context, CAB, DENTIST, first.id, session.session_id, [RequestedLine("HBJD001")]
    )

    assert (new.status, new.sheet.replaces, new.sheet.total) == (
        CareSheetStatus.DRAFT,
        first.id,
        euros("28.92"),
    )
    assert billing.store.sheets[new.id] == new
    old = billing.store.sheets[first.id]
    assert (old.status, old.sheet.cancelled_at, old.sheet.replaced_by) == (
        CareSheetStatus.CANCELLED,
        NOW + timedelta(minutes=1),
        new.id,
    )
    assert old.sheet.total == euros("23.00") and old.signed_by_rpps == DENTIST

    with pytest.raises(CareSheetNotSignedError) as twice:
        await workflows.replace_care_sheet(
            billing.context, CAB, DENTIST, first.id, session.session_id, [RequestedLine("C")]
        )
    assert twice.value.status is CareSheetStatus.CANCELLED


async def test_a_draft_is_not_replaced_nor_a_sheet_for_another_beneficiary() -> None:
    billing, _ = rig()
    session = await open_session(billing)
    other = await open_session(billing, patient=OTHER_PATIENT)
    unsigned = await draft(billing, session)
    signed = await draft(billing, session)
    await workflows.sign_care_sheet(billing.context, CAB, DENTIST, signed.id)
    before = billing.store.snapshot()

    with pytest.raises(CareSheetNotSignedError):
        await workflows.replace_care_sheet(
            billing.context, CAB, DENTIST, unsigned.id, session.session_id, [RequestedLine("C")]
        )
    with pytest.raises(OtherBeneficiaryError):
        await workflows.replace_care_sheet(
            billing.context, CAB, DENTIST, signed.id, other.session_id, [RequestedLine("C")]
        )
    assert billing.store == before


async def test_care_sheets_are_listed_by_creation_in_pages_within_the_practice() -> None:
    billing, clock = rig()
    session = await open_session(billing)
    made = []
    for _ in range(3):
        made.append(await draft(billing, session))
        clock.advance(seconds=1)
    await workflows.sign_care_sheet(billing.context, CAB, DENTIST, made[1].id)

    everything = await workflows.care_sheets(
        billing.context, CAB, session_id=session.session_id, status=None, after=None, limit=2
    )
    assert [filed.id for filed in everything] == [filed.id for filed in made]  # limit + 1: a next page
    rest = await workflows.care_sheets(
        billing.context, CAB, session_id=None, status=None, after=(made[1].created_at, made[1].id), limit=2
    )
    assert [filed.id for filed in rest] == [made[2].id]
    signed = await workflows.care_sheets(
        billing.context, CAB, session_id=None, status=CareSheetStatus.SIGNED, after=None, limit=10
    )
    assert [filed.id for filed in signed] == [made[1].id]
    assert (
        await workflows.care_sheets(
            billing.context, "another-cab", session_id=None, status=None, after=None, limit=10
        )
        == []
    )
    assert (await workflows.care_sheet(billing.context, CAB, made[0].id)) == billing.store.sheets[made[0].id]
    with pytest.raises(CareSheetNotFoundError):
        await workflows.care_sheet(billing.context, "another-cab", made[0].id)


# --- Invoices and what was billed (queries) ------------------------------------------------------


async def test_invoices_are_filtered_paged_and_stay_in_their_practice() -> None:
    billing, clock = rig()
    second_patient = "pk_" + "c" * 32
    for recorded in (
        act(in_2026(3, 2)),
        act(in_2026(3, 5), ActCode.RQD, patient=second_patient),
        act(in_2026(4, 1), rpps="10002222222"),
    ):
        await bill(billing, recorded)
        clock.advance(seconds=1)
    decided = sorted(billing.store.invoices_by_id.values(), key=lambda invoice: invoice.created_at)

    listed = await workflows.list_invoices(billing.context, CAB, limit=2)
    assert listed == decided  # one more than the page: there is a next one
    after = await workflows.list_invoices(
        billing.context, CAB, after=(decided[1].created_at, decided[1].id), limit=2
    )
    assert after == decided[2:]
    march = await workflows.list_invoices(
        billing.context, CAB, start=date(2026, 3, 1), end=date(2026, 3, 31), limit=10
    )
    assert march == decided[:2]
    assert await workflows.list_invoices(billing.context, CAB, patient_key=second_patient, limit=10) == [
        decided[1]
    ]
    assert await workflows.list_invoices(billing.context, CAB, practitioner_rpps="10002222222", limit=10) == [
        decided[2]
    ]
    assert await workflows.list_invoices(billing.context, CAB, status=InvoiceStatus.REJECTED, limit=10) == []
    assert await workflows.list_invoices(billing.context, "another-cab", limit=10) == []

    assert await workflows.invoice(billing.context, CAB, decided[0].id) == decided[0]
    with pytest.raises(InvoiceNotFoundError):
        await workflows.invoice(billing.context, "another-cab", decided[0].id)
    with pytest.raises(InvoiceNotFoundError):
        await workflows.invoice(billing.context, CAB, uuid.uuid4())


async def test_what_was_billed_in_a_period_and_its_monthly_totals() -> None:
    billing, _ = rig()
    for recorded in (
        act(in_2026(3, 1), ActCode.RQD, patient="pk_" + "1" * 32),
        act(in_2026(3, 2), ActCode.RQD, patient="pk_" + "2" * 32),
        act(in_2026(3, 2), patient="pk_" + "3" * 32),
        act(in_2026(3, 3), ActCode.RQD, patient="pk_" + "4" * 32, profession=Profession.NURSE),  # rejected
        act(in_2026(4, 1), patient="pk_" + "5" * 32),
    ):
        await bill(billing, recorded)
    session = await open_session(billing)
    sheet = await workflows.create_care_sheet(
        billing.context,
        CAB,
        DENTIST,
        session.session_id,
        [RequestedLine("HBQK389", quantity=2, performed_on=date(2026, 3, 1)), RequestedLine("C")],
    )
    await draft(billing, session, "HBJD001")  # never signed: never billed
    await workflows.sign_care_sheet(billing.context, CAB, DENTIST, sheet.id)

    billed = await workflows.billed_in_period(billing.context, CAB, None, date(2026, 3, 1), date(2026, 3, 31))
    assert [(invoice.performed_on.day, invoice.act_code) for invoice in billed.invoices] == [
        (1, ActCode.RQD),
        (2, ActCode.RQD),
        (2, ActCode.TE2),
    ]
    assert [(line.sheet_id, line.line.act_code, line.line.quantity) for line in billed.care_lines] == [
        (sheet.id, "HBQK389", 2),
        (sheet.id, "C", 1),
    ]
    assert (
        await workflows.billed_in_period(
            billing.context, CAB, "10002222222", date(2026, 3, 1), date(2026, 3, 31)
        )
    ) == (workflows.BilledInPeriod([], []))

    totals = await workflows.monthly_totals(
        billing.context, CAB, DENTIST, date(2026, 3, 1), date(2026, 3, 31)
    )
    assert {code: (total.act_count, total.total) for code, total in totals.tele_expertise.items()} == {
        "RQD": (2, Decimal("20.00")),
        "TE2": (1, Decimal("20.00")),
    }
    assert {code: (total.act_count, total.total) for code, total in totals.care_sheets.items()} == {
        "C": (1, Decimal("23.00")),
        "HBQK389": (2, Decimal("15.96")),
    }
