"""The test harness of dmp-service: an in-memory store for the workflow unit tests, and the helpers of
the integration tests (events as their producers send them, fresh INS, the running service).

Workflow unit tests: `context, units = in_memory_context()`, run a workflow with `context`, then assert
on `units.store` (`rows(Table)`) and `units.outbox`. A unit that raises leaves the store as it was.
"""

import copy
import secrets
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, TypeVar

import httpx
from sqlalchemy import text
from sqlalchemy.orm import class_mapper

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
from dentalink_contracts.sealing import development_field_keys
from dentalink_contracts.values import Ins, InsOid, Profession, Role, Sex, patient_key
from dmp_service.adapters.email import MailerUnavailable, OutgoingEmail, SandboxMailer
from dmp_service.adapters.national_dmp import SandboxNationalDmp
from dmp_service.context import DmpContext
from dmp_service.domain import AccessRefusal, PushStatus, content_digest
from dmp_service.errors import DocumentChanged, RelatedProfileExists
from dmp_service.models import (
    AccessLogRow,
    AccessRefusalRow,
    AppointmentRow,
    DocumentRow,
    DocumentVersionRow,
    IdentityStatusWithoutIns,
    MessageAttachmentRow,
    MessageRow,
    NotificationRow,
    PatientRecord,
    PracticeIdentity,
    ProfileEntryRow,
    ProfileEntryVersionRow,
    RelatedProfileRow,
    Table,
    TeleExpertiseReportRow,
)
from dmp_service.settings import MailerFault, Settings
from dmp_service.store import POSTPONED, DocumentFilters, FiledDocument, Slice, refusal_of
from servicekit.clock import Clock
from servicekit.db import Database
from servicekit.fakes import InMemoryUnits
from servicekit.pagination import decode_uuid_cursor, page_of
from servicekit.settings import DEV_PSEUDONYM_SECRET
from servicekit.testing import GatewayKeys, MovableClock, caller, eventually, send_event

R = TypeVar("R", bound=Table)
T = TypeVar("T")

KEYS = GatewayKeys.generate()

# Events are published as the producers do, under the ring services use outside production.
FIELD_KEYS = development_field_keys()


# ---------------------------------------------------------------- in memory


def _key(row: Table) -> Any:
    names = [column.name for column in class_mapper(type(row)).primary_key]
    values = tuple(getattr(row, name) for name in names)
    return values[0] if len(values) == 1 else values


def _page(
    rows: Iterable[T], cursor: str | None, limit: int, sort: Callable[[T], tuple[datetime, uuid.UUID]]
) -> Slice[T]:
    """One page ordered by (created_at, id) after the cursor, as `servicekit.pagination.paged` reads it."""
    ordered = sorted(rows, key=sort)
    if cursor is not None:
        after = decode_uuid_cursor(cursor)
        ordered = [row for row in ordered if sort(row) > after]
    items, next_cursor = page_of(ordered[: limit + 1], limit)
    return Slice(items, next_cursor)


def _by_creation(row: Any) -> tuple[datetime, uuid.UUID]:
    return row.created_at, row.id


class InMemoryDmpStore:
    """`DmpStore` over dictionaries, one per table, keyed by primary key (locks are not needed here).

    Rows go in and come out as copies, as a session of their own would load them: a change reaches
    the store only through `save` (or the store's own updates), never through a row a test holds.
    """

    def __init__(self) -> None:
        self.tables: dict[type[Table], dict[Any, Table]] = {}
        self.identity_locks: list[uuid.UUID] = []

    def _live(self, table: type[R]) -> list[R]:
        return [row for row in self.tables.get(table, {}).values() if isinstance(row, table)]

    def rows(self, table: type[R]) -> list[R]:
        """Every row of `table`, in insertion order (copies)."""
        return [copy.deepcopy(row) for row in self._live(table)]

    def _where(self, table: type[R], **columns: Any) -> list[R]:
        return [row for row in self.rows(table) if all(getattr(row, k) == v for k, v in columns.items())]

    # ---------------------------------------------------------------- any table

    async def get(self, table: type[R], key: Any, *, lock: bool = False) -> R | None:
        row = self.tables.get(table, {}).get(key)
        return copy.deepcopy(row) if isinstance(row, table) else None

    async def owned(self, table: type[R], row_id: uuid.UUID, *, lock: bool = False, **owner: Any) -> R | None:
        found = self._where(table, id=row_id, **owner)
        return found[0] if found else None

    async def save(self, *rows: Table) -> None:
        for row in rows:
            self.tables.setdefault(type(row), {})[_key(row)] = copy.deepcopy(row)

    # ---------------------------------------------------------------- records and identities

    async def lock_identity(self, identity_id: uuid.UUID) -> None:
        self.identity_locks.append(identity_id)

    async def find_record(self, matricule: str, *, lock: bool = False) -> PatientRecord | None:
        found = self._where(PatientRecord, matricule=matricule)
        return found[0] if found else None

    async def add_record_if_absent(self, record: PatientRecord) -> None:
        if await self.find_record(record.matricule) is None:
            await self.save(record)

    async def practice_identity(self, matricule: str, practice_id: str) -> PracticeIdentity | None:
        return await self.get(PracticeIdentity, (matricule, practice_id))

    async def practice_identity_for_update(self, if_absent: PracticeIdentity) -> PracticeIdentity:
        if await self.practice_identity(if_absent.matricule, if_absent.practice_id) is None:
            await self.save(if_absent)
        row = await self.practice_identity(if_absent.matricule, if_absent.practice_id)
        assert row is not None
        return row

    async def practice_identities(self, matricule: str) -> list[PracticeIdentity]:
        return self._where(PracticeIdentity, matricule=matricule)

    async def practice_identities_of_identity(self, identity_id: uuid.UUID) -> list[PracticeIdentity]:
        rows = self._where(PracticeIdentity, identity_id=identity_id)
        return sorted(rows, key=lambda row: (row.matricule, row.practice_id))

    async def status_without_ins_for_update(
        self, if_absent: IdentityStatusWithoutIns
    ) -> IdentityStatusWithoutIns:
        if await self.get(IdentityStatusWithoutIns, if_absent.identity_id) is None:
            await self.save(if_absent)
        row = await self.get(IdentityStatusWithoutIns, if_absent.identity_id)
        assert row is not None
        return row

    # ---------------------------------------------------------------- refusals and access log

    async def refusals_in_force(self, record_id: uuid.UUID) -> list[AccessRefusal]:
        return [
            refusal_of(row) for row in self._where(AccessRefusalRow, record_id=record_id, revoked_at=None)
        ]

    async def refusals_page(
        self, record_id: uuid.UUID, *, include_revoked: bool, cursor: str | None, limit: int
    ) -> Slice[AccessRefusalRow]:
        rows = [
            row
            for row in self._where(AccessRefusalRow, record_id=record_id)
            if include_revoked or row.revoked_at is None
        ]
        return _page(rows, cursor, limit, _by_creation)

    async def log_access(self, line: AccessLogRow) -> None:
        await self.save(line)

    async def access_log_page(
        self, patient_key: str, practice_id: str, *, cursor: str | None, limit: int
    ) -> Slice[AccessLogRow]:
        lines = self._where(AccessLogRow, patient_key=patient_key, practice_id=practice_id)
        return _page(lines, cursor, limit, _by_creation)

    # ---------------------------------------------------------------- documents

    async def versions(self, document_id: uuid.UUID) -> list[DocumentVersionRow]:
        return sorted(self._where(DocumentVersionRow, document_id=document_id), key=lambda row: row.number)

    async def current_version(self, document: DocumentRow, *, lock: bool = False) -> DocumentVersionRow:
        found = self._where(DocumentVersionRow, document_id=document.id, number=document.current_version)
        if len(found) != 1:
            raise LookupError("the document has no current version")
        return found[0]

    async def save_new_version(
        self, current: DocumentVersionRow, document: DocumentRow, new: DocumentVersionRow
    ) -> None:
        taken = self._where(DocumentVersionRow, document_id=new.document_id, number=new.number)
        if any(row.id != new.id for row in taken):
            raise DocumentChanged("the document changed meanwhile")
        await self.save(current, document, new)

    async def documents_page(
        self, record_id: uuid.UUID, filters: DocumentFilters, *, cursor: str | None, limit: int
    ) -> Slice[FiledDocument]:
        pairs = []
        for document in self._where(DocumentRow, record_id=record_id):
            version = await self.current_version(document)
            if (
                (filters.type_code is None or version.type_code == filters.type_code)
                and (filters.date_of_care_from is None or version.date_of_care >= filters.date_of_care_from)
                and (filters.date_of_care_to is None or version.date_of_care <= filters.date_of_care_to)
                and (filters.source is None or document.source == filters.source)
                and (filters.push_status is None or version.push_status == filters.push_status.value)
            ):
                pairs.append(FiledDocument(document, version))
        return _page(pairs, cursor, limit, _by_creation)

    async def resume_postponed_pushes(self, record_id: uuid.UUID, at: datetime) -> None:
        documents = {document.id for document in self._where(DocumentRow, record_id=record_id)}
        for row in self._live(DocumentVersionRow):
            queued = row.push_status == PushStatus.QUEUED.value and row.push_last_error == POSTPONED
            if queued and row.document_id in documents:
                row.push_next_at = at

    async def claim_due_push(self, now: datetime) -> DocumentVersionRow | None:
        due = [
            row
            for row in self._where(DocumentVersionRow, push_status=PushStatus.QUEUED.value)
            if row.push_next_at is not None and row.push_next_at <= now
        ]
        return min(due, key=lambda row: row.push_next_at or now, default=None)

    # ---------------------------------------------------------------- tele-expertise reports

    async def add_report_once(self, report: TeleExpertiseReportRow) -> bool:
        if await self.get(TeleExpertiseReportRow, report.expertise_id) is not None or self._where(
            TeleExpertiseReportRow, act_id=report.act_id
        ):
            return False
        await self.save(report)
        return True

    async def waiting_reports(self, matricule: str) -> list[TeleExpertiseReportRow]:
        return self._where(TeleExpertiseReportRow, matricule=matricule, outcome="awaiting_record")

    # ---------------------------------------------------------------- medical profile

    async def profile_entries_page(
        self,
        record_id: uuid.UUID,
        section: str,
        *,
        include_removed: bool,
        cursor: str | None,
        limit: int,
    ) -> Slice[ProfileEntryRow]:
        rows = [
            row
            for row in self._where(ProfileEntryRow, record_id=record_id, section=section)
            if include_removed or not row.removed
        ]
        return _page(rows, cursor, limit, _by_creation)

    async def profile_versions(self, entry_id: uuid.UUID) -> list[ProfileEntryVersionRow]:
        return sorted(self._where(ProfileEntryVersionRow, entry_id=entry_id), key=lambda row: row.version)

    # ---------------------------------------------------------------- related profiles

    async def add_related_profile(self, row: RelatedProfileRow) -> None:
        active = self._where(
            RelatedProfileRow,
            parent_record_id=row.parent_record_id,
            child_record_id=row.child_record_id,
            detached_at=None,
        )
        if active:
            raise RelatedProfileExists("this child is already attached")
        await self.save(row)

    async def related_profiles_page(
        self, parent_record_id: uuid.UUID, *, cursor: str | None, limit: int
    ) -> Slice[RelatedProfileRow]:
        return _page(
            self._where(RelatedProfileRow, parent_record_id=parent_record_id), cursor, limit, _by_creation
        )

    # ---------------------------------------------------------------- messages

    async def message_attachments(self, message_id: uuid.UUID) -> list[MessageAttachmentRow]:
        return sorted(self._where(MessageAttachmentRow, message_id=message_id), key=lambda row: row.position)

    async def messages_page(
        self, record_id: uuid.UUID, sender_rpps: str, *, cursor: str | None, limit: int
    ) -> Slice[MessageRow]:
        rows = self._where(MessageRow, record_id=record_id, sender_rpps=sender_rpps)
        return _page(rows, cursor, limit, _by_creation)

    # ---------------------------------------------------------------- agenda and notifications

    async def held_appointments(self, record_id: uuid.UUID, until: datetime) -> list[AppointmentRow]:
        return [
            row
            for row in self._where(AppointmentRow, record_id=record_id, cancelled_at=None)
            if row.prevention_code is not None and row.starts_at <= until
        ]

    async def appointments_page(
        self, record_id: uuid.UUID, *, include_cancelled: bool, cursor: str | None, limit: int
    ) -> Slice[AppointmentRow]:
        rows = [
            row
            for row in self._where(AppointmentRow, record_id=record_id)
            if include_cancelled or row.cancelled_at is None
        ]
        return _page(rows, cursor, limit, _by_creation)

    async def cancel_pending_notifications(self, appointment_id: uuid.UUID) -> None:
        for row in self._live(NotificationRow):
            if row.appointment_id == appointment_id and row.status == "pending":
                row.status, row.next_attempt_at = "cancelled", None

    async def upcoming_appointments(
        self, after: datetime, until: datetime
    ) -> list[tuple[AppointmentRow, PatientRecord]]:
        upcoming = []
        for row in self._where(AppointmentRow, cancelled_at=None):
            record = await self.get(PatientRecord, row.record_id)
            if (
                record is not None
                and record.identity_status == IdentityStatus.QUAL.value
                and after < row.starts_at <= until
            ):
                upcoming.append((row, record))
        return upcoming

    async def add_notification_once(self, notification: NotificationRow) -> bool:
        if self._where(NotificationRow, key=notification.key):
            return False
        await self.save(notification)
        return True

    async def claim_due_notification(self, now: datetime) -> NotificationRow | None:
        due = [
            row
            for row in self._where(NotificationRow, status="pending")
            if row.next_attempt_at is not None and row.next_attempt_at <= now
        ]
        return min(due, key=lambda row: row.next_attempt_at or now, default=None)


@dataclass
class RecordingMailer:
    """The e-mail port of workflow unit tests: keeps what it sent, once per key; `fault` as the sandbox."""

    fault: MailerFault = MailerFault.NONE
    sent: dict[str, OutgoingEmail] = field(default_factory=dict)

    async def send(self, email: OutgoingEmail) -> None:
        if self.fault is MailerFault.UNAVAILABLE:
            raise MailerUnavailable("test: e-mail service unavailable")
        self.sent.setdefault(email.key, email)


def in_memory_context(
    clock: Clock,
    *,
    settings: Settings | None = None,
    national_dmp: SandboxNationalDmp | None = None,
    mailer: RecordingMailer | None = None,
) -> tuple[DmpContext, InMemoryUnits[InMemoryDmpStore]]:
    """A context whose units of work run over an `InMemoryDmpStore` (returned with them), with the
    national DMP sandbox and a recording mailer as ports."""
    settings = settings or Settings()
    units = InMemoryUnits(InMemoryDmpStore())
    context = DmpContext(
        settings=settings,
        units_of_work=units.factory,
        source=f"/dentalink/{settings.service_name}",
        pseudonym_secret=settings.pseudonym_secret.encode(),
        national_dmp=national_dmp or SandboxNationalDmp(),
        mailer=mailer or RecordingMailer(),
        retry_policy=settings.retry_policy(),
        agenda_config=settings.agenda_config(),
        clock=clock,
    )
    return context, units


# ---------------------------------------------------------------- integration tests


def new_matricule() -> str:
    """A fictitious NIR with a valid key (97 − number mod 97)."""
    body = (
        f"{secrets.choice('12')}{secrets.randbelow(100):02d}{1 + secrets.randbelow(12):02d}"
        f"{secrets.choice([1, 13, 33, 59, 69, 75]):02d}"
        f"{1 + secrets.randbelow(999):03d}{1 + secrets.randbelow(999):03d}"
    )
    return f"{body}{97 - int(body) % 97:02d}"


def new_rpps() -> str:
    return f"10{secrets.randbelow(10**9):09d}"


def key_of(matricule: str) -> str:
    return patient_key(matricule, DEV_PSEUDONYM_SECRET.encode())


@dataclass
class Harness:
    """The running service of an integration test module, with its clock, ports and database."""

    http: httpx.AsyncClient
    clock: MovableClock
    national: SandboxNationalDmp
    mailer: SandboxMailer
    database: Database
    # One identity per patient and practice, as in ins-service (its matricule is unique per practice).
    identities: dict[tuple[str, str], uuid.UUID] = field(default_factory=dict)

    def identity_id(self, matricule: str, practice: str) -> uuid.UUID:
        return self.identities.setdefault((matricule, practice), uuid.uuid4())

    def headers(self, *, practice: str, rpps: str, role: Role = Role.DENTIST) -> dict[str, str]:
        return KEYS.headers(caller(practice_id=practice, rpps=rpps, role=role))

    async def rows(self, sql: str, **params: Any) -> list[Any]:
        async with self.database.transaction() as session:
            return list((await session.execute(text(sql), params)).all())

    async def qualify(
        self,
        matricule: str,
        *,
        practice: str,
        birth_date: date = date(1985, 3, 14),
        sex: Sex = Sex.FEMALE,
        at: datetime | None = None,
        wait: bool = True,
        identity_id: uuid.UUID | None = None,
    ) -> None:
        """Publish IdentityQualified as ins-service would, and wait until the record answers."""
        event = IdentityQualified(
            identity_id=identity_id or self.identity_id(matricule, practice),
            practice_id=practice,
            patient_key=key_of(matricule),
            ins=FIELD_KEYS.seal(Ins(matricule=matricule, oid=InsOid.NIR_TEST), IdentityQualified, "ins"),
            traits=FIELD_KEYS.seal(BirthTraits(birth_date=birth_date, sex=sex), IdentityQualified, "traits"),
            qualified_at=at or datetime.now(UTC),
        )
        await send_event(event, key=key_of(matricule))
        if wait:
            await self.wait_until_qualified(matricule, practice)

    async def wait_until_qualified(self, matricule: str, practice: str) -> None:
        """Until the record is QUAL and `practice` holds the identity QUAL (it then reaches the record)."""

        async def record_exists() -> None:
            rows = await self.rows(
                "SELECT identity_status FROM patient_records WHERE matricule = :m", m=matricule
            )
            assert rows and rows[0][0] == "QUAL", f"record not yet qualified: {rows}"
            here = await self.rows(
                "SELECT status FROM practice_identity_statuses WHERE matricule = :m AND practice_id = :p",
                m=matricule,
                p=practice,
            )
            assert [row[0] for row in here] == ["QUAL"], f"not yet qualified in {practice}: {here}"

        await eventually(record_exists, timeout=30)

    async def downgrade(
        self,
        matricule: str,
        *,
        practice: str,
        to: IdentityStatus,
        at: datetime,
        identity_id: uuid.UUID | None = None,
    ) -> None:
        """Publish IdentityStatusChanged leaving QUAL exactly as ins-service does: without the INS, which
        an identity that is not qualified may not share (ins-service `Identity.shareable_ins`)."""
        await send_event(
            IdentityStatusChanged(
                identity_id=identity_id or self.identity_id(matricule, practice),
                practice_id=practice,
                patient_key=key_of(matricule),
                ins=None,
                previous_status=IdentityStatus.QUAL,
                new_status=to,
                changed_at=at,
            ),
            key=key_of(matricule),
        )

    async def act_recorded(
        self,
        matricule: str,
        *,
        practice: str,
        requis: str,
        expertise_id: uuid.UUID,
        role: ActRole = ActRole.REQUIS,
        event_id: uuid.UUID | None = None,
        report_text: str = "Compte rendu : lésion bénigne, surveillance à 3 mois.\n",
    ) -> uuid.UUID:
        act = ActRecorded(
            act_id=uuid.uuid5(expertise_id, role.value),
            expertise_id=expertise_id,
            practice_id=practice,
            role=role,
            practitioner_rpps=requis,
            practitioner_profession=Profession.DENTIST,
            patient_ins=FIELD_KEYS.seal(
                Ins(matricule=matricule, oid=InsOid.NIR_TEST), ActRecorded, "patient_ins"
            ),
            patient_key=key_of(matricule),
            act_code=ActCode.TE2 if role is ActRole.REQUIS else ActCode.RQD,
            performed_at=datetime(2025, 6, 2, 16, 30, tzinfo=UTC),
            report=FIELD_KEYS.seal(
                ReportReference(
                    title="Compte rendu de télé-expertise bucco-dentaire",
                    content_type="text/plain",
                    content=report_text,
                    sha256=content_digest(report_text.encode()),
                ),
                ActRecorded,
                "report",
            ),
        )
        return await send_event(act, key=key_of(matricule), event_id=event_id)
