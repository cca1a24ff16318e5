"""The workflows against the in-memory store and a recording outbox: state changes, events, counters,
and refusals that change nothing and publish nothing."""

import base64
import hashlib
import uuid
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar

import pytest

from dentalink_contracts.events.billing import (
    BillingRejectionReason,
    Payer,
    TeleExpertiseBilled,
    TeleExpertiseBillingRejected,
)
from dentalink_contracts.events.ins import (
    BirthTraits,
    IdentityQualified,
    IdentityStatus,
    IdentityStatusChanged,
)
from dentalink_contracts.events.telemed import (
    ActCode,
    ActRecorded,
    ActRole,
    TeleExpertiseStatus,
    TeleExpertiseStatusChanged,
)
from dentalink_contracts.sealing import development_field_keys, new_field_key_spec, parse_field_keys
from dentalink_contracts.values import Ins, InsOid, Profession, Role, Sex
from servicekit import PermanentError
from servicekit.fakes import InMemoryUnits
from servicekit.testing import FrozenClock, caller
from telemed_service import workflows
from telemed_service.context import TelemedContext
from telemed_service.domain import (
    AttachmentChecksumMismatchError,
    AttachmentNotFoundError,
    ExpertiseNotFoundError,
    ExpertiseStatus,
    IllegalTransition,
    IneligibleRequest,
    InvalidProfessionalError,
    NotPartyError,
    PartyFilter,
    PatientNotQualifiedError,
    Refusal,
    RefusalReason,
    ReportTooLargeError,
    RequisProfessionMismatchError,
    WrongPartyError,
    act_id_for,
    status_event_id,
)
from telemed_service.schemas import CareRelationshipRequest, ExpertiseRequest, ReportRequest
from telemed_service.store import StalePublication
from telemed_service.testing import InMemoryTelemedStore, counted, memory_context
from telemed_service.workflows.common import (
    acts_recorded,
    billing_updates,
    expired_counter,
    incidents_counter,
    steps_counter,
)

E = TypeVar("E", bound=Exception)

PATIENT = Ins(matricule="295109912611193", oid=InsOid.NIR_TEST)
KEYS = development_field_keys()
PRACTICE, REQUIS_PRACTICE = "cab-requerant", "cab-requis"
RPPS, REQUIS_RPPS = "10001234567", "10003456789"
EHPAD_FINESS = "750712184"
PNG = b"\x89PNG\r\n\x1a\n fake image"

REQUERANT = caller(practice_id=PRACTICE, rpps=RPPS)
REQUIS = caller(
    practice_id=REQUIS_PRACTICE, rpps=REQUIS_RPPS, role=Role.SPECIALIST, specialty="oral_medicine"
)
STRANGER = caller(practice_id="cab-elsewhere", rpps="10009999999")


@dataclass
class World:
    context: TelemedContext
    units: InMemoryUnits[InMemoryTelemedStore]
    clock: FrozenClock

    @property
    def store(self) -> InMemoryTelemedStore:
        return self.units.store


@pytest.fixture
def world() -> World:
    clock = FrozenClock()
    context, units = memory_context(clock)
    return World(context, units, clock)


def key_of(world: World) -> str:
    return world.context.patient_key(PATIENT.matricule)


def qualified(practice_id: str, at: datetime, identity_id: uuid.UUID | None = None) -> IdentityQualified:
    return IdentityQualified(
        identity_id=identity_id or uuid.uuid4(),
        practice_id=practice_id,
        patient_key="pk_" + "0" * 32,
        ins=KEYS.seal(PATIENT, IdentityQualified, "ins"),
        traits=KEYS.seal(
            BirthTraits(birth_date=date(1980, 1, 1), sex=Sex.FEMALE), IdentityQualified, "traits"
        ),
        qualified_at=at,
    )


def status_changed(identity_id: uuid.UUID, practice_id: str, at: datetime) -> IdentityStatusChanged:
    return IdentityStatusChanged(
        identity_id=identity_id,
        practice_id=practice_id,
        patient_key="pk_" + "0" * 32,
        ins=KEYS.seal(PATIENT, IdentityStatusChanged, "ins"),
        previous_status=IdentityStatus.QUAL,
        new_status=IdentityStatus.VALI,
        changed_at=at,
    )


async def qualify(world: World, practice_id: str = PRACTICE) -> uuid.UUID:
    event = qualified(practice_id, world.clock())
    async with world.units.unit() as uow:
        await workflows.identity_qualified(uow, world.context, event)
    return event.identity_id


def request_body(**overrides: Any) -> ExpertiseRequest:
    body: dict[str, Any] = {
        "patient": PATIENT.model_dump(mode="json"),
        "situation": "suspected_oral_cancer",
        "requis": {"rpps": REQUIS_RPPS, "profession": "dentist", "specialty": "oral_medicine"},
        "reasons": "Ulcération linguale indurée persistant depuis 3 semaines.",
    }
    body.update(overrides)
    return ExpertiseRequest.model_validate(body)


def png(**overrides: Any) -> dict[str, Any]:
    return {
        "name": "langue.png",
        "content_type": "image/png",
        "content_base64": base64.b64encode(PNG).decode(),
        **overrides,
    }


REPORT = ReportRequest(
    text="Lésion suspecte : biopsie à programmer sous 15 jours.",
    acts=["Biopsie de la langue (HAQA001)"],
    prescriptions=["Bain de bouche sans alcool, 3 fois par jour, 10 jours"],
)


async def opened(world: World, **overrides: Any) -> uuid.UUID:
    if not world.store.identities:
        await qualify(world)
    file = await workflows.request_tele_expertise(world.context, REQUERANT, request_body(**overrides))
    return file.row.id


async def accepted(world: World) -> uuid.UUID:
    expertise_id = await opened(world)
    world.clock.advance(minutes=5)
    await workflows.accept_tele_expertise(world.context, REQUIS, expertise_id)
    return expertise_id


async def refused_without_change(world: World, error: type[E], call: Awaitable[object]) -> E:
    """`call` raises `error` and leaves the store, the outbox and the counters as they were."""
    before = world.store.state()
    published, counters = list(world.units.outbox.published), list(world.units.outbox.counted)
    with pytest.raises(error) as raised:
        await call
    assert world.store.state() == before
    assert world.units.outbox.published == published
    assert world.units.outbox.counted == counters
    return raised.value


def steps(world: World) -> list[str]:
    return [labels["action"] for _, labels in counted(world.units, steps_counter)]


# ---------------------------------------------------------------- request


async def test_a_request_files_the_expertise_its_files_and_its_first_trace_entry(world: World) -> None:
    await qualify(world)
    body = request_body(attachments=[png(sha256=hashlib.sha256(PNG).hexdigest())])

    file = await workflows.request_tele_expertise(world.context, REQUERANT, body)

    row = world.store.rows[file.row.id]
    assert (row.status, row.requerant_practice_id, row.requis_practice_id) == ("requested", PRACTICE, None)
    assert (row.requerant_rpps, row.requis_rpps, row.known_relationship) == (RPPS, REQUIS_RPPS, False)
    assert row.requested_at == row.created_at == world.clock.now
    [stored] = file.attachments
    assert (stored.part, stored.sha256, stored.size_bytes) == (
        "request",
        hashlib.sha256(PNG).hexdigest(),
        len(PNG),
    )
    assert world.store.attachments[stored.id].content == PNG
    [entry] = world.store.entries
    assert (entry.seq, entry.action, entry.actor_rpps, entry.actor_practice_id) == (
        1,
        "request",
        RPPS,
        PRACTICE,
    )
    assert steps(world) == ["request"]
    # Announced in the request's unit of work, keyed by the file: ids and statuses, no patient data.
    [announced] = world.units.outbox.published
    assert (announced.key, announced.event_id) == (
        str(file.row.id),
        status_event_id(file.row.id, ExpertiseStatus.REQUESTED),
    )
    assert announced.event == TeleExpertiseStatusChanged(
        expertise_id=file.row.id,
        previous_status=None,
        new_status=TeleExpertiseStatus.REQUESTED,
        requerant_practice_id=PRACTICE,
        requis_practice_id=None,
        changed_at=world.clock.now,
    )


async def test_a_patient_not_qualified_in_the_callers_practice_is_refused(world: World) -> None:
    await qualify(world, practice_id="cab-other")
    await refused_without_change(
        world,
        PatientNotQualifiedError,
        workflows.request_tele_expertise(world.context, REQUERANT, request_body()),
    )


async def test_a_downgraded_identity_no_longer_backs_a_request_and_an_older_qualification_does_not_restore_it(
    world: World,
) -> None:
    identity_id = await qualify(world)
    async with world.units.unit() as uow:
        await workflows.identity_status_changed(
            uow, world.context, status_changed(identity_id, PRACTICE, world.clock() + timedelta(minutes=1))
        )
    late = qualified(PRACTICE, world.clock() - timedelta(minutes=5), identity_id=identity_id)
    async with world.units.unit() as uow:
        await workflows.identity_qualified(uow, world.context, late)

    projected = world.store.identities[identity_id]
    assert (projected.status, projected.status_at) == ("VALI", world.clock() + timedelta(minutes=1))
    assert (projected.matricule, projected.oid) == (PATIENT.matricule, PATIENT.oid.value)
    with pytest.raises(PatientNotQualifiedError):
        await workflows.request_tele_expertise(world.context, REQUERANT, request_body())


async def test_an_identity_event_whose_ins_does_not_open_is_a_permanent_error(world: World) -> None:
    event = qualified(PRACTICE, world.clock())
    foreign = parse_field_keys(new_field_key_spec(KEYS.sealing_kid))  # same key id, another key
    resealed = event.model_copy(update={"ins": foreign.seal(PATIENT, event, "ins")})
    moved = event.model_copy(update={"ins": KEYS.seal(PATIENT, ActRecorded, "patient_ins")})
    for broken in (resealed, moved):
        with pytest.raises(PermanentError) as refused:
            async with world.units.unit() as uow:
                await workflows.identity_qualified(uow, world.context, broken)
        assert PATIENT.matricule not in str(refused.value)
    assert world.store.identities == {}


async def test_an_ineligible_request_names_its_rule_and_files_nothing(world: World) -> None:
    await qualify(world)
    general_dentist = request_body(requis={"rpps": REQUIS_RPPS, "profession": "dentist"})
    refusal = await refused_without_change(
        world, IneligibleRequest, workflows.request_tele_expertise(world.context, REQUERANT, general_dentist)
    )
    assert refusal.rule_code == "requis_not_specialist"
    assert world.store.rows == {}


async def test_bad_files_and_a_bad_finess_are_refused_before_anything_is_filed(world: World) -> None:
    await qualify(world)
    tampered = request_body(attachments=[png(sha256="0" * 64)])
    await refused_without_change(
        world,
        AttachmentChecksumMismatchError,
        workflows.request_tele_expertise(world.context, REQUERANT, tampered),
    )
    bad_finess = caller(practice_id=PRACTICE, rpps=RPPS, finess="750712185")
    await refused_without_change(
        world,
        InvalidProfessionalError,
        workflows.request_tele_expertise(world.context, bad_finess, request_body()),
    )


async def test_an_ehpad_request_may_name_a_dentist_the_practice_declared_known(world: World) -> None:
    await qualify(world)
    nurse = caller(
        practice_id=PRACTICE,
        rpps=RPPS,
        role=Role.EHPAD_PROFESSIONAL,
        profession=Profession.NURSE,
        finess=EHPAD_FINESS,
    )
    body = request_body(situation="ehpad_resident", requis={"rpps": REQUIS_RPPS, "profession": "dentist"})
    with pytest.raises(IneligibleRequest):
        await workflows.request_tele_expertise(world.context, nurse, body)

    declaration = CareRelationshipRequest.model_validate(
        {"patient": PATIENT.model_dump(mode="json"), "dentist_rpps": REQUIS_RPPS, "kind": "entry_checkup"}
    )
    first, created = await workflows.declare_care_relationship(world.context, nurse, declaration)
    again, created_again = await workflows.declare_care_relationship(world.context, nurse, declaration)
    assert (created, created_again) == (True, False)
    assert again.id == first.id
    assert len(world.store.care_relationships) == 1

    file = await workflows.request_tele_expertise(world.context, nurse, body)
    assert file.row.known_relationship is True
    assert file.row.requerant_finess == EHPAD_FINESS


# ---------------------------------------------------------------- the parties' steps


async def test_the_requis_accepts_for_his_practice(world: World) -> None:
    expertise_id = await opened(world)
    world.clock.advance(minutes=5)

    file = await workflows.accept_tele_expertise(world.context, REQUIS, expertise_id)

    assert (file.row.status, file.row.requis_practice_id) == ("accepted", REQUIS_PRACTICE)
    assert file.row.accepted_at == world.clock.now
    assert world.store.rows[expertise_id].status == "accepted"
    assert [(e.seq, e.action, e.from_status, e.to_status) for e in world.store.entries] == [
        (1, "request", None, "requested"),
        (2, "accept", "requested", "accepted"),
    ]
    assert world.store.entries[1].actor_practice_id == REQUIS_PRACTICE
    assert steps(world) == ["request", "accept"]


async def test_only_the_named_requis_may_accept(world: World) -> None:
    expertise_id = await opened(world)
    await refused_without_change(
        world, WrongPartyError, workflows.accept_tele_expertise(world.context, REQUERANT, expertise_id)
    )
    await refused_without_change(
        world, ExpertiseNotFoundError, workflows.accept_tele_expertise(world.context, STRANGER, expertise_id)
    )
    physician = caller(
        practice_id=REQUIS_PRACTICE, rpps=REQUIS_RPPS, role=Role.SPECIALIST, profession=Profession.PHYSICIAN
    )
    await refused_without_change(
        world,
        RequisProfessionMismatchError,
        workflows.accept_tele_expertise(world.context, physician, expertise_id),
    )
    await refused_without_change(
        world, ExpertiseNotFoundError, workflows.accept_tele_expertise(world.context, REQUIS, uuid.uuid4())
    )


async def test_the_requis_refuses_and_no_act_is_due(world: World) -> None:
    expertise_id = await opened(world)
    refusal = Refusal(reason=RefusalReason.OUTSIDE_EXPERTISE, detail="Relève de la chirurgie orale.")

    file = await workflows.refuse_tele_expertise(world.context, REQUIS, expertise_id, refusal)

    row = world.store.rows[expertise_id]
    assert (file.row.status, row.refusal_reason, row.refusal_detail) == (
        "refused",
        "outside_expertise",
        "Relève de la chirurgie orale.",
    )
    assert row.closed_at == world.clock.now
    assert world.store.entries[-1].details == "reason=outside_expertise; Relève de la chirurgie orale."
    assert steps(world) == ["request", "refuse"]
    await refused_without_change(
        world,
        IllegalTransition,
        workflows.report_tele_expertise(world.context, REQUIS, expertise_id, REPORT),
    )


async def test_the_requerant_cancels_and_the_requis_may_not(world: World) -> None:
    expertise_id = await opened(world)
    await refused_without_change(
        world,
        WrongPartyError,
        workflows.cancel_tele_expertise(world.context, REQUIS, expertise_id, "Patient hospitalisé."),
    )

    file = await workflows.cancel_tele_expertise(
        world.context, REQUERANT, expertise_id, "Patient hospitalisé."
    )

    assert (file.row.status, file.row.cancellation_reason) == ("cancelled", "Patient hospitalisé.")
    assert world.store.entries[-1].action == "cancel"
    assert steps(world) == ["request", "cancel"]


async def test_the_answer_records_both_acts_and_publishes_one_act_recorded_each(world: World) -> None:
    expertise_id = await accepted(world)
    world.clock.advance(hours=1)
    body = ReportRequest(**{**REPORT.model_dump(), "attachments": [png(name="schema.png")]})

    file = await workflows.report_tele_expertise(world.context, REQUIS, expertise_id, body)

    answered_at = world.clock.now
    assert (file.row.status, file.row.closed_at) == ("answered", answered_at)
    assert file.report is not None
    assert (file.report.text, file.report.answered_by_rpps) == (REPORT.text, REQUIS_RPPS)
    assert file.report.content_sha256 == hashlib.sha256(file.report.content.encode()).hexdigest()
    assert [(a.part, a.name) for a in file.attachments] == [("report", "schema.png")]
    rqd, te2 = act_id_for(expertise_id, ActRole.REQUERANT), act_id_for(expertise_id, ActRole.REQUIS)
    assert {(a.act_id, a.code, a.practice_id, a.billing_status) for a in file.acts} == {
        (rqd, "RQD", PRACTICE, "pending"),
        (te2, "TE2", REQUIS_PRACTICE, "pending"),
    }

    published = [item for item in world.units.outbox.published if isinstance(item.event, ActRecorded)]
    assert [(item.key, item.event_id) for item in published] == [(key_of(world), rqd), (key_of(world), te2)]
    *_, answered_announced = world.units.outbox.events(TeleExpertiseStatusChanged)
    assert (answered_announced.previous_status, answered_announced.new_status) == (
        TeleExpertiseStatus.ACCEPTED,
        TeleExpertiseStatus.ANSWERED,
    )
    assert (answered_announced.requis_practice_id, answered_announced.changed_at) == (
        REQUIS_PRACTICE,
        answered_at,
    )
    events = world.units.outbox.events(ActRecorded)
    assert [(e.act_id, e.role, e.act_code, e.practice_id, e.practitioner_rpps) for e in events] == [
        (rqd, ActRole.REQUERANT, ActCode.RQD, PRACTICE, RPPS),
        (te2, ActRole.REQUIS, ActCode.TE2, REQUIS_PRACTICE, REQUIS_RPPS),
    ]
    for event in events:
        assert (
            event.expertise_id,
            KEYS.open(event.patient_ins, event, "patient_ins"),
            event.patient_key,
        ) == (
            expertise_id,
            PATIENT,
            key_of(world),
        )
        assert event.performed_at == answered_at
        assert KEYS.open(event.report, event, "report").content == file.report.content
        # On the bus the INS and the report are ciphertext only.
        assert PATIENT.matricule not in event.model_dump_json()
        assert file.report.content[:40] not in event.model_dump_json()
        assert event.practitioner_profession is Profession.DENTIST
    assert counted(world.units, acts_recorded) == [(1, {"code": "RQD"}), (1, {"code": "TE2"})]
    assert steps(world) == ["request", "accept", "answer"]

    await refused_without_change(
        world,
        IllegalTransition,
        workflows.report_tele_expertise(world.context, REQUIS, expertise_id, REPORT),
    )


async def test_a_report_too_large_for_the_act_events_changes_nothing(world: World) -> None:
    expertise_id = await accepted(world)
    line = "\U0001f9b7" * 500
    huge = ReportRequest(text="\U0001f9b7" * 20_000, acts=[line] * 100, prescriptions=[line] * 100)
    await refused_without_change(
        world, ReportTooLargeError, workflows.report_tele_expertise(world.context, REQUIS, expertise_id, huge)
    )
    assert world.store.rows[expertise_id].status == "accepted"
    assert world.store.acts == {}


async def test_a_step_repeated_after_a_lost_answer_returns_the_file_and_changes_nothing(world: World) -> None:
    expertise_id = await accepted(world)
    world.clock.advance(minutes=1)
    again = await workflows.accept_tele_expertise(world.context, REQUIS, expertise_id)
    assert again.row.status == "accepted"
    world.clock.advance(hours=1)
    await workflows.report_tele_expertise(world.context, REQUIS, expertise_id, REPORT)
    before = world.store.state()
    published, counters = list(world.units.outbox.published), list(world.units.outbox.counted)
    world.clock.advance(minutes=1)

    repeated = await workflows.report_tele_expertise(world.context, REQUIS, expertise_id, REPORT)

    assert repeated.row.status == "answered" and len(repeated.acts) == 2
    assert world.store.state() == before, "no second trace entry, report or act"
    assert world.units.outbox.published == published, "no second ActRecorded: billed once"
    assert world.units.outbox.counted == counters
    other = ReportRequest(**{**REPORT.model_dump(), "text": "Un autre avis."})
    await refused_without_change(
        world, IllegalTransition, workflows.report_tele_expertise(world.context, REQUIS, expertise_id, other)
    )
    await refused_without_change(
        world, IllegalTransition, workflows.accept_tele_expertise(world.context, REQUIS, expertise_id)
    )


async def test_an_answer_before_acceptance_is_illegal(world: World) -> None:
    expertise_id = await opened(world)
    with pytest.raises(IllegalTransition) as raised:
        await workflows.report_tele_expertise(world.context, REQUIS, expertise_id, REPORT)
    assert raised.value.from_state.value == "requested"
    assert world.units.outbox.events(ActRecorded) == []
    assert [e.new_status for e in world.units.outbox.events(TeleExpertiseStatusChanged)] == ["requested"]
    assert world.store.reports == {}


async def test_a_party_records_an_incident_without_changing_the_state(world: World) -> None:
    expertise_id = await opened(world)
    colleague = caller(practice_id=PRACTICE, rpps="10007777777")
    await refused_without_change(
        world,
        NotPartyError,
        workflows.record_tele_expertise_incident(world.context, colleague, expertise_id, "Panne"),
    )

    entry = await workflows.record_tele_expertise_incident(
        world.context, REQUERANT, expertise_id, "Images re-transmises après une coupure réseau."
    )

    assert (entry.seq, entry.action, entry.actor_role, entry.actor_rpps) == (
        2,
        "record_incident",
        "requerant",
        RPPS,
    )
    assert (entry.from_status, entry.to_status) == ("requested", "requested")
    assert world.store.rows[expertise_id].status == "requested"
    assert steps(world) == ["request", "record_incident"]


# ---------------------------------------------------------------- reading


async def test_each_party_lists_what_it_takes_part_in_page_by_page(world: World) -> None:
    ids = []
    for _ in range(3):
        ids.append(await opened(world))
        world.clock.advance(seconds=1)
    await workflows.cancel_tele_expertise(world.context, REQUERANT, ids[0], None)

    first, cursor = await workflows.list_tele_expertises(
        world.context, REQUERANT, party=PartyFilter.REQUERANT, status=None, after=None, limit=2
    )
    assert [row.id for row in first] == ids[:2]
    assert cursor is not None
    last = first[-1]
    rest, end = await workflows.list_tele_expertises(
        world.context, REQUERANT, party=None, status=None, after=(last.created_at, last.id), limit=2
    )
    assert ([row.id for row in rest], end) == ([ids[2]], None)

    open_only, _ = await workflows.list_tele_expertises(
        world.context, REQUIS, party=PartyFilter.REQUIS, status=None, after=None, limit=10
    )
    assert [row.id for row in open_only] == ids
    requested, _ = await workflows.list_tele_expertises(
        world.context, REQUERANT, party=None, status=ExpertiseStatus.REQUESTED, after=None, limit=10
    )
    assert [row.id for row in requested] == ids[1:]
    as_requis, _ = await workflows.list_tele_expertises(
        world.context, REQUERANT, party=PartyFilter.REQUIS, status=None, after=None, limit=10
    )
    stranger, _ = await workflows.list_tele_expertises(
        world.context, STRANGER, party=None, status=None, after=None, limit=10
    )
    assert (as_requis, stranger) == ([], [])


async def test_a_file_is_shown_to_its_parties_only(world: World) -> None:
    expertise_id = await opened(world, attachments=[png()])
    requis_elsewhere = caller(practice_id="cab-third", rpps=REQUIS_RPPS, role=Role.SPECIALIST)

    for party in (REQUERANT, requis_elsewhere):
        assert (await workflows.get_tele_expertise(world.context, party, expertise_id)).row.id == expertise_id
    with pytest.raises(ExpertiseNotFoundError):
        await workflows.get_tele_expertise(world.context, STRANGER, expertise_id)
    # Once the requis accepted, his practice sees the file too.
    requis_colleague = caller(practice_id=REQUIS_PRACTICE, rpps="10008888888")
    with pytest.raises(ExpertiseNotFoundError):
        await workflows.get_tele_expertise(world.context, requis_colleague, expertise_id)
    await workflows.accept_tele_expertise(world.context, REQUIS, expertise_id)
    assert (
        await workflows.get_tele_expertise(world.context, requis_colleague, expertise_id)
    ).row.id == expertise_id


async def test_an_attachment_is_served_with_its_content_from_its_own_file_only(world: World) -> None:
    expertise_id = await opened(world, attachments=[png()])
    other_id = await opened(world)
    [stored] = (await workflows.get_tele_expertise(world.context, REQUERANT, expertise_id)).attachments

    found = await workflows.attachment_of(world.context, REQUIS, expertise_id, stored.id)

    assert (found.content, found.content_type) == (PNG, "image/png")
    with pytest.raises(AttachmentNotFoundError):
        await workflows.attachment_of(world.context, REQUERANT, other_id, stored.id)
    with pytest.raises(ExpertiseNotFoundError):
        await workflows.attachment_of(world.context, STRANGER, expertise_id, stored.id)


async def test_the_trace_lists_every_step_in_order(world: World) -> None:
    expertise_id = await accepted(world)
    await workflows.report_tele_expertise(world.context, REQUIS, expertise_id, REPORT)

    file, entries = await workflows.trace_of(world.context, REQUERANT, expertise_id)

    assert file.row.status == "answered"
    assert [(e.seq, e.action, e.actor_role) for e in entries] == [
        (1, "request", "requerant"),
        (2, "accept", "requis"),
        (3, "answer", "requis"),
    ]
    with pytest.raises(ExpertiseNotFoundError):
        await workflows.trace_of(world.context, STRANGER, expertise_id)


# ---------------------------------------------------------------- the service's own steps


async def test_unanswered_requests_expire_after_the_delay_once(world: World) -> None:
    requested = await opened(world)
    taken = await accepted(world)
    done = await accepted(world)
    await workflows.report_tele_expertise(world.context, REQUIS, done, REPORT)
    assert await workflows.expire_overdue(world.context) == 0

    world.clock.advance(days=7, minutes=1)
    assert await workflows.expire_overdue(world.context) == 2

    statuses = {i: world.store.rows[i].status for i in (requested, taken, done)}
    assert statuses == {requested: "expired", taken: "expired", done: "answered"}
    expiries = [e for e in world.store.entries if e.action == "expire"]
    assert {e.expertise_id for e in expiries} == {requested, taken}
    assert all((e.actor_role, e.actor_rpps, e.actor_practice_id) == ("system", None, None) for e in expiries)
    assert counted(world.units, expired_counter) == [(2, {})]
    assert await workflows.expire_overdue(world.context) == 0
    assert len(world.units.outbox.events(ActRecorded)) == 2  # the answered file's acts, nothing more
    # Each expiry announced once, naming the requis's practice when he had accepted.
    expired = [e for e in world.units.outbox.events(TeleExpertiseStatusChanged) if e.new_status == "expired"]
    assert sorted(
        ((e.expertise_id, e.previous_status, e.requis_practice_id) for e in expired), key=str
    ) == sorted([(requested, "requested", None), (taken, "accepted", REQUIS_PRACTICE)], key=str)


async def test_expiry_runs_batch_after_batch_and_leaves_files_another_instance_holds(world: World) -> None:
    context, units = memory_context(world.clock, expiry_batch_size=2)
    batched = World(context, units, world.clock)
    ids = [await opened(batched) for _ in range(5)]
    batched.store.locked_elsewhere.add(ids[0])
    batched.clock.advance(days=8)

    assert await workflows.expire_overdue(batched.context) == 4

    assert batched.store.rows[ids[0]].status == "requested"
    assert [batched.store.rows[i].status for i in ids[1:]] == ["expired"] * 4
    assert counted(batched.units, expired_counter) == [(2, {}), (2, {})]


async def test_an_act_publication_failing_too_long_is_traced_once_per_event(world: World) -> None:
    expertise_id = await opened(world)
    failing_since = world.clock.now - timedelta(minutes=10)
    stale = StalePublication(uuid.uuid4(), expertise_id, "TE2", "KafkaConnectionError", failing_since)
    recent = StalePublication(uuid.uuid4(), expertise_id, "RQD", "KafkaConnectionError", world.clock.now)
    world.store.stale_publications += [stale, recent]

    assert await workflows.trace_publication_failures(world.context) == 1
    assert await workflows.trace_publication_failures(world.context) == 0

    [incident] = [e for e in world.store.entries if e.action == "record_incident"]
    assert (incident.actor_role, incident.actor_rpps, incident.incident_ref) == (
        "system",
        None,
        f"outbox:{stale.event_id}",
    )
    assert "Act TE2" in incident.details
    assert "KafkaConnectionError" in incident.details
    assert world.store.rows[expertise_id].status == "requested"
    assert counted(world.units, incidents_counter) == [(1, {"source": "system"})]


async def test_a_file_another_instance_holds_is_traced_on_a_later_run(world: World) -> None:
    expertise_id = await opened(world)
    since = world.clock.now - timedelta(minutes=10)
    world.store.stale_publications.append(StalePublication(uuid.uuid4(), expertise_id, "TE2", "boom", since))
    world.store.locked_elsewhere.add(expertise_id)

    assert await workflows.trace_publication_failures(world.context) == 0
    world.store.locked_elsewhere.clear()
    assert await workflows.trace_publication_failures(world.context) == 1


# ---------------------------------------------------------------- billing outcomes


def billed(expertise_id: uuid.UUID, at: datetime, act_id: uuid.UUID | None = None) -> TeleExpertiseBilled:
    return TeleExpertiseBilled(
        act_id=act_id or act_id_for(expertise_id, ActRole.REQUERANT),
        expertise_id=expertise_id,
        practice_id=PRACTICE,
        practitioner_rpps=RPPS,
        patient_key="pk_" + "0" * 32,
        invoice_id=uuid.UUID(int=7),
        act_code=ActCode.RQD,
        amount=Decimal("10.00"),
        payer=Payer.AMO,
        billed_at=at,
    )


def rejected(expertise_id: uuid.UUID, at: datetime) -> TeleExpertiseBillingRejected:
    return TeleExpertiseBillingRejected(
        act_id=act_id_for(expertise_id, ActRole.REQUERANT),
        expertise_id=expertise_id,
        practice_id=PRACTICE,
        practitioner_rpps=RPPS,
        patient_key="pk_" + "0" * 32,
        act_code=ActCode.RQD,
        reason=BillingRejectionReason.YEARLY_CAP_REACHED,
        detail="4 acts already billed this year for this patient",
        rejected_at=at,
    )


async def test_billing_outcomes_show_on_the_act_and_the_newest_wins(world: World) -> None:
    expertise_id = await accepted(world)
    await workflows.report_tele_expertise(world.context, REQUIS, expertise_id, REPORT)
    act = world.store.acts[act_id_for(expertise_id, ActRole.REQUERANT)]
    at = world.clock.now + timedelta(minutes=1)

    # Contracts type the time as a plain datetime: a naive one is taken as UTC.
    async with world.units.unit() as uow:
        await workflows.act_billed(uow, world.context, billed(expertise_id, at.replace(tzinfo=None)))
    assert (act.billing_status, act.invoice_id, act.amount_cents, act.payer) == (
        "billed",
        uuid.UUID(int=7),
        1000,
        "amo",
    )
    assert act.billing_at == at
    assert act.billing_at is not None
    assert act.billing_at.utcoffset() == timedelta(0)
    # An older rejection arriving late changes nothing; a newer one wins.
    async with world.units.unit() as uow:
        await workflows.act_billing_rejected(
            uow, world.context, rejected(expertise_id, at - timedelta(seconds=1))
        )
    assert act.billing_status == "billed"
    async with world.units.unit() as uow:
        await workflows.act_billing_rejected(
            uow, world.context, rejected(expertise_id, at + timedelta(seconds=1))
        )
    assert (act.billing_status, act.invoice_id, act.amount_cents, act.payer, act.rejection_reason) == (
        "rejected",
        None,
        None,
        None,
        "yearly_cap_reached",
    )
    assert act.rejection_detail == "4 acts already billed this year for this patient"
    assert act.billing_at == at + timedelta(seconds=1)
    assert counted(world.units, billing_updates) == [(1, {"outcome": "billed"}), (1, {"outcome": "rejected"})]


async def test_a_billing_outcome_for_an_act_not_ours_is_ignored(world: World) -> None:
    expertise_id = await accepted(world)
    await workflows.report_tele_expertise(world.context, REQUIS, expertise_id, REPORT)
    before = world.store.state()

    later = world.clock.now + timedelta(minutes=1)
    async with world.units.unit() as uow:
        await workflows.act_billed(uow, world.context, billed(expertise_id, later, act_id=uuid.uuid4()))
    async with world.units.unit() as uow:
        # The right act id, but announced for another tele-expertise.
        await workflows.act_billed(
            uow,
            world.context,
            billed(uuid.uuid4(), later, act_id=act_id_for(expertise_id, ActRole.REQUERANT)),
        )

    assert world.store.state() == before
    assert counted(world.units, billing_updates) == []
