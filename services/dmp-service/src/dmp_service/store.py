"""The records of dmp-service in PostgreSQL: what the workflows load and write, behind `DmpStore`.

The workflows type against the `DmpStore` protocol; `SqlDmpStore(session)` is its PostgreSQL
implementation and `dmp_service.testing.InMemoryDmpStore` the one of the workflow unit tests. Rows
travel as the table models of `models` (they carry the audit columns the views show); refusals come
back as the domain's `AccessRefusal`. Lookups return None when nothing matches; the store raises
domain errors (`errors`), never HTTP ones. Lists come one page at a time, ordered by (created_at, id).

Rows a command changes are locked (`lock=True`, `FOR UPDATE`); jobs claim their rows with
`FOR UPDATE SKIP LOCKED`, so several instances never handle the same one.
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy import ColumnElement, Select, Uuid, and_, column, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from dentalink_contracts.events.ins import IdentityStatus
from dmp_service.domain import AccessRefusal, PushStatus, RecordArea
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
from servicekit.db import advisory_xact_lock
from servicekit.pagination import page_of, paged

T = TypeVar("T")
R = TypeVar("R", bound=Table)

# Why a queued push waits without spending attempts: the identity is not qualified any more.
POSTPONED = "identity_not_qualified"
_IDENTITY_LOCKS = 0x444D50  # "DMP": the namespace of this service's per-identity advisory locks


@dataclass(frozen=True)
class Slice(Generic[T]):
    """One page of a list and the cursor of the next one (None on the last page)."""

    items: list[T]
    next_cursor: str | None


@dataclass(frozen=True)
class DocumentFilters:
    """Filters of the document list, on the current version (None: no filter)."""

    type_code: str | None = None
    date_of_care_from: date | None = None
    date_of_care_to: date | None = None
    source: str | None = None
    push_status: PushStatus | None = None


@dataclass(frozen=True)
class FiledDocument:
    """A document and one of its versions (its current one in lists); exposes the page's sort key."""

    document: DocumentRow
    version: DocumentVersionRow

    @property
    def created_at(self) -> datetime:
        return self.document.created_at

    @property
    def id(self) -> uuid.UUID:
        return self.document.id


def refusal_of(row: AccessRefusalRow) -> AccessRefusal:
    """The domain refusal stored in `row`."""
    return AccessRefusal(
        recorded_at=row.recorded_at,
        rpps=row.rpps,
        areas=frozenset(RecordArea(area) for area in row.areas),
        revoked_at=row.revoked_at,
        recorded_by_practice=row.recorded_by_practice,
    )


class DmpStore(Protocol):
    """What the workflows load and write (module docstring)."""

    # ---------------------------------------------------------------- any table

    async def get(self, table: type[R], key: Any, *, lock: bool = False) -> R | None:
        """The row of `table` with primary key `key` (a tuple for composite keys)."""
        ...

    async def owned(self, table: type[R], row_id: uuid.UUID, *, lock: bool = False, **owner: Any) -> R | None:
        """The row `row_id` of `table` if its `owner` columns match (e.g. `record_id=...`): scoping by
        owner keeps a request from reaching a row of another record through its id."""
        ...

    async def save(self, *rows: Table) -> None:
        """Insert new rows and write changed ones, in the order given."""
        ...

    # ---------------------------------------------------------------- records and identities

    async def lock_identity(self, identity_id: uuid.UUID) -> None:
        """Serialise the events of one identity until the unit ends: its qualification and its downgrade
        travel on two topics and may be handled at once, each unable to see the other's rows."""
        ...

    async def find_record(self, matricule: str, *, lock: bool = False) -> PatientRecord | None: ...

    async def add_record_if_absent(self, record: PatientRecord) -> None:
        """Insert `record` unless the INS already has one."""
        ...

    async def practice_identity(self, matricule: str, practice_id: str) -> PracticeIdentity | None:
        """The identity status of the INS in one practice; None when that practice never qualified it."""
        ...

    async def practice_identity_for_update(self, if_absent: PracticeIdentity) -> PracticeIdentity:
        """The practice's status row of the INS, locked; `if_absent` is inserted when there is none."""
        ...

    async def practice_identities(self, matricule: str) -> list[PracticeIdentity]:
        """Every practice's status of the INS."""
        ...

    async def practice_identities_of_identity(self, identity_id: uuid.UUID) -> list[PracticeIdentity]:
        """The status rows an identity last set, locked, in (matricule, practice) order."""
        ...

    async def status_without_ins_for_update(
        self, if_absent: IdentityStatusWithoutIns
    ) -> IdentityStatusWithoutIns:
        """The identity's remembered change leaving QUAL, locked and fresh; `if_absent` inserted if none."""
        ...

    # ---------------------------------------------------------------- refusals and access log

    async def refusals_in_force(self, record_id: uuid.UUID) -> list[AccessRefusal]:
        """The record's refusals not revoked."""
        ...

    async def refusals_page(
        self, record_id: uuid.UUID, *, include_revoked: bool, cursor: str | None, limit: int
    ) -> Slice[AccessRefusalRow]: ...

    async def log_access(self, line: AccessLogRow) -> None:
        """Append one line to the access log."""
        ...

    async def access_log_page(
        self, patient_key: str, practice_id: str, *, cursor: str | None, limit: int
    ) -> Slice[AccessLogRow]:
        """The lines of the patient's access log made from one practice (its own traces only)."""
        ...

    # ---------------------------------------------------------------- documents

    async def versions(self, document_id: uuid.UUID) -> list[DocumentVersionRow]:
        """Every version of the document, 1..n."""
        ...

    async def current_version(self, document: DocumentRow, *, lock: bool = False) -> DocumentVersionRow: ...

    async def save_new_version(
        self, current: DocumentVersionRow, document: DocumentRow, new: DocumentVersionRow
    ) -> None:
        """Write `current` superseded, the document's new current number and the `new` version;
        `DocumentChanged` when that number was taken meanwhile."""
        ...

    async def documents_page(
        self, record_id: uuid.UUID, filters: DocumentFilters, *, cursor: str | None, limit: int
    ) -> Slice[FiledDocument]:
        """The record's documents with their current version, filtered on it."""
        ...

    async def resume_postponed_pushes(self, record_id: uuid.UUID, at: datetime) -> None:
        """Queued versions of the record held back while the identity was not qualified are due `at`."""
        ...

    async def claim_due_push(self, now: datetime) -> DocumentVersionRow | None:
        """The queued version due first, locked; versions other instances hold are skipped."""
        ...

    # ---------------------------------------------------------------- tele-expertise reports

    async def add_report_once(self, report: TeleExpertiseReportRow) -> bool:
        """Insert the report unless its expertise already has one; whether it was new."""
        ...

    async def waiting_reports(self, matricule: str) -> list[TeleExpertiseReportRow]:
        """The reports awaiting the patient's qualified record, locked."""
        ...

    # ---------------------------------------------------------------- medical profile

    async def profile_entries_page(
        self,
        record_id: uuid.UUID,
        section: str,
        *,
        include_removed: bool,
        cursor: str | None,
        limit: int,
    ) -> Slice[ProfileEntryRow]: ...

    async def profile_versions(self, entry_id: uuid.UUID) -> list[ProfileEntryVersionRow]:
        """Every version of the entry, in order."""
        ...

    # ---------------------------------------------------------------- related profiles

    async def add_related_profile(self, row: RelatedProfileRow) -> None:
        """Attach; `RelatedProfileExists` when the child is attached (not detached) to the parent already."""
        ...

    async def related_profiles_page(
        self, parent_record_id: uuid.UUID, *, cursor: str | None, limit: int
    ) -> Slice[RelatedProfileRow]: ...

    # ---------------------------------------------------------------- messages

    async def message_attachments(self, message_id: uuid.UUID) -> list[MessageAttachmentRow]:
        """The message's attachments in their order."""
        ...

    async def messages_page(
        self, record_id: uuid.UUID, sender_rpps: str, *, cursor: str | None, limit: int
    ) -> Slice[MessageRow]: ...

    # ---------------------------------------------------------------- agenda and notifications

    async def held_appointments(self, record_id: uuid.UUID, until: datetime) -> list[AppointmentRow]:
        """Appointments naming an agenda item, not cancelled, started by `until`."""
        ...

    async def appointments_page(
        self, record_id: uuid.UUID, *, include_cancelled: bool, cursor: str | None, limit: int
    ) -> Slice[AppointmentRow]: ...

    async def cancel_pending_notifications(self, appointment_id: uuid.UUID) -> None:
        """Reminders of the appointment queued but not yet sent are cancelled."""
        ...

    async def upcoming_appointments(
        self, after: datetime, until: datetime
    ) -> list[tuple[AppointmentRow, PatientRecord]]:
        """Appointments not cancelled starting in (after, until], of records qualified now."""
        ...

    async def add_notification_once(self, notification: NotificationRow) -> bool:
        """Queue the e-mail unless its key was queued before; whether it was new."""
        ...

    async def claim_due_notification(self, now: datetime) -> NotificationRow | None:
        """The pending e-mail due first, locked; e-mails other instances hold are skipped."""
        ...


class SqlDmpStore:
    """`DmpStore` over one SQLAlchemy session (one transaction)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # ---------------------------------------------------------------- any table

    async def get(self, table: type[R], key: Any, *, lock: bool = False) -> R | None:
        return await self.session.get(table, key, with_for_update=lock or None)

    async def owned(self, table: type[R], row_id: uuid.UUID, *, lock: bool = False, **owner: Any) -> R | None:
        query = select(table).filter_by(id=row_id, **owner)
        if lock:
            query = query.with_for_update()
        return (await self.session.execute(query)).scalar_one_or_none()

    async def save(self, *rows: Table) -> None:
        for row in rows:
            self.session.add(row)
            await self.session.flush()

    async def _page(
        self, query: Select[tuple[Any]], created_at: Any, row_id: Any, cursor: str | None, limit: int
    ) -> Slice[Any]:
        rows = (await self.session.execute(paged(query, created_at, row_id, cursor, limit))).scalars().all()
        items, next_cursor = page_of(list(rows), limit)
        return Slice(items, next_cursor)

    # ---------------------------------------------------------------- records and identities

    async def lock_identity(self, identity_id: uuid.UUID) -> None:
        await advisory_xact_lock(self.session, _IDENTITY_LOCKS, str(identity_id))

    async def find_record(self, matricule: str, *, lock: bool = False) -> PatientRecord | None:
        query = select(PatientRecord).where(col(PatientRecord.matricule) == matricule)
        if lock:
            query = query.with_for_update()
        return (await self.session.execute(query)).scalar_one_or_none()

    async def add_record_if_absent(self, record: PatientRecord) -> None:
        await self.session.execute(
            insert(PatientRecord)
            .values(
                id=record.id,
                matricule=record.matricule,
                oid=record.oid,
                patient_key=record.patient_key,
                birth_date=record.birth_date,
                sex=record.sex,
                identity_status=record.identity_status,
                qualified_at=record.qualified_at,
                created_at=record.created_at,
                updated_at=record.updated_at,
            )
            .on_conflict_do_nothing(index_elements=["matricule"])
        )

    async def practice_identity(self, matricule: str, practice_id: str) -> PracticeIdentity | None:
        # By primary key: a second look in the same unit (the access guard, then the DocumentFiled
        # of the filing it allowed) is answered from the session, without a query.
        return await self.session.get(PracticeIdentity, (matricule, practice_id))

    async def practice_identity_for_update(self, if_absent: PracticeIdentity) -> PracticeIdentity:
        await self.session.execute(
            insert(PracticeIdentity)
            .values(
                matricule=if_absent.matricule,
                practice_id=if_absent.practice_id,
                identity_id=if_absent.identity_id,
                status=if_absent.status,
                status_at=if_absent.status_at,
            )
            .on_conflict_do_nothing()
        )
        query = (
            select(PracticeIdentity)
            .where(
                col(PracticeIdentity.matricule) == if_absent.matricule,
                col(PracticeIdentity.practice_id) == if_absent.practice_id,
            )
            .with_for_update()
        )
        return (await self.session.execute(query)).scalar_one()

    async def practice_identities(self, matricule: str) -> list[PracticeIdentity]:
        query = select(PracticeIdentity).where(col(PracticeIdentity.matricule) == matricule)
        return list((await self.session.execute(query)).scalars())

    async def practice_identities_of_identity(self, identity_id: uuid.UUID) -> list[PracticeIdentity]:
        query = (
            select(PracticeIdentity)
            .where(col(PracticeIdentity.identity_id) == identity_id)
            .order_by(col(PracticeIdentity.matricule), col(PracticeIdentity.practice_id))
            .with_for_update()
        )
        return list((await self.session.execute(query)).scalars())

    async def status_without_ins_for_update(
        self, if_absent: IdentityStatusWithoutIns
    ) -> IdentityStatusWithoutIns:
        await self.session.execute(
            insert(IdentityStatusWithoutIns)
            .values(
                identity_id=if_absent.identity_id,
                practice_id=if_absent.practice_id,
                status=if_absent.status,
                status_at=if_absent.status_at,
            )
            .on_conflict_do_nothing()
        )
        row = await self.session.get(
            IdentityStatusWithoutIns, if_absent.identity_id, with_for_update=True, populate_existing=True
        )
        assert row is not None
        return row

    # ---------------------------------------------------------------- refusals and access log

    async def refusals_in_force(self, record_id: uuid.UUID) -> list[AccessRefusal]:
        query = select(AccessRefusalRow).where(
            col(AccessRefusalRow.record_id) == record_id, col(AccessRefusalRow.revoked_at).is_(None)
        )
        return [refusal_of(row) for row in (await self.session.execute(query)).scalars().all()]

    async def refusals_page(
        self, record_id: uuid.UUID, *, include_revoked: bool, cursor: str | None, limit: int
    ) -> Slice[AccessRefusalRow]:
        query = select(AccessRefusalRow).where(col(AccessRefusalRow.record_id) == record_id)
        if not include_revoked:
            query = query.where(col(AccessRefusalRow.revoked_at).is_(None))
        return await self._page(query, AccessRefusalRow.created_at, AccessRefusalRow.id, cursor, limit)

    async def log_access(self, line: AccessLogRow) -> None:
        await self.save(line)

    async def access_log_page(
        self, patient_key: str, practice_id: str, *, cursor: str | None, limit: int
    ) -> Slice[AccessLogRow]:
        query = select(AccessLogRow).where(
            col(AccessLogRow.patient_key) == patient_key, col(AccessLogRow.practice_id) == practice_id
        )
        return await self._page(query, AccessLogRow.created_at, AccessLogRow.id, cursor, limit)

    # ---------------------------------------------------------------- documents

    async def versions(self, document_id: uuid.UUID) -> list[DocumentVersionRow]:
        query = (
            select(DocumentVersionRow)
            .where(col(DocumentVersionRow.document_id) == document_id)
            .order_by(col(DocumentVersionRow.number))
        )
        return list((await self.session.execute(query)).scalars().all())

    async def current_version(self, document: DocumentRow, *, lock: bool = False) -> DocumentVersionRow:
        query = select(DocumentVersionRow).where(
            col(DocumentVersionRow.document_id) == document.id,
            col(DocumentVersionRow.number) == document.current_version,
        )
        if lock:
            query = query.with_for_update()
        return (await self.session.execute(query)).scalar_one()

    async def save_new_version(
        self, current: DocumentVersionRow, document: DocumentRow, new: DocumentVersionRow
    ) -> None:
        self.session.add_all([current, document, new])
        try:
            await self.session.flush()
        except IntegrityError as error:
            raise DocumentChanged("the document changed meanwhile") from error

    async def documents_page(
        self, record_id: uuid.UUID, filters: DocumentFilters, *, cursor: str | None, limit: int
    ) -> Slice[FiledDocument]:
        version = DocumentVersionRow
        query = (
            select(DocumentRow, version)
            .join(
                version,
                and_(
                    col(version.document_id) == col(DocumentRow.id),
                    col(version.number) == col(DocumentRow.current_version),
                ),
            )
            .where(col(DocumentRow.record_id) == record_id)
        )
        if filters.type_code is not None:
            query = query.where(col(version.type_code) == filters.type_code)
        if filters.date_of_care_from is not None:
            query = query.where(col(version.date_of_care) >= filters.date_of_care_from)
        if filters.date_of_care_to is not None:
            query = query.where(col(version.date_of_care) <= filters.date_of_care_to)
        if filters.source is not None:
            query = query.where(col(DocumentRow.source) == filters.source)
        if filters.push_status is not None:
            query = query.where(col(version.push_status) == filters.push_status.value)
        query = paged(query, DocumentRow.created_at, DocumentRow.id, cursor, limit)
        pairs = [
            FiledDocument(document, current)
            for document, current in (await self.session.execute(query)).all()
        ]
        items, next_cursor = page_of(pairs, limit)
        return Slice(items, next_cursor)

    async def resume_postponed_pushes(self, record_id: uuid.UUID, at: datetime) -> None:
        of_record = select(col(DocumentRow.id)).where(col(DocumentRow.record_id) == record_id)
        await self.session.execute(
            update(DocumentVersionRow)
            .where(
                col(DocumentVersionRow.document_id).in_(of_record),
                col(DocumentVersionRow.push_status) == PushStatus.QUEUED.value,
                col(DocumentVersionRow.push_last_error) == POSTPONED,
            )
            .values(push_next_at=at)
        )

    async def _claim_due(
        self, table: type[R], waiting: ColumnElement[bool], due_at: Any, now: datetime
    ) -> R | None:
        """The `waiting` row of `table` due first (`due_at` passed), locked; rows others hold skipped."""
        query = (
            select(table)
            .where(waiting, due_at <= now)
            .order_by(due_at)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        return (await self.session.execute(query)).scalar_one_or_none()

    async def claim_due_push(self, now: datetime) -> DocumentVersionRow | None:
        return await self._claim_due(
            DocumentVersionRow,
            col(DocumentVersionRow.push_status) == PushStatus.QUEUED.value,
            col(DocumentVersionRow.push_next_at),
            now,
        )

    # ---------------------------------------------------------------- tele-expertise reports

    async def add_report_once(self, report: TeleExpertiseReportRow) -> bool:
        inserted = await self.session.execute(
            insert(TeleExpertiseReportRow)
            .values(
                expertise_id=report.expertise_id,
                act_id=report.act_id,
                matricule=report.matricule,
                oid=report.oid,
                practice_id=report.practice_id,
                requis_rpps=report.requis_rpps,
                title=report.title,
                content_type=report.content_type,
                content=report.content,
                sha256=report.sha256,
                performed_at=report.performed_at,
                outcome=report.outcome,
                created_at=report.created_at,
                updated_at=report.updated_at,
            )
            .on_conflict_do_nothing()
            .returning(column("expertise_id", Uuid))
        )
        return inserted.first() is not None

    async def waiting_reports(self, matricule: str) -> list[TeleExpertiseReportRow]:
        query = (
            select(TeleExpertiseReportRow)
            .where(
                col(TeleExpertiseReportRow.matricule) == matricule,
                col(TeleExpertiseReportRow.outcome) == "awaiting_record",
            )
            .with_for_update()
        )
        return list((await self.session.execute(query)).scalars())

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
        query = select(ProfileEntryRow).where(
            col(ProfileEntryRow.record_id) == record_id, col(ProfileEntryRow.section) == section
        )
        if not include_removed:
            query = query.where(col(ProfileEntryRow.removed).is_(False))
        return await self._page(query, ProfileEntryRow.created_at, ProfileEntryRow.id, cursor, limit)

    async def profile_versions(self, entry_id: uuid.UUID) -> list[ProfileEntryVersionRow]:
        query = (
            select(ProfileEntryVersionRow)
            .where(col(ProfileEntryVersionRow.entry_id) == entry_id)
            .order_by(col(ProfileEntryVersionRow.version))
        )
        return list((await self.session.execute(query)).scalars().all())

    # ---------------------------------------------------------------- related profiles

    async def add_related_profile(self, row: RelatedProfileRow) -> None:
        self.session.add(row)
        try:
            await self.session.flush()
        except IntegrityError as error:
            raise RelatedProfileExists("this child is already attached") from error

    async def related_profiles_page(
        self, parent_record_id: uuid.UUID, *, cursor: str | None, limit: int
    ) -> Slice[RelatedProfileRow]:
        query = select(RelatedProfileRow).where(col(RelatedProfileRow.parent_record_id) == parent_record_id)
        return await self._page(query, RelatedProfileRow.created_at, RelatedProfileRow.id, cursor, limit)

    # ---------------------------------------------------------------- messages

    async def message_attachments(self, message_id: uuid.UUID) -> list[MessageAttachmentRow]:
        query = (
            select(MessageAttachmentRow)
            .where(col(MessageAttachmentRow.message_id) == message_id)
            .order_by(col(MessageAttachmentRow.position))
        )
        return list((await self.session.execute(query)).scalars().all())

    async def messages_page(
        self, record_id: uuid.UUID, sender_rpps: str, *, cursor: str | None, limit: int
    ) -> Slice[MessageRow]:
        query = select(MessageRow).where(
            col(MessageRow.record_id) == record_id, col(MessageRow.sender_rpps) == sender_rpps
        )
        return await self._page(query, MessageRow.created_at, MessageRow.id, cursor, limit)

    # ---------------------------------------------------------------- agenda and notifications

    async def held_appointments(self, record_id: uuid.UUID, until: datetime) -> list[AppointmentRow]:
        query = select(AppointmentRow).where(
            col(AppointmentRow.record_id) == record_id,
            col(AppointmentRow.prevention_code).is_not(None),
            col(AppointmentRow.cancelled_at).is_(None),
            col(AppointmentRow.starts_at) <= until,
        )
        return list((await self.session.execute(query)).scalars())

    async def appointments_page(
        self, record_id: uuid.UUID, *, include_cancelled: bool, cursor: str | None, limit: int
    ) -> Slice[AppointmentRow]:
        query = select(AppointmentRow).where(col(AppointmentRow.record_id) == record_id)
        if not include_cancelled:
            query = query.where(col(AppointmentRow.cancelled_at).is_(None))
        return await self._page(query, AppointmentRow.created_at, AppointmentRow.id, cursor, limit)

    async def cancel_pending_notifications(self, appointment_id: uuid.UUID) -> None:
        await self.session.execute(
            update(NotificationRow)
            .where(
                col(NotificationRow.appointment_id) == appointment_id,
                col(NotificationRow.status) == "pending",
            )
            .values(status="cancelled", next_attempt_at=None)
        )
        await self.session.flush()

    async def upcoming_appointments(
        self, after: datetime, until: datetime
    ) -> list[tuple[AppointmentRow, PatientRecord]]:
        query = (
            select(AppointmentRow, PatientRecord)
            .join(PatientRecord, col(PatientRecord.id) == col(AppointmentRow.record_id))
            .where(
                col(AppointmentRow.cancelled_at).is_(None),
                col(AppointmentRow.starts_at) > after,
                col(AppointmentRow.starts_at) <= until,
                col(PatientRecord.identity_status) == IdentityStatus.QUAL.value,
            )
        )
        return [(appointment, record) for appointment, record in (await self.session.execute(query)).all()]

    async def add_notification_once(self, notification: NotificationRow) -> bool:
        result = await self.session.execute(
            insert(NotificationRow)
            .values(
                id=notification.id,
                record_id=notification.record_id,
                key=notification.key,
                kind=notification.kind,
                appointment_id=notification.appointment_id,
                subject=notification.subject,
                body=notification.body,
                status=notification.status,
                attempts=notification.attempts,
                next_attempt_at=notification.next_attempt_at,
                created_at=notification.created_at,
            )
            .on_conflict_do_nothing(index_elements=["key"])
            .returning(column("id", Uuid))
        )
        return result.first() is not None

    async def claim_due_notification(self, now: datetime) -> NotificationRow | None:
        return await self._claim_due(
            NotificationRow,
            col(NotificationRow.status) == "pending",
            col(NotificationRow.next_attempt_at),
            now,
        )
