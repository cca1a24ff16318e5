"""Workflows of dmp-service against the in-memory store and the recording outbox (no I/O).

Each test drives one workflow as the API, a consumer or a job would, then checks what it stored, what
it traced in the access log, what it counted, and that a refused command left the store as it was.
dmp-service publishes no events: every unit must leave the outbox without events.
"""

import base64
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

import pytest

from dentalink_contracts.events import (
    ActCode,
    ActRecorded,
    ActRole,
    BirthTraits,
    IdentityQualified,
    IdentityStatus,
    IdentityStatusChanged,
    ReportReference,
)
from dentalink_contracts.sealing import FieldKeyRing, new_field_key_spec, parse_field_keys
from dentalink_contracts.values import Ins, InsOid, Profession, Role, Sex
from dmp_service.adapters.national_dmp import SandboxNationalDmp
from dmp_service.context import DmpContext
from dmp_service.domain import (
    AddedBy,
    DenialReason,
    DocumentTooLarge,
    ItemStatus,
    ProfileSection,
    PushStatus,
    RecordArea,
    Relationship,
    content_digest,
)
from dmp_service.errors import (
    AccessDenied,
    AgendaBeforeBirth,
    AgendaOutOfCalendar,
    AppointmentAlreadyCancelled,
    DigestMismatch,
    InconsistentPregnancy,
    InvalidInput,
    MessageRejected,
    Missing,
    NotFound,
    ProfileEntryRemoved,
    RefusalAlreadyRevoked,
    RelatedProfileDetached,
    RelatedProfileExists,
    RelatedProfileRefused,
    StaleDocumentVersion,
    StaleProfileEntry,
)
from dmp_service.models import (
    AccessLogRow,
    AccessRefusalRow,
    DocumentContent,
    DocumentRow,
    DocumentVersionRow,
    IdentityStatusWithoutIns,
    MessageAttachmentRow,
    MessageRow,
    NotificationRow,
    PatientRecord,
    PracticeIdentity,
    ProfileEntryVersionRow,
    RelatedProfileRow,
    Table,
    TeleExpertiseReportRow,
)
from dmp_service.schemas import (
    AttachmentRequest,
    DocumentDeposit,
    DocumentReplacement,
    MessageRequest,
)
from dmp_service.settings import MailerFault, NationalDmpFault, Settings
from dmp_service.store import POSTPONED, DocumentFilters
from dmp_service.testing import (
    FIELD_KEYS,
    InMemoryDmpStore,
    RecordingMailer,
    in_memory_context,
    new_matricule,
)
from dmp_service.workflows import (
    access,
    agenda,
    documents,
    identity,
    messages,
    national_push,
    notifications,
    profile,
    related,
    reports,
)
from servicekit import CallerContext, PermanentError
from servicekit.fakes import InMemoryUnits
from servicekit.testing import FrozenClock, caller

R = TypeVar("R", bound=Table)

NOW = datetime(2025, 6, 2, 8, 0, tzinfo=UTC)
PRACTICE = "cab-lyon"
OTHER_PRACTICE = "cab-nantes"
DENTIST = "10101010101"
OTHER_DENTIST = "10202020202"
REPORT_TEXT = "Compte rendu : lésion bénigne, surveillance à 3 mois.\n"


@dataclass
class World:
    """One dmp-service process in memory: its context, units of work, clock and ports."""

    context: DmpContext
    units: InMemoryUnits[InMemoryDmpStore]
    clock: FrozenClock
    national: SandboxNationalDmp
    mailer: RecordingMailer

    @property
    def store(self) -> InMemoryDmpStore:
        return self.units.store

    def rows(self, table: type[R]) -> list[R]:
        return self.store.rows(table)

    def counted(self, name: str) -> list[tuple[float, dict[str, str]]]:
        """What the committed units counted on the counter `name`."""
        return [(amount, labels) for counted, amount, labels in self.units.outbox.counted if counted == name]

    def snapshot(self) -> dict[type[Table], dict[Any, dict[str, Any]]]:
        """The store's content, to check that a refused command changed nothing."""
        return {
            table: {key: row.model_dump() for key, row in rows.items()}
            for table, rows in self.store.tables.items()
        }

    async def qualify(
        self,
        matricule: str,
        *,
        practice: str = PRACTICE,
        birth_date: date = date(1985, 3, 14),
        at: datetime | None = None,
        identity_id: uuid.UUID | None = None,
    ) -> uuid.UUID:
        """IdentityQualified as ins-service publishes it, handled in a consumer's unit of work."""
        identity_id = identity_id or uuid.uuid4()
        event = IdentityQualified(
            identity_id=identity_id,
            practice_id=practice,
            patient_key=self.context.patient_key(matricule),
            ins=FIELD_KEYS.seal(Ins(matricule=matricule, oid=InsOid.NIR_TEST), IdentityQualified, "ins"),
            traits=FIELD_KEYS.seal(
                BirthTraits(birth_date=birth_date, sex=Sex.FEMALE), IdentityQualified, "traits"
            ),
            qualified_at=at or self.clock(),
        )
        async with self.units.unit() as uow:
            await identity.identity_qualified(uow, self.context, event)
        return identity_id

    async def downgrade(
        self, matricule: str, identity_id: uuid.UUID, *, at: datetime, practice: str = PRACTICE
    ) -> None:
        """IdentityStatusChanged out of QUAL, without the INS, as ins-service publishes it."""
        event = IdentityStatusChanged(
            identity_id=identity_id,
            practice_id=practice,
            patient_key=self.context.patient_key(matricule),
            ins=None,
            previous_status=IdentityStatus.QUAL,
            new_status=IdentityStatus.VALI,
            changed_at=at,
        )
        async with self.units.unit() as uow:
            await identity.identity_status_changed(uow, self.context, event)

    async def act_recorded(
        self,
        matricule: str,
        expertise_id: uuid.UUID,
        *,
        requis: str = OTHER_DENTIST,
        role: ActRole = ActRole.REQUIS,
        sha256: str | None = None,
        keys: FieldKeyRing = FIELD_KEYS,
    ) -> None:
        event = ActRecorded(
            act_id=uuid.uuid5(expertise_id, role.value),
            expertise_id=expertise_id,
            practice_id=OTHER_PRACTICE,
            role=role,
            practitioner_rpps=requis,
            practitioner_profession=Profession.DENTIST,
            patient_ins=FIELD_KEYS.seal(
                Ins(matricule=matricule, oid=InsOid.NIR_TEST), ActRecorded, "patient_ins"
            ),
            patient_key=self.context.patient_key(matricule),
            act_code=ActCode.TE2 if role is ActRole.REQUIS else ActCode.RQD,
            performed_at=datetime(2025, 6, 1, 16, 30, tzinfo=UTC),
            report=keys.seal(
                ReportReference(
                    title="Compte rendu de télé-expertise bucco-dentaire",
                    content_type="text/plain; charset=utf-8",
                    content=REPORT_TEXT,
                    sha256=sha256 or content_digest(REPORT_TEXT.encode()),
                ),
                ActRecorded,
                "report",
            ),
        )
        async with self.units.unit() as uow:
            await reports.act_recorded(uow, self.context, event)

    def record(self, matricule: str) -> PatientRecord:
        [record] = [row for row in self.rows(PatientRecord) if row.matricule == matricule]
        return record

    def log(self, matricule: str) -> list[AccessLogRow]:
        key = self.context.patient_key(matricule)
        return [row for row in self.rows(AccessLogRow) if row.patient_key == key]


@pytest.fixture
def world() -> World:
    clock = FrozenClock()
    clock.now = NOW
    national = SandboxNationalDmp()
    mailer = RecordingMailer()
    settings = Settings(max_document_bytes=64 * 1024)
    context, units = in_memory_context(clock, settings=settings, national_dmp=national, mailer=mailer)
    return World(context, units, clock, national, mailer)


def dentist(rpps: str = DENTIST, practice: str = PRACTICE, role: Role = Role.DENTIST) -> CallerContext:
    return caller(practice_id=practice, rpps=rpps, role=role)


def deposit(content: bytes = b"Compte rendu\n", **fields: Any) -> DocumentDeposit:
    values: dict[str, Any] = {
        "type_code": "11488-4",
        "title": "Compte rendu de consultation",
        "date_of_care": date(2025, 6, 1),
        "content_type": "text/plain",
        "content_base64": base64.b64encode(content).decode(),
        **fields,
    }
    return DocumentDeposit(**values)


async def patient(world: World, *, birth_date: date = date(1985, 3, 14)) -> str:
    matricule = new_matricule()
    await world.qualify(matricule, birth_date=birth_date)
    return matricule


# ---------------------------------------------------------------- consumed events: identity


async def test_a_qualification_creates_the_record_qualified_in_the_practice(world: World) -> None:
    matricule = new_matricule()
    identity_id = await world.qualify(matricule, birth_date=date(2012, 4, 5))

    record = world.record(matricule)
    assert (record.identity_status, record.birth_date, record.sex) == ("QUAL", date(2012, 4, 5), "F")
    assert record.patient_key == world.context.patient_key(matricule) != matricule
    [status] = world.rows(PracticeIdentity)
    assert (status.matricule, status.practice_id, status.status, status.identity_id) == (
        matricule,
        PRACTICE,
        "QUAL",
        identity_id,
    )
    assert world.store.identity_locks == [identity_id]
    assert world.units.outbox.published == []  # dmp-service publishes nothing


async def test_a_downgrade_without_ins_disables_the_record(world: World) -> None:
    matricule = new_matricule()
    identity_id = await world.qualify(matricule)

    await world.downgrade(matricule, identity_id, at=NOW + timedelta(minutes=5))

    assert world.record(matricule).identity_status == "VALI"
    [status] = world.rows(PracticeIdentity)
    assert (status.status, status.status_at) == ("VALI", NOW + timedelta(minutes=5))
    [remembered] = world.rows(IdentityStatusWithoutIns)
    assert (remembered.identity_id, remembered.status) == (identity_id, "VALI")


async def test_a_downgrade_overtaking_its_qualification_still_wins(world: World) -> None:
    matricule, identity_id = new_matricule(), uuid.uuid4()
    await world.downgrade(matricule, identity_id, at=NOW)  # arrives first, on the other topic
    assert world.rows(PatientRecord) == []

    await world.qualify(matricule, at=NOW - timedelta(minutes=1), identity_id=identity_id)

    assert world.record(matricule).identity_status == "VALI"


async def test_another_practice_qualifying_keeps_the_record_qualified(world: World) -> None:
    matricule = new_matricule()
    mine = await world.qualify(matricule)
    await world.qualify(matricule, practice=OTHER_PRACTICE, at=NOW + timedelta(minutes=1))

    await world.downgrade(matricule, mine, at=NOW + timedelta(minutes=2))

    assert world.record(matricule).identity_status == "QUAL"
    statuses = {row.practice_id: row.status for row in world.rows(PracticeIdentity)}
    assert statuses == {PRACTICE: "VALI", OTHER_PRACTICE: "QUAL"}


# ---------------------------------------------------------------- consumed events: tele-expertise reports


async def test_a_requis_report_is_filed_in_a_qualified_record(world: World) -> None:
    matricule = await patient(world)
    expertise_id = uuid.uuid4()

    await world.act_recorded(matricule, expertise_id)

    [document] = world.rows(DocumentRow)
    assert (document.source, document.source_ref) == ("tele_expertise", str(expertise_id))
    [version] = world.rows(DocumentVersionRow)
    assert (version.type_code, version.author_rpps, version.content_type) == (
        "11488-4",
        OTHER_DENTIST,
        "text/plain",
    )
    stored = await world.store.get(DocumentContent, version.id)
    assert stored is not None and stored.content == REPORT_TEXT.encode()
    [report] = world.rows(TeleExpertiseReportRow)
    assert (report.outcome, report.document_id) == ("filed", document.id)
    [trace] = [line for line in world.log(matricule) if line.channel == "event"]
    assert (trace.outcome, trace.actor_rpps, trace.resource_type, trace.resource_id) == (
        "allowed",
        OTHER_DENTIST,
        "document",
        str(document.id),
    )
    assert world.counted("dentalink_dmp_documents_filed") == [(1, {"source": "tele_expertise"})]


async def test_a_report_waits_for_the_record_then_is_filed_when_it_is_qualified(world: World) -> None:
    matricule, expertise_id = new_matricule(), uuid.uuid4()

    await world.act_recorded(matricule, expertise_id)

    [report] = world.rows(TeleExpertiseReportRow)
    assert report.outcome == "awaiting_record"
    assert world.rows(DocumentRow) == []
    [skipped] = world.log(matricule)
    assert (skipped.outcome, skipped.reason, skipped.resource_id) == (
        "skipped",
        "no_record",
        str(expertise_id),
    )

    await world.qualify(matricule)

    assert world.rows(TeleExpertiseReportRow)[0].outcome == "filed"
    assert [document.source for document in world.rows(DocumentRow)] == ["tele_expertise"]


async def test_a_report_by_a_refused_requis_is_not_filed(world: World) -> None:
    matricule = await patient(world)
    await access.record_refusal(
        world.context,
        dentist(),
        matricule,
        rpps=OTHER_DENTIST,
        areas=[RecordArea.DMP],
        on_behalf_of="patient",
    )

    await world.act_recorded(matricule, uuid.uuid4())

    assert world.rows(DocumentRow) == []
    assert world.rows(TeleExpertiseReportRow)[0].outcome == "refused"
    denied = [line for line in world.log(matricule) if line.outcome == "denied"]
    assert [(line.actor_rpps, line.reason) for line in denied] == [
        (OTHER_DENTIST, "patient_refused_professional")
    ]


async def test_a_report_is_filed_once_and_only_from_the_requis(world: World) -> None:
    matricule = await patient(world)
    expertise_id = uuid.uuid4()

    await world.act_recorded(matricule, expertise_id, role=ActRole.REQUERANT, requis=DENTIST)
    assert world.rows(TeleExpertiseReportRow) == []
    await world.act_recorded(matricule, expertise_id)
    await world.act_recorded(matricule, expertise_id)  # redelivered

    assert len(world.rows(DocumentRow)) == 1
    assert len(world.rows(TeleExpertiseReportRow)) == 1


async def test_a_report_not_matching_its_digest_is_a_permanent_error(world: World) -> None:
    matricule = await patient(world)
    before = world.snapshot()

    with pytest.raises(PermanentError):
        await world.act_recorded(matricule, uuid.uuid4(), sha256="0" * 64)

    assert world.snapshot() == before


async def test_a_report_sealed_under_another_key_ring_is_a_permanent_error(world: World) -> None:
    matricule = await patient(world)
    before = world.snapshot()

    with pytest.raises(PermanentError) as refused:
        await world.act_recorded(matricule, uuid.uuid4(), keys=parse_field_keys(new_field_key_spec("other")))

    assert matricule not in str(refused.value) and REPORT_TEXT[:20] not in str(refused.value)
    assert world.snapshot() == before


# ---------------------------------------------------------------- the guard, refusals and the access log


async def test_a_refusal_is_recorded_and_its_access_traced(world: World) -> None:
    matricule = await patient(world)

    state = await access.record_refusal(
        world.context,
        dentist(),
        matricule,
        rpps=None,
        areas=[RecordArea.ESPACE_SANTE, RecordArea.DMP],
        on_behalf_of="legal_representative",
    )

    assert state.in_effect
    [row] = world.rows(AccessRefusalRow)
    assert (row.rpps, row.areas, row.requested_by, row.recorded_by_rpps, row.recorded_by_practice) == (
        None,
        ["dmp", "espace_sante"],
        "legal_representative",
        DENTIST,
        PRACTICE,
    )
    [line] = world.log(matricule)
    assert (line.operation, line.outcome, line.actor_role, line.channel) == (
        "manage_refusals",
        "allowed",
        "dentist",
        "api",
    )


async def test_a_denied_command_changes_nothing_but_its_trace_and_counter(world: World) -> None:
    matricule = await patient(world)
    await access.record_refusal(
        world.context, dentist(), matricule, rpps=None, areas=[RecordArea.DMP], on_behalf_of="patient"
    )
    before = {line.id for line in world.rows(AccessLogRow)}

    with pytest.raises(AccessDenied) as denied:
        await documents.deposit_document(world.context, dentist(OTHER_DENTIST), matricule, deposit())

    assert denied.value.decision.reason is DenialReason.PATIENT_REFUSED_ALL
    assert world.rows(DocumentRow) == [] and world.rows(DocumentContent) == []
    [trace] = [line for line in world.rows(AccessLogRow) if line.id not in before]
    assert (trace.outcome, trace.reason, trace.operation, trace.actor_rpps) == (
        "denied",
        "patient_refused_all",
        "add_document",
        OTHER_DENTIST,
    )
    assert world.counted("dentalink_dmp_access_denied") == [
        (1, {"reason": "patient_refused_all", "operation": "add_document"})
    ]
    assert world.counted("dentalink_dmp_documents_filed") == []


async def test_a_practice_that_never_qualified_the_identity_is_denied(world: World) -> None:
    matricule = await patient(world)

    with pytest.raises(AccessDenied) as denied:
        await profile.list_entries(
            world.context,
            dentist(practice=OTHER_PRACTICE),
            matricule,
            ProfileSection.ALLERGIES,
            include_removed=False,
            cursor=None,
            limit=10,
        )

    assert denied.value.decision.reason is DenialReason.PRACTICE_IDENTITY_NOT_QUALIFIED
    [trace] = world.log(matricule)
    assert (trace.outcome, trace.practice_id) == ("denied", OTHER_PRACTICE)


async def test_an_unknown_ins_is_denied_and_traced_under_its_pseudonymous_key(world: World) -> None:
    matricule = new_matricule()

    with pytest.raises(AccessDenied) as denied:
        await agenda.list_appointments(
            world.context, dentist(), matricule, include_cancelled=False, cursor=None, limit=10
        )

    assert denied.value.decision.reason is DenialReason.PRACTICE_IDENTITY_NOT_QUALIFIED
    [trace] = world.rows(AccessLogRow)
    assert trace.patient_key == world.context.patient_key(matricule)
    assert matricule not in trace.model_dump_json()


async def test_a_role_without_the_operation_is_denied(world: World) -> None:
    matricule = await patient(world)

    with pytest.raises(AccessDenied) as denied:
        await documents.read_document(
            world.context, dentist(role=Role.DENTAL_ASSISTANT), matricule, uuid.uuid4()
        )

    assert denied.value.decision.reason is DenialReason.ROLE_NOT_ALLOWED


async def test_refusals_are_listed_and_revoked_by_another_professional(world: World) -> None:
    matricule = await patient(world)
    refused = await access.record_refusal(
        world.context,
        dentist(),
        matricule,
        rpps=OTHER_DENTIST,
        areas=[RecordArea.DMP],
        on_behalf_of="patient",
    )
    world.clock.advance(minutes=10)

    revoked = await access.revoke_refusal(
        world.context, dentist(), matricule, refused.row.id, on_behalf_of="patient"
    )

    assert not revoked.in_effect
    [row] = world.rows(AccessRefusalRow)
    assert (row.revoked_at, row.revoked_by_rpps, row.revocation_requested_by) == (
        NOW + timedelta(minutes=10),
        DENTIST,
        "patient",
    )
    current = await access.list_refusals(
        world.context, dentist(), matricule, include_revoked=False, cursor=None, limit=10
    )
    history = await access.list_refusals(
        world.context, dentist(), matricule, include_revoked=True, cursor=None, limit=10
    )
    assert current.items == []
    assert [(state.row.id, state.in_effect) for state in history.items] == [(row.id, False)]
    with pytest.raises(RefusalAlreadyRevoked):
        await access.revoke_refusal(world.context, dentist(), matricule, row.id, on_behalf_of="patient")


async def test_the_refused_professional_cannot_lift_his_refusal(world: World) -> None:
    matricule = await patient(world)
    refused = await access.record_refusal(
        world.context,
        dentist(),
        matricule,
        rpps=OTHER_DENTIST,
        areas=[RecordArea.DMP],
        on_behalf_of="patient",
    )
    refusals = world.rows(AccessRefusalRow)

    with pytest.raises(AccessDenied) as own:
        await access.revoke_refusal(
            world.context, dentist(OTHER_DENTIST), matricule, refused.row.id, on_behalf_of="patient"
        )
    with pytest.raises(AccessDenied) as missing:
        await access.revoke_refusal(world.context, dentist(), matricule, uuid.uuid4(), on_behalf_of="patient")

    assert own.value.decision.reason is DenialReason.REFUSAL_TARGETS_CALLER
    assert missing.value.decision.reason is DenialReason.REFUSAL_NOT_FOUND
    assert world.rows(AccessRefusalRow) == refusals  # the refusal stands
    # The allowed traces rolled back with the commands; the two refused attempts are traced.
    assert [(line.operation, line.outcome, line.reason, line.actor_rpps) for line in world.log(matricule)][
        1:
    ] == [
        ("revoke_refusal", "denied", "refusal_targets_caller", OTHER_DENTIST),
        ("revoke_refusal", "denied", "refusal_not_found", DENTIST),
    ]


async def test_the_access_log_lists_the_record_s_lines_by_pages(world: World) -> None:
    matricule = await patient(world)
    other = await patient(world)
    for _ in range(3):
        world.clock.advance(seconds=1)
        await agenda.list_appointments(
            world.context, dentist(), matricule, include_cancelled=False, cursor=None, limit=10
        )
    await agenda.list_appointments(
        world.context, dentist(), other, include_cancelled=False, cursor=None, limit=10
    )
    world.clock.advance(seconds=1)

    first = await access.access_log(world.context, dentist(), matricule, cursor=None, limit=3)
    world.clock.advance(seconds=1)
    rest = await access.access_log(world.context, dentist(), matricule, cursor=first.next_cursor, limit=3)

    assert [line.operation for line in first.items] == ["read_appointments"] * 3
    assert [line.created_at for line in first.items] == [NOW + timedelta(seconds=n) for n in (1, 2, 3)]
    assert first.next_cursor is not None
    # Reading the log is traced too: the first read shows on the next page, with the second one.
    assert [(line.operation, line.created_at) for line in rest.items] == [
        ("read_access_log", NOW + timedelta(seconds=4)),
        ("read_access_log", NOW + timedelta(seconds=5)),
    ]
    assert rest.next_cursor is None


# ---------------------------------------------------------------- documents


async def test_a_deposited_document_is_filed_and_queued_for_the_national_dmp(world: World) -> None:
    matricule = await patient(world)
    content = b"Premier compte rendu\n"

    history = await documents.deposit_document(
        world.context, dentist(), matricule, deposit(content, sha256=content_digest(content))
    )

    [document] = world.rows(DocumentRow)
    [version] = world.rows(DocumentVersionRow)
    assert history.document.id == document.id and history.current.id == version.id
    assert (document.source, document.current_version, version.number) == ("deposit", 1, 1)
    assert (version.author_rpps, version.filed_by_practice, version.sha256) == (
        DENTIST,
        PRACTICE,
        content_digest(content),
    )
    assert (version.push_status, version.push_attempts, version.push_next_at) == ("queued", 0, NOW)
    stored = await world.store.get(DocumentContent, version.id)
    assert stored is not None and stored.content == content
    assert world.counted("dentalink_dmp_documents_filed") == [(1, {"source": "deposit"})]
    [line] = [line for line in world.log(matricule) if line.operation == "add_document"]
    assert (line.outcome, line.resource_type) == ("allowed", "document")


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (deposit(content_base64="%%%"), InvalidInput),
        (deposit(b"x" * (64 * 1024 + 1)), DocumentTooLarge),
        (deposit(sha256="0" * 64), DigestMismatch),
        (deposit(date_of_care=date(2025, 6, 3)), InvalidInput),
    ],
)
async def test_an_invalid_deposit_files_nothing(
    world: World, body: DocumentDeposit, error: type[Exception]
) -> None:
    matricule = await patient(world)
    before = world.snapshot()

    with pytest.raises(error):
        await documents.deposit_document(world.context, dentist(), matricule, body)

    assert world.snapshot() == before  # nothing filed, and the allowed trace rolled back
    assert world.counted("dentalink_dmp_documents_filed") == []


async def test_documents_are_listed_filtered_and_paged(world: World) -> None:
    matricule = await patient(world)
    first = await documents.deposit_document(world.context, dentist(), matricule, deposit())
    world.clock.advance(seconds=1)
    radio = await documents.deposit_document(
        world.context,
        dentist(),
        matricule,
        deposit(b"Radio", type_code="18748-4", date_of_care=date(2025, 5, 1)),
    )
    await documents.deposit_document(world.context, dentist(), await patient(world), deposit())

    page = await documents.list_documents(
        world.context, dentist(), matricule, DocumentFilters(), cursor=None, limit=1
    )
    rest = await documents.list_documents(
        world.context, dentist(), matricule, DocumentFilters(), cursor=page.page.next_cursor, limit=1
    )
    radios = await documents.list_documents(
        world.context, dentist(), matricule, DocumentFilters(type_code="18748-4"), cursor=None, limit=10
    )
    recent = await documents.list_documents(
        world.context,
        dentist(),
        matricule,
        DocumentFilters(date_of_care_from=date(2025, 6, 1), push_status=PushStatus.QUEUED),
        cursor=None,
        limit=10,
    )

    assert [item.document.id for item in page.page.items] == [first.document.id]
    assert [item.document.id for item in rest.page.items] == [radio.document.id]
    assert rest.page.next_cursor is None
    assert [item.document.id for item in radios.page.items] == [radio.document.id]
    assert [item.document.id for item in recent.page.items] == [first.document.id]


async def test_a_replacement_supersedes_the_current_version_and_keeps_it_readable(world: World) -> None:
    matricule = await patient(world)
    filed = await documents.deposit_document(world.context, dentist(), matricule, deposit(b"v1"))
    world.clock.advance(minutes=1)

    replaced = await documents.replace(
        world.context,
        dentist(),
        matricule,
        filed.document.id,
        DocumentReplacement(**deposit(b"v2").model_dump(), replaces_version=1),
    )

    assert [(row.number, row.superseded_at) for row in replaced.versions] == [
        (1, NOW + timedelta(minutes=1)),
        (2, None),
    ]
    assert replaced.current.supersedes == filed.current.id
    first = await documents.read_content(world.context, dentist(), matricule, filed.document.id, 1)
    current = await documents.read_content(world.context, dentist(), matricule, filed.document.id, None)
    assert (first.content, current.content, current.version.number) == (b"v1", b"v2", 2)
    read = await documents.read_document(world.context, dentist(), matricule, filed.document.id)
    assert read.current.number == 2
    assert world.counted("dentalink_dmp_documents_filed") == [(1, {"source": "deposit"})] * 2


async def test_a_stale_replacement_changes_nothing(world: World) -> None:
    matricule = await patient(world)
    filed = await documents.deposit_document(world.context, dentist(), matricule, deposit(b"v1"))
    await documents.replace(
        world.context,
        dentist(),
        matricule,
        filed.document.id,
        DocumentReplacement(**deposit(b"v2").model_dump()),
    )
    before = world.snapshot()

    with pytest.raises(StaleDocumentVersion) as stale:
        await documents.replace(
            world.context,
            dentist(),
            matricule,
            filed.document.id,
            DocumentReplacement(**deposit(b"v3").model_dump(), replaces_version=1),
        )

    assert stale.value.current_version == 2
    assert world.snapshot() == before


async def test_a_document_of_another_record_or_version_is_not_found(world: World) -> None:
    matricule, other = await patient(world), await patient(world)
    theirs = await documents.deposit_document(world.context, dentist(), other, deposit())
    mine = await documents.deposit_document(world.context, dentist(), matricule, deposit())

    with pytest.raises(NotFound) as document:
        await documents.read_document(world.context, dentist(), matricule, theirs.document.id)
    with pytest.raises(NotFound) as version:
        await documents.read_content(world.context, dentist(), matricule, mine.document.id, 2)

    assert (document.value.what, version.value.what) == (Missing.DOCUMENT, Missing.DOCUMENT_VERSION)


# ---------------------------------------------------------------- medical profile


async def test_a_profile_entry_is_added_revised_removed_with_its_history(world: World) -> None:
    matricule = await patient(world)
    section = ProfileSection.ALLERGIES

    added = await profile.add_entry(world.context, dentist(), matricule, section, "Pénicilline")
    world.clock.advance(minutes=1)
    revised = await profile.revise(
        world.context, dentist(), matricule, section, added.entry.id, text="Amoxicilline", expected_version=1
    )
    world.clock.advance(minutes=1)
    removed = await profile.remove(
        world.context, dentist(), matricule, section, added.entry.id, expected_version=2
    )

    assert (added.current.version, revised.current.version, removed.current.version) == (1, 2, 3)
    history = await profile.entry_history(world.context, dentist(), matricule, section, added.entry.id)
    assert [(row.version, row.change, row.text) for row in history.versions] == [
        (1, "created", "Pénicilline"),
        (2, "updated", "Amoxicilline"),
        (3, "removed", None),
    ]
    assert all(row.author_rpps == DENTIST and row.practice_id == PRACTICE for row in history.versions)
    shown = await profile.list_entries(
        world.context, dentist(), matricule, section, include_removed=False, cursor=None, limit=10
    )
    kept = await profile.list_entries(
        world.context, dentist(), matricule, section, include_removed=True, cursor=None, limit=10
    )
    assert shown.items == []
    assert [(item.entry.id, item.entry.removed, item.current.version) for item in kept.items] == [
        (added.entry.id, True, 3)
    ]


async def test_a_profile_change_on_a_stale_or_removed_entry_changes_nothing(world: World) -> None:
    matricule = await patient(world)
    section = ProfileSection.TREATMENTS
    added = await profile.add_entry(world.context, dentist(), matricule, section, "Kardégic")
    await profile.revise(
        world.context, dentist(), matricule, section, added.entry.id, text="Aspirine", expected_version=None
    )
    before = world.snapshot()

    with pytest.raises(StaleProfileEntry) as stale:
        await profile.revise(
            world.context, dentist(), matricule, section, added.entry.id, text="Autre", expected_version=1
        )
    assert stale.value.current_version == 2
    assert world.snapshot() == before

    await profile.remove(world.context, dentist(), matricule, section, added.entry.id, expected_version=None)
    removed = world.snapshot()
    with pytest.raises(ProfileEntryRemoved) as again:
        await profile.remove(
            world.context, dentist(), matricule, section, added.entry.id, expected_version=None
        )
    with pytest.raises(ProfileEntryRemoved) as revise:
        await profile.revise(
            world.context, dentist(), matricule, section, added.entry.id, text="x", expected_version=None
        )
    assert (again.value.removing, revise.value.removing) == (True, False)
    assert world.snapshot() == removed
    with pytest.raises(NotFound) as other_section:
        await profile.entry_history(
            world.context, dentist(), matricule, ProfileSection.ALLERGIES, added.entry.id
        )
    assert other_section.value.what is Missing.PROFILE_ENTRY
    assert len(world.rows(ProfileEntryVersionRow)) == 3


# ---------------------------------------------------------------- related profiles


async def test_a_child_is_attached_listed_and_detached(world: World) -> None:
    parent = await patient(world)
    child = await patient(world, birth_date=date(2015, 9, 1))

    attached = await related.attach(
        world.context, dentist(), parent, child_matricule=child, relationship=Relationship.PARENT
    )
    assert attached.active and attached.child.matricule == child
    [row] = world.rows(RelatedProfileRow)
    assert (row.parent_record_id, row.child_record_id, row.attached_by_rpps) == (
        world.record(parent).id,
        world.record(child).id,
        DENTIST,
    )
    assert [line.resource_type for line in world.log(child)] == ["parent_record"]  # traced on both records

    with pytest.raises(RelatedProfileExists):
        await related.attach(
            world.context, dentist(), parent, child_matricule=child, relationship=Relationship.PARENT
        )

    world.clock.advance(days=1)
    detached = await related.detach(world.context, dentist(), parent, row.id)
    assert not detached.active and detached.row.detached_at == NOW + timedelta(days=1)
    listed = await related.list_related(world.context, dentist(), parent, cursor=None, limit=10)
    assert [(item.row.id, item.active) for item in listed.items] == [(row.id, False)]
    with pytest.raises(RelatedProfileDetached):
        await related.detach(world.context, dentist(), parent, row.id)


async def test_an_adult_cannot_be_attached(world: World) -> None:
    parent, adult = await patient(world), await patient(world, birth_date=date(2000, 1, 1))
    before = world.snapshot()

    with pytest.raises(RelatedProfileRefused):
        await related.attach(
            world.context, dentist(), parent, child_matricule=adult, relationship=Relationship.PARENT
        )
    with pytest.raises(NotFound) as missing:
        await related.detach(world.context, dentist(), parent, uuid.uuid4())

    assert missing.value.what is Missing.RELATED_PROFILE
    assert world.snapshot() == before


# ---------------------------------------------------------------- secure messages


def message(*attachments: AttachmentRequest) -> MessageRequest:
    return MessageRequest(
        subject="Votre compte rendu", body="Bonjour, le voici.", attachments=list(attachments)
    )


def attachment(content: bytes = b"Compte rendu", **fields: Any) -> AttachmentRequest:
    values: dict[str, Any] = {
        "title": "Compte rendu",
        "type_code": "11488-4",
        "content_type": "text/plain",
        "content_base64": base64.b64encode(content).decode(),
        **fields,
    }
    return AttachmentRequest(**values)


async def test_a_message_is_sent_with_its_attachments_and_the_patient_notified(world: World) -> None:
    matricule = await patient(world)

    sent = await messages.send_message(
        world.context, dentist(), matricule, message(attachment(), attachment(b"Radio"))
    )

    [row] = world.rows(MessageRow)
    assert (row.sender_rpps, row.sender_practice, row.sent_at, row.read_at) == (DENTIST, PRACTICE, NOW, None)
    assert [(a.position, a.content, a.sha256) for a in sent.attachments] == [
        (0, b"Compte rendu", content_digest(b"Compte rendu")),
        (1, b"Radio", content_digest(b"Radio")),
    ]
    assert len(world.rows(MessageAttachmentRow)) == 2
    [notice] = world.rows(NotificationRow)
    assert (notice.kind, notice.status, notice.record_id, notice.next_attempt_at) == (
        "message",
        "pending",
        world.record(matricule).id,
        NOW,
    )
    assert "Bonjour" not in notice.body  # the e-mail carries no health content


async def test_an_invalid_message_or_attachment_stores_nothing(world: World) -> None:
    matricule = await patient(world)
    before = world.snapshot()

    with pytest.raises(InvalidInput) as invalid:
        await messages.send_message(
            world.context, dentist(), matricule, message(attachment(), attachment(content_base64="%%%"))
        )
    with pytest.raises(DigestMismatch) as mismatch:
        await messages.send_message(world.context, dentist(), matricule, message(attachment(sha256="0" * 64)))
    with pytest.raises(MessageRejected):  # past the API's own checks, the domain's still hold
        await messages.send_message(
            world.context,
            dentist(),
            matricule,
            MessageRequest.model_construct(subject="Sujet", body="x" * 20_001, attachments=[]),
        )

    assert invalid.value.field == "attachments.1.content_base64"
    assert mismatch.value.field == "attachments.0.sha256"
    assert world.snapshot() == before


async def test_messages_are_read_and_their_attachment_filed_once(world: World) -> None:
    matricule = await patient(world)
    await world.qualify(matricule, practice=OTHER_PRACTICE)
    sent = await messages.send_message(world.context, dentist(), matricule, message(attachment()))
    await messages.send_message(world.context, dentist(OTHER_DENTIST, OTHER_PRACTICE), matricule, message())
    world.clock.advance(hours=2)

    mine = await messages.list_messages(world.context, dentist(), matricule, cursor=None, limit=10)
    assert [(item.message.id, len(item.attachments)) for item in mine.items] == [(sent.message.id, 1)]
    read = await messages.mark_read(world.context, dentist(), matricule, sent.message.id)
    world.clock.advance(hours=1)
    again = await messages.mark_read(world.context, dentist(), matricule, sent.message.id)
    assert read.read_at == again.read_at == NOW + timedelta(hours=2)

    filed = await messages.file_attachment(
        world.context, dentist(), matricule, sent.message.id, sent.attachments[0].id
    )
    twice = await messages.file_attachment(
        world.context, dentist(), matricule, sent.message.id, sent.attachments[0].id
    )

    assert (filed.already, twice.already) == (False, True)
    assert twice.filed.document.id == filed.filed.document.id
    [document] = world.rows(DocumentRow)
    assert (document.source, document.source_ref) == ("message_attachment", str(sent.attachments[0].id))
    assert filed.filed.version.date_of_care == date(2025, 6, 2)
    assert world.rows(MessageAttachmentRow)[0].filed_document_id == document.id
    with pytest.raises(NotFound) as missing:
        await messages.file_attachment(world.context, dentist(), matricule, sent.message.id, uuid.uuid4())
    assert missing.value.what is Missing.ATTACHMENT


# ---------------------------------------------------------------- agenda and appointments


async def test_an_appointment_is_added_listed_and_cancelled_with_its_reminders(world: World) -> None:
    matricule = await patient(world)
    added = await agenda.add_appointment(
        world.context,
        dentist(),
        matricule,
        starts_at=NOW + timedelta(days=3),
        title="Contrôle",
        added_by=AddedBy.PATIENT,
        prevention_code=None,
    )
    assert await notifications.schedule_reminders(world.context) == 1

    cancelled = await agenda.cancel_appointment(world.context, dentist(), matricule, added.id)

    assert cancelled.cancelled_at == NOW
    [reminder] = world.rows(NotificationRow)
    assert (reminder.appointment_id, reminder.status, reminder.next_attempt_at) == (
        added.id,
        "cancelled",
        None,
    )
    upcoming = await agenda.list_appointments(
        world.context, dentist(), matricule, include_cancelled=False, cursor=None, limit=10
    )
    every = await agenda.list_appointments(
        world.context, dentist(), matricule, include_cancelled=True, cursor=None, limit=10
    )
    assert (upcoming.items, [row.id for row in every.items]) == ([], [added.id])
    before = world.snapshot()
    with pytest.raises(AppointmentAlreadyCancelled):
        await agenda.cancel_appointment(world.context, dentist(), matricule, added.id)
    with pytest.raises(NotFound):
        await agenda.cancel_appointment(world.context, dentist(), matricule, uuid.uuid4())
    assert world.snapshot() == before


async def test_the_agenda_marks_done_what_a_past_appointment_fulfilled(world: World) -> None:
    matricule = await patient(world, birth_date=date(2019, 3, 1))
    await agenda.add_appointment(
        world.context,
        dentist(),
        matricule,
        starts_at=NOW - timedelta(days=1),
        title="Examen M'T dents",
        added_by=AddedBy.PROFESSIONAL,
        prevention_code="mtdents.y6",
    )

    computed = await agenda.agenda(
        world.context, dentist(), matricule, on=None, pregnancy=agenda.PregnancyDates(), statuses=None
    )
    done = await agenda.agenda(
        world.context,
        dentist(),
        matricule,
        on=None,
        pregnancy=agenda.PregnancyDates(),
        statuses=[ItemStatus.DONE],
    )

    assert (computed.on, computed.now) == (date(2025, 6, 2), NOW)
    [exam] = [item for item in computed.items if item.code == "mtdents.y6"]
    assert (exam.status, exam.completed_on) == (ItemStatus.DONE, date(2025, 6, 1))
    assert [item.code for item in done.items] == ["mtdents.y6"]


@pytest.mark.parametrize(
    ("on", "pregnancy", "error"),
    [
        (date(1980, 1, 1), agenda.PregnancyDates(), AgendaBeforeBirth),
        (date(2301, 1, 1), agenda.PregnancyDates(), AgendaOutOfCalendar),
        (None, agenda.PregnancyDates(start=date(2025, 3, 1)), InvalidInput),
        (None, agenda.PregnancyDates(date(2025, 3, 1), date(2025, 2, 1)), InconsistentPregnancy),
    ],
)
async def test_an_agenda_that_cannot_be_computed_is_refused(
    world: World, on: date | None, pregnancy: agenda.PregnancyDates, error: type[Exception]
) -> None:
    matricule = await patient(world)
    before = world.snapshot()

    with pytest.raises(error):
        await agenda.agenda(world.context, dentist(), matricule, on=on, pregnancy=pregnancy, statuses=None)

    assert world.snapshot() == before


# ---------------------------------------------------------------- jobs: national DMP and e-mails


async def test_due_versions_are_pushed_to_the_national_dmp(world: World) -> None:
    matricule = await patient(world)
    filed = await documents.deposit_document(world.context, dentist(), matricule, deposit())

    assert await national_push.push_due_documents(world.context) == 1

    [version] = world.rows(DocumentVersionRow)
    assert (version.push_status, version.push_attempts, version.pushed_at, version.push_last_error) == (
        "pushed",
        1,
        NOW,
        None,
    )
    assert version.national_id == world.national.received[filed.current.id].national_id
    assert world.counted("dentalink_dmp_national_pushes") == [(1, {"outcome": "pushed"})]
    assert await national_push.push_due_documents(world.context) == 0


async def test_an_unavailable_national_dmp_is_retried_later(world: World) -> None:
    matricule = await patient(world)
    await documents.deposit_document(world.context, dentist(), matricule, deposit())
    world.national.fault = NationalDmpFault.UNAVAILABLE

    assert await national_push.push_due_documents(world.context) == 1

    [version] = world.rows(DocumentVersionRow)
    assert (version.push_status, version.push_attempts, version.push_last_error) == (
        "queued",
        1,
        "NationalDmpUnavailable",
    )
    assert version.push_next_at is not None and version.push_next_at > NOW
    assert world.counted("dentalink_dmp_national_pushes") == [(1, {"outcome": "NationalDmpUnavailable"})]
    assert await national_push.push_due_documents(world.context) == 0  # not due yet


async def test_a_push_waits_while_the_identity_is_not_qualified_then_resumes(world: World) -> None:
    matricule = new_matricule()
    identity_id = await world.qualify(matricule)
    await documents.deposit_document(world.context, dentist(), matricule, deposit())
    await world.downgrade(matricule, identity_id, at=NOW + timedelta(seconds=1))

    assert await national_push.push_due_documents(world.context) == 1

    [version] = world.rows(DocumentVersionRow)
    assert (version.push_status, version.push_attempts, version.push_last_error) == ("queued", 0, POSTPONED)
    assert world.national.attempts == 0
    assert world.counted("dentalink_dmp_national_pushes") == []

    world.clock.advance(minutes=1)
    await world.qualify(matricule, identity_id=identity_id)
    [resumed] = world.rows(DocumentVersionRow)
    assert resumed.push_next_at == NOW + timedelta(minutes=1)  # due again now
    assert await national_push.push_due_documents(world.context) == 1
    assert world.rows(DocumentVersionRow)[0].push_status == "pushed"


async def test_reminders_are_queued_once_and_e_mailed(world: World) -> None:
    matricule = await patient(world)
    await agenda.add_appointment(
        world.context,
        dentist(),
        matricule,
        starts_at=NOW + timedelta(days=3),
        title="Contrôle",
        added_by=AddedBy.PROFESSIONAL,
        prevention_code=None,
    )

    assert await notifications.schedule_reminders(world.context) == 1
    assert await notifications.schedule_reminders(world.context) == 0  # one per key, ever
    assert await notifications.deliver_notifications(world.context) == 1

    [reminder] = world.rows(NotificationRow)
    assert (reminder.kind, reminder.status, reminder.attempts, reminder.sent_at) == (
        "appointment_reminder",
        "sent",
        1,
        NOW,
    )
    [email] = world.mailer.sent.values()
    assert (email.key, email.matricule) == (reminder.key, matricule)
    assert world.counted("dentalink_dmp_emails") == [(1, {"outcome": "sent"})]


async def test_an_unavailable_mailer_is_retried_with_backoff(world: World) -> None:
    matricule = await patient(world)
    await messages.send_message(world.context, dentist(), matricule, message())
    world.mailer.fault = MailerFault.UNAVAILABLE

    assert await notifications.deliver_notifications(world.context) == 1

    [notice] = world.rows(NotificationRow)
    assert (notice.status, notice.attempts, notice.last_error) == ("pending", 1, "MailerUnavailable")
    assert notice.next_attempt_at is not None and notice.next_attempt_at > NOW
    assert world.mailer.sent == {}
    assert world.counted("dentalink_dmp_emails") == [(1, {"outcome": "retry"})]
