"""Tables owned by dmp-service, on their own SQLModel registry (one metadata per service).

Nothing is ever deleted: refusals are revoked, documents and profile entries get new versions,
related profiles are detached, appointments cancelled. The access log names the patient by the
pseudonymous patient key only, so a denied attempt on an unknown INS can be traced without a NIR.
"""

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from servicekit.auth import REQUEST_ID_MAX_LENGTH
from servicekit.db import timestamptz


class Table(SQLModel, registry=registry()):
    """Base of this service's table models."""


metadata = Table.metadata


def _created() -> Any:
    return Field(sa_column=Column(DateTime(timezone=True), nullable=False, server_default=func.now()))


def _string(length: int, *, nullable: bool = False, **kwargs: Any) -> Any:
    return Field(sa_column=Column(String(length), nullable=nullable, **kwargs))


def _ref(target: str, *, nullable: bool = False, **kwargs: Any) -> Any:
    return Field(sa_column=Column(UUID(as_uuid=True), ForeignKey(target), nullable=nullable, **kwargs))


class PatientRecord(Table, table=True):
    """One record per INS (national DMP), usable while the identity is QUAL in some practice."""

    __tablename__ = "patient_records"

    id: uuid.UUID = Field(primary_key=True)
    matricule: str = _string(15, unique=True)
    oid: str = _string(40)
    patient_key: str = _string(35, unique=True)
    birth_date: date = Field(sa_column=Column(Date, nullable=False))
    sex: str = _string(1)
    identity_status: str = _string(5)
    qualified_at: datetime = timestamptz()
    created_at: datetime = _created()
    updated_at: datetime = timestamptz()


class PracticeIdentity(Table, table=True):
    """The identity status of the INS in one practice, from the latest ins-service event by time.

    `identity_id` is the practice's identity that last set it: a change that leaves QUAL names the
    identity only (ins-service shares no INS then), so it is applied through this column.
    """

    __tablename__ = "practice_identity_statuses"

    matricule: str = Field(sa_column=Column(String(15), primary_key=True))
    practice_id: str = Field(sa_column=Column(String(64), primary_key=True))
    identity_id: uuid.UUID = Field(sa_column=Column(UUID(as_uuid=True), nullable=False, index=True))
    status: str = _string(5)
    status_at: datetime = timestamptz()


class IdentityStatusWithoutIns(Table, table=True):
    """The latest change leaving QUAL of an identity, as received without its INS: kept for the
    qualification it may overtake on the other topic, which it overrides when dated later."""

    __tablename__ = "identity_statuses_without_ins"

    identity_id: uuid.UUID = Field(sa_column=Column(UUID(as_uuid=True), primary_key=True))
    practice_id: str = _string(64)
    status: str = _string(5)
    status_at: datetime = timestamptz()


class AccessRefusalRow(Table, table=True):
    """A refusal the patient expressed; revoked (kept), never deleted."""

    __tablename__ = "access_refusals"
    __table_args__ = (Index("access_refusals_record_idx", "record_id", "created_at", "id"),)

    id: uuid.UUID = Field(primary_key=True)
    record_id: uuid.UUID = _ref("patient_records.id")
    rpps: str | None = _string(11, nullable=True, default=None)
    areas: list[str] = Field(sa_column=Column(ARRAY(String(20)), nullable=False))
    requested_by: str = _string(30)
    recorded_at: datetime = timestamptz()
    recorded_by_rpps: str = _string(11)
    recorded_by_practice: str = _string(64)
    revoked_at: datetime | None = timestamptz(nullable=True, default=None)
    revoked_by_rpps: str | None = _string(11, nullable=True, default=None)
    revoked_by_practice: str | None = _string(64, nullable=True, default=None)
    revocation_requested_by: str | None = _string(30, nullable=True, default=None)
    created_at: datetime = timestamptz()


class AccessLogRow(Table, table=True):
    """One access attempt: who (RPPS, role, practice), what, when, outcome (DOMAIN.md §5)."""

    __tablename__ = "access_log"
    __table_args__ = (
        Index("access_log_practice_page_idx", "patient_key", "practice_id", "created_at", "id"),
    )

    id: uuid.UUID = Field(primary_key=True)
    patient_key: str = _string(35)
    actor_rpps: str | None = _string(11, nullable=True, default=None)
    actor_role: str | None = _string(30, nullable=True, default=None)
    practice_id: str | None = _string(64, nullable=True, default=None)
    client_id: str | None = _string(100, nullable=True, default=None)
    channel: str = _string(10)  # api | event
    operation: str = _string(40)
    area: str = _string(20)
    resource_type: str | None = _string(40, nullable=True, default=None)
    resource_id: str | None = _string(64, nullable=True, default=None)
    outcome: str = _string(10)  # allowed | denied | skipped
    reason: str | None = _string(40, nullable=True, default=None)
    request_id: str | None = _string(REQUEST_ID_MAX_LENGTH, nullable=True, default=None)
    created_at: datetime = timestamptz()


class DocumentRow(Table, table=True):
    """A document of the record; its content and metadata live in versions."""

    __tablename__ = "documents"
    __table_args__ = (
        Index("documents_record_idx", "record_id", "created_at", "id"),
        Index(
            "documents_source_ref_key",
            "source",
            "source_ref",
            unique=True,
            postgresql_where=text("source_ref IS NOT NULL"),
        ),
    )

    id: uuid.UUID = Field(primary_key=True)
    record_id: uuid.UUID = _ref("patient_records.id")
    source: str = _string(30)  # deposit | tele_expertise | message_attachment
    source_ref: str | None = _string(64, nullable=True, default=None)
    current_version: int = Field(sa_column=Column(Integer, nullable=False))
    created_at: datetime = timestamptz()


class DocumentVersionRow(Table, table=True):
    """Version n of a document with its national DMP push state; superseded, never destroyed."""

    __tablename__ = "document_versions"
    __table_args__ = (
        UniqueConstraint("document_id", "number", name="document_versions_number_key"),
        Index(
            "document_versions_push_due_idx", "push_next_at", postgresql_where=text("push_status = 'queued'")
        ),
    )

    id: uuid.UUID = Field(primary_key=True)
    document_id: uuid.UUID = _ref("documents.id")
    number: int = Field(sa_column=Column(Integer, nullable=False))
    type_code: str = _string(64)
    title: str = _string(300)
    author_rpps: str = _string(11)
    date_of_care: date = Field(sa_column=Column(Date, nullable=False))
    content_type: str = _string(255)
    size_bytes: int = Field(sa_column=Column(Integer, nullable=False))
    sha256: str = _string(64)
    filed_at: datetime = timestamptz()
    filed_by_rpps: str | None = _string(11, nullable=True, default=None)
    filed_by_practice: str | None = _string(64, nullable=True, default=None)
    supersedes: uuid.UUID | None = Field(default=None, sa_column=Column(UUID(as_uuid=True), nullable=True))
    superseded_at: datetime | None = timestamptz(nullable=True, default=None)
    push_status: str = _string(10)
    push_attempts: int = Field(sa_column=Column(Integer, nullable=False, server_default=text("0")))
    push_next_at: datetime | None = timestamptz(nullable=True, default=None)
    pushed_at: datetime | None = timestamptz(nullable=True, default=None)
    national_id: str | None = _string(100, nullable=True, default=None)
    push_last_error: str | None = _string(100, nullable=True, default=None)


class DocumentContent(Table, table=True):
    """The bytes of one document version, apart so that lists never load them."""

    __tablename__ = "document_contents"

    version_id: uuid.UUID = Field(
        sa_column=Column(UUID(as_uuid=True), ForeignKey("document_versions.id"), primary_key=True)
    )
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class ProfileEntryRow(Table, table=True):
    """An entry of one profile section; `current_version` is the latest of its versions."""

    __tablename__ = "profile_entries"
    __table_args__ = (Index("profile_entries_record_idx", "record_id", "section", "created_at", "id"),)

    id: uuid.UUID = Field(primary_key=True)
    record_id: uuid.UUID = _ref("patient_records.id")
    section: str = _string(30)
    current_version: int = Field(sa_column=Column(Integer, nullable=False))
    removed: bool = Field(sa_column=Column(Boolean, nullable=False, server_default=text("false")))
    created_at: datetime = timestamptz()


class ProfileEntryVersionRow(Table, table=True):
    """Who changed what and when in a profile entry (DOMAIN.md §5: each entry versioned)."""

    __tablename__ = "profile_entry_versions"

    entry_id: uuid.UUID = Field(
        sa_column=Column(UUID(as_uuid=True), ForeignKey("profile_entries.id"), primary_key=True)
    )
    version: int = Field(sa_column=Column(Integer, primary_key=True))
    change: str = _string(10)
    text: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    author_kind: str = _string(20)
    author_rpps: str | None = _string(11, nullable=True, default=None)
    practice_id: str | None = _string(64, nullable=True, default=None)
    changed_at: datetime = timestamptz()


class RelatedProfileRow(Table, table=True):
    """A child's record attached to a parent's; detached (kept), never deleted."""

    __tablename__ = "related_profiles"
    __table_args__ = (
        Index("related_profiles_parent_idx", "parent_record_id", "created_at", "id"),
        Index(
            "related_profiles_active_key",
            "parent_record_id",
            "child_record_id",
            unique=True,
            postgresql_where=text("detached_at IS NULL"),
        ),
    )

    id: uuid.UUID = Field(primary_key=True)
    parent_record_id: uuid.UUID = _ref("patient_records.id")
    child_record_id: uuid.UUID = _ref("patient_records.id")
    relationship: str = _string(20)
    attached_at: datetime = timestamptz()
    attached_by_rpps: str = _string(11)
    attached_by_practice: str = _string(64)
    detached_at: datetime | None = timestamptz(nullable=True, default=None)
    detached_by_rpps: str | None = _string(11, nullable=True, default=None)
    created_at: datetime = timestamptz()


class MessageRow(Table, table=True):
    """A secure message from a professional to the patient."""

    __tablename__ = "messages"
    __table_args__ = (Index("messages_sender_page_idx", "record_id", "sender_rpps", "created_at", "id"),)

    id: uuid.UUID = Field(primary_key=True)
    record_id: uuid.UUID = _ref("patient_records.id")
    sender_rpps: str = _string(11)
    sender_practice: str = _string(64)
    subject: str = _string(200)
    body: str = Field(sa_column=Column(Text, nullable=False))
    sent_at: datetime = timestamptz()
    read_at: datetime | None = timestamptz(nullable=True, default=None)
    created_at: datetime = timestamptz()


class MessageAttachmentRow(Table, table=True):
    """A document sent with a message; the patient may file it into the record."""

    __tablename__ = "message_attachments"

    id: uuid.UUID = Field(primary_key=True)
    message_id: uuid.UUID = _ref("messages.id", index=True)
    position: int = Field(sa_column=Column(Integer, nullable=False))
    title: str = _string(300)
    type_code: str = _string(64)
    content_type: str = _string(255)
    size_bytes: int = Field(sa_column=Column(Integer, nullable=False))
    sha256: str = _string(64)
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    filed_document_id: uuid.UUID | None = Field(
        default=None, sa_column=Column(UUID(as_uuid=True), nullable=True)
    )


class AppointmentRow(Table, table=True):
    """An appointment in the patient's agenda; cancelled, never deleted."""

    __tablename__ = "appointments"
    __table_args__ = (
        Index("appointments_record_idx", "record_id", "created_at", "id"),
        Index("appointments_upcoming_idx", "starts_at", postgresql_where=text("cancelled_at IS NULL")),
    )

    id: uuid.UUID = Field(primary_key=True)
    record_id: uuid.UUID = _ref("patient_records.id")
    starts_at: datetime = timestamptz()
    title: str = _string(200)
    added_by: str = _string(20)
    prevention_code: str | None = _string(64, nullable=True, default=None)
    created_by_rpps: str = _string(11)
    practice_id: str = _string(64)
    cancelled_at: datetime | None = timestamptz(nullable=True, default=None)
    created_at: datetime = timestamptz()


class NotificationRow(Table, table=True):
    """An e-mail to send to the patient through the e-mail port; `key` sends it at most once."""

    __tablename__ = "notifications"
    __table_args__ = (
        Index("notifications_due_idx", "next_attempt_at", postgresql_where=text("status = 'pending'")),
    )

    id: uuid.UUID = Field(primary_key=True)
    record_id: uuid.UUID = _ref("patient_records.id")
    key: str = _string(200, unique=True)
    kind: str = _string(30)  # message | appointment_reminder
    appointment_id: uuid.UUID | None = Field(
        default=None, sa_column=Column(UUID(as_uuid=True), nullable=True)
    )
    subject: str = _string(200)
    body: str = Field(sa_column=Column(Text, nullable=False))
    status: str = _string(10)  # pending | sent | failed | cancelled
    attempts: int = Field(sa_column=Column(Integer, nullable=False, server_default=text("0")))
    next_attempt_at: datetime | None = timestamptz(nullable=True, default=None)
    sent_at: datetime | None = timestamptz(nullable=True, default=None)
    last_error: str | None = _string(100, nullable=True, default=None)
    created_at: datetime = timestamptz()


class SandboxEmail(Table, table=True):
    """What the e-mail sandbox 'sent': one row per notification key (tests and demos read it)."""

    __tablename__ = "sandbox_email_outbox"

    id: uuid.UUID = Field(primary_key=True)
    key: str = _string(200, unique=True)
    recipient_matricule: str = _string(15)
    recipient_oid: str = _string(40)
    subject: str = _string(200)
    body: str = Field(sa_column=Column(Text, nullable=False))
    sent_at: datetime = _created()


class TeleExpertiseReportRow(Table, table=True):
    """A tele-expertise report received from ActRecorded: filed, refused, or awaiting the record."""

    __tablename__ = "tele_expertise_reports"
    __table_args__ = (
        Index(
            "tele_expertise_reports_awaiting_idx",
            "matricule",
            postgresql_where=text("outcome = 'awaiting_record'"),
        ),
    )

    expertise_id: uuid.UUID = Field(sa_column=Column(UUID(as_uuid=True), primary_key=True))
    act_id: uuid.UUID = Field(sa_column=Column(UUID(as_uuid=True), nullable=False, unique=True))
    matricule: str = _string(15)
    oid: str = _string(40)
    practice_id: str = _string(64)
    requis_rpps: str = _string(11)
    title: str = _string(300)
    content_type: str = _string(255)
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    sha256: str = _string(64)
    performed_at: datetime = timestamptz()
    outcome: str = _string(20)  # filed | refused | awaiting_record
    document_id: uuid.UUID | None = Field(default=None, sa_column=Column(UUID(as_uuid=True), nullable=True))
    created_at: datetime = timestamptz()
    updated_at: datetime = timestamptz()
