"""The refusal and access-log workflows behind the one guard (issue 12), on the in-memory store.

One patient, four practices: A recorded the patient's refusals and holds the identity QUAL, B holds it
QUAL too, P holds it PROV (qualified, then flagged), N never identified the patient. Only A and B
reach the refusals and the log; only A lifts A's refusals; each practice reads its own traces only.
"""

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest

from dentalink_contracts.events import BirthTraits, IdentityQualified, IdentityStatus, IdentityStatusChanged
from dentalink_contracts.values import Ins, InsOid, Role, Sex
from dmp_service.context import DmpContext
from dmp_service.domain import DenialReason, RecordArea
from dmp_service.errors import AccessDenied
from dmp_service.models import AccessLogRow, AccessRefusalRow
from dmp_service.store import DocumentFilters
from dmp_service.testing import FIELD_KEYS, InMemoryDmpStore, in_memory_context, new_matricule
from dmp_service.workflows import access, agenda, documents, identity
from servicekit import CallerContext
from servicekit.fakes import InMemoryUnits
from servicekit.testing import FrozenClock, caller

NOW = datetime(2025, 6, 2, 8, 0, tzinfo=UTC)
A, B, P, N = "cab-lyon", "cab-lille", "cab-pau", "cab-nice"
DENTIST_A, OTHER_A, DENTIST_B, DENTIST_P, DENTIST_N = (
    "10101010101",
    "10101010102",
    "10202020202",
    "10303030303",
    "10404040404",
)
REFUSED = "10909090909"
DENIED = "dentalink_dmp_access_denied"


@dataclass
class Patient:
    """The context, its store and clock, and the patient's INS once A, B and P have identified it."""

    context: DmpContext
    units: InMemoryUnits[InMemoryDmpStore]
    clock: FrozenClock
    matricule: str

    def log(self) -> list[AccessLogRow]:
        key = self.context.patient_key(self.matricule)
        return [row for row in self.units.store.rows(AccessLogRow) if row.patient_key == key]

    def refusals(self) -> list[AccessRefusalRow]:
        return self.units.store.rows(AccessRefusalRow)

    def denied(self) -> list[dict[str, str]]:
        return [labels for name, _, labels in self.units.outbox.counted if name == DENIED]


def professional(practice: str, rpps: str, role: Role = Role.DENTIST) -> CallerContext:
    return caller(practice_id=practice, rpps=rpps, role=role)


async def _qualify(
    context: DmpContext, units: InMemoryUnits[InMemoryDmpStore], matricule: str, practice: str
) -> uuid.UUID:
    identity_id = uuid.uuid4()
    event = IdentityQualified(
        identity_id=identity_id,
        practice_id=practice,
        patient_key=context.patient_key(matricule),
        ins=FIELD_KEYS.seal(Ins(matricule=matricule, oid=InsOid.NIR_TEST), IdentityQualified, "ins"),
        traits=FIELD_KEYS.seal(
            BirthTraits(birth_date=date(1985, 3, 14), sex=Sex.FEMALE), IdentityQualified, "traits"
        ),
        qualified_at=NOW - timedelta(hours=1),
    )
    async with units.unit() as uow:
        await identity.identity_qualified(uow, context, event)
    return identity_id


@pytest.fixture
async def patient() -> Patient:
    clock = FrozenClock()
    clock.now = NOW
    context, units = in_memory_context(clock)
    matricule = new_matricule()
    for practice in (A, B):
        await _qualify(context, units, matricule, practice)
    in_p = await _qualify(context, units, matricule, P)
    # P flags its identity: it leaves QUAL there (published without the INS, as ins-service does).
    changed = IdentityStatusChanged(
        identity_id=in_p,
        practice_id=P,
        patient_key=context.patient_key(matricule),
        ins=None,
        previous_status=IdentityStatus.QUAL,
        new_status=IdentityStatus.PROV,
        changed_at=NOW - timedelta(minutes=30),
    )
    async with units.unit() as uow:
        await identity.identity_status_changed(uow, context, changed)
    return Patient(context, units, clock, matricule)


async def _record_refusal(patient: Patient, who: CallerContext, rpps: str | None = REFUSED) -> uuid.UUID:
    state = await access.record_refusal(
        patient.context, who, patient.matricule, rpps=rpps, areas=[RecordArea.DMP], on_behalf_of="patient"
    )
    return state.row.id


@pytest.mark.parametrize(("practice", "rpps"), [(N, DENTIST_N), (P, DENTIST_P)])
async def test_without_the_patient_s_qualified_identity_a_practice_reaches_no_refusal_nor_trace(
    patient: Patient, practice: str, rpps: str
) -> None:
    refusal_id = await _record_refusal(patient, professional(A, DENTIST_A))
    refusals, lines = patient.refusals(), len(patient.log())
    outsider = professional(practice, rpps)
    context, matricule = patient.context, patient.matricule

    attempts: list[Callable[[], Awaitable[object]]] = [
        lambda: access.list_refusals(
            context, outsider, matricule, include_revoked=True, cursor=None, limit=50
        ),
        lambda: access.record_refusal(
            context, outsider, matricule, rpps=None, areas=list(RecordArea), on_behalf_of="patient"
        ),
        lambda: access.revoke_refusal(context, outsider, matricule, refusal_id, on_behalf_of="patient"),
        lambda: access.access_log(context, outsider, matricule, cursor=None, limit=50),
    ]
    for attempt in attempts:
        with pytest.raises(AccessDenied) as denied:
            await attempt()
        assert denied.value.decision.reason is DenialReason.PRACTICE_IDENTITY_NOT_QUALIFIED

    # Nothing recorded, nothing lifted: the refusal still keeps its professional out.
    assert patient.refusals() == refusals
    with pytest.raises(AccessDenied) as still:
        await documents.list_documents(
            context, professional(B, REFUSED), matricule, DocumentFilters(), cursor=None, limit=10
        )
    assert still.value.decision.reason is DenialReason.PATIENT_REFUSED_PROFESSIONAL
    # Each attempt is traced as denied under the outsider's practice, and counted.
    traces = patient.log()[lines : lines + 4]
    assert [(t.operation, t.outcome, t.reason, t.practice_id, t.actor_rpps) for t in traces] == [
        (operation, "denied", "practice_identity_not_qualified", practice, rpps)
        for operation in ("read_refusals", "manage_refusals", "revoke_refusal", "read_access_log")
    ]
    assert traces[2].resource_id == str(refusal_id)
    assert patient.denied()[:4] == [
        {"reason": "practice_identity_not_qualified", "operation": operation}
        for operation in ("read_refusals", "manage_refusals", "revoke_refusal", "read_access_log")
    ]


async def test_every_practice_holding_the_qualified_identity_sees_the_patient_s_refusals(
    patient: Patient,
) -> None:
    refusal_id = await _record_refusal(patient, professional(A, DENTIST_A))

    listed = await access.list_refusals(
        patient.context,
        professional(B, DENTIST_B),
        patient.matricule,
        include_revoked=False,
        cursor=None,
        limit=50,
    )

    assert [(state.row.id, state.row.recorded_by_practice, state.in_effect) for state in listed.items] == [
        (refusal_id, A, True)
    ]
    [line] = [line for line in patient.log() if line.practice_id == B]
    assert (line.operation, line.outcome) == ("read_refusals", "allowed")


async def test_another_practice_cannot_lift_a_refusal_it_did_not_record_and_learns_nothing_of_it(
    patient: Patient,
) -> None:
    refusal_id = await _record_refusal(patient, professional(A, DENTIST_A))
    refusals = patient.refusals()
    in_b = professional(B, DENTIST_B)

    with pytest.raises(AccessDenied) as elsewhere:
        await access.revoke_refusal(
            patient.context, in_b, patient.matricule, refusal_id, on_behalf_of="patient"
        )
    with pytest.raises(AccessDenied) as missing:
        await access.revoke_refusal(
            patient.context, in_b, patient.matricule, uuid.uuid4(), on_behalf_of="patient"
        )

    # "Not yours" is answered as "not found": same decision, same kind of trace.
    assert elsewhere.value.decision == missing.value.decision
    assert elsewhere.value.decision.reason is DenialReason.REFUSAL_NOT_FOUND
    assert patient.refusals() == refusals
    b_lines = [line for line in patient.log() if line.practice_id == B]
    assert [(line.operation, line.outcome, line.reason, line.resource_type) for line in b_lines] == [
        ("revoke_refusal", "denied", "refusal_not_found", "refusal"),
        ("revoke_refusal", "denied", "refusal_not_found", "refusal"),
    ]
    assert b_lines[0].resource_id == str(refusal_id)
    assert patient.denied() == [{"reason": "refusal_not_found", "operation": "revoke_refusal"}] * 2
    # The refused professional stays out, in any practice.
    with pytest.raises(AccessDenied):
        await documents.list_documents(
            patient.context,
            professional(B, REFUSED),
            patient.matricule,
            DocumentFilters(),
            cursor=None,
            limit=10,
        )


async def test_the_practice_that_recorded_a_refusal_lifts_it_for_the_patient_and_it_is_traced(
    patient: Patient,
) -> None:
    refusal_id = await _record_refusal(patient, professional(A, DENTIST_A))
    patient.clock.advance(minutes=5)
    admin = professional(A, OTHER_A, Role.PRACTICE_ADMIN)

    lifted = await access.revoke_refusal(
        patient.context, admin, patient.matricule, refusal_id, on_behalf_of="legal_representative"
    )

    assert not lifted.in_effect
    [row] = patient.refusals()
    assert (row.revoked_at, row.revoked_by_rpps, row.revoked_by_practice, row.revocation_requested_by) == (
        NOW + timedelta(minutes=5),
        OTHER_A,
        A,
        "legal_representative",
    )
    line = patient.log()[-1]
    assert (line.operation, line.outcome, line.actor_rpps, line.actor_role, line.practice_id) == (
        "revoke_refusal",
        "allowed",
        OTHER_A,
        "practice_admin",
        A,
    )
    assert (line.resource_type, line.resource_id, line.created_at) == (
        "refusal",
        str(refusal_id),
        NOW + timedelta(minutes=5),
    )
    assert patient.denied() == []
    # The professional it refused reaches the record again.
    listed = await documents.list_documents(
        patient.context, professional(A, REFUSED), patient.matricule, DocumentFilters(), cursor=None, limit=10
    )
    assert listed.page.items == []


async def test_the_access_log_shows_a_practice_its_own_lines_only(patient: Patient) -> None:
    context, matricule = patient.context, patient.matricule
    await agenda.list_appointments(
        context, professional(A, DENTIST_A), matricule, include_cancelled=False, cursor=None, limit=10
    )
    patient.clock.advance(seconds=1)
    await documents.list_documents(
        context, professional(B, DENTIST_B), matricule, DocumentFilters(), cursor=None, limit=10
    )
    patient.clock.advance(seconds=1)
    with pytest.raises(AccessDenied):
        await access.access_log(context, professional(N, DENTIST_N), matricule, cursor=None, limit=50)
    patient.clock.advance(seconds=1)

    for_a = await access.access_log(
        context, professional(A, OTHER_A, Role.AUDITOR), matricule, cursor=None, limit=50
    )
    patient.clock.advance(seconds=1)
    for_b = await access.access_log(context, professional(B, DENTIST_B), matricule, cursor=None, limit=1)
    rest_b = await access.access_log(
        context, professional(B, DENTIST_B), matricule, cursor=for_b.next_cursor, limit=50
    )

    # The auditor of A reads A's lines (its own read included), nothing of B's nor of N's denial.
    assert [(line.operation, line.actor_rpps) for line in for_a.items] == [
        ("read_appointments", DENTIST_A),
        ("read_access_log", OTHER_A),
    ]
    assert [(line.operation, line.actor_rpps) for line in for_b.items + rest_b.items] == [
        ("read_documents", DENTIST_B),
        ("read_access_log", DENTIST_B),
        ("read_access_log", DENTIST_B),
    ]
    assert rest_b.next_cursor is None
    # The whole log, every practice's, is still kept (the patient's and the auditors' of the record).
    assert {line.practice_id for line in patient.log()} == {A, B, N}
