"""Tables owned by telemed-service, on their own SQLModel registry (one metadata per service).

The trace, the report and the attachments are append-only: migration 0002 installs triggers that
refuse UPDATE, DELETE and TRUNCATE on them (CSP R6316-4: the file of a tele-expertise is immutable).
"""

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import BigInteger, Column, DateTime, Identity, Index, LargeBinary, UniqueConstraint, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel


class Table(SQLModel, registry=registry()):
    """Base of this service's table models."""


metadata = Table.metadata


def _moment(nullable: bool = False, index: bool = False) -> Any:
    return Field(
        default=None if nullable else ...,
        sa_column=Column(DateTime(timezone=True), nullable=nullable, index=index),
    )


class QualifiedIdentity(Table, table=True):
    """Local projection of ins-service identities: which INS a practice holds in QUAL status (RNIV)."""

    __tablename__ = "identity_statuses"

    identity_id: UUID = Field(primary_key=True)
    practice_id: str = Field(max_length=64, index=True)
    matricule: str | None = Field(default=None, max_length=15)
    oid: str | None = Field(default=None, max_length=40)
    status: str = Field(max_length=5)
    # Time of the event that set `status`: events of the two topics may arrive out of order.
    status_at: datetime = _moment()


class CareRelationship(Table, table=True):
    """A dentist the patient already knows (consulted, or did the entry check-up), as a practice declared."""

    __tablename__ = "care_relationships"
    __table_args__ = (
        UniqueConstraint(
            "practice_id",
            "patient_matricule",
            "patient_oid",
            "dentist_rpps",
            "kind",
            name="care_relationship_uq",
        ),
    )

    id: UUID = Field(primary_key=True)
    practice_id: str = Field(max_length=64)
    patient_matricule: str = Field(max_length=15)
    patient_oid: str = Field(max_length=40)
    dentist_rpps: str = Field(max_length=11)
    kind: str = Field(max_length=20)
    declared_by_rpps: str = Field(max_length=11)
    created_at: datetime = _moment()


class ExpertiseRow(Table, table=True):
    """Current state of one tele-expertise (the aggregate); its history lives in `TraceRow`.

    Each side a caller may take part on (requerant_practice_id, requis_rpps, requis_practice_id) is
    indexed with (created_at, id), and with (status, created_at, id), for the list (migration 0003).
    """

    __tablename__ = "tele_expertises"

    id: UUID = Field(primary_key=True)
    requerant_practice_id: str = Field(max_length=64)
    requis_practice_id: str | None = Field(default=None, max_length=64)
    situation: str = Field(max_length=40)
    status: str = Field(max_length=20, index=True)
    requerant_rpps: str = Field(max_length=11)
    requerant_profession: str = Field(max_length=30)
    requerant_specialty: str | None = Field(default=None, max_length=40)
    requerant_finess: str | None = Field(default=None, max_length=9)
    requis_rpps: str = Field(max_length=11)
    requis_profession: str = Field(max_length=30)
    requis_specialty: str | None = Field(default=None, max_length=40)
    known_relationship: bool
    patient_matricule: str = Field(max_length=15)
    patient_oid: str = Field(max_length=40)
    reasons: str
    requested_at: datetime = _moment(index=True)
    accepted_at: datetime | None = _moment(nullable=True)
    closed_at: datetime | None = _moment(nullable=True)
    refusal_reason: str | None = Field(default=None, max_length=40)
    refusal_detail: str | None = None
    cancellation_reason: str | None = None
    created_at: datetime = _moment()


class ReportRow(Table, table=True):
    """The requis's report, written once (append-only)."""

    __tablename__ = "expertise_reports"

    expertise_id: UUID = Field(primary_key=True, foreign_key="tele_expertises.id")
    text: str
    acts: list[str] = Field(sa_column=Column(JSONB, nullable=False))
    prescriptions: list[str] = Field(sa_column=Column(JSONB, nullable=False))
    answered_at: datetime = _moment()
    answered_by_rpps: str = Field(max_length=11)
    title: str
    content_type: str = Field(max_length=100)
    # The rendering sent in ActRecorded and filed in the DMP, with its SHA-256.
    content: str
    content_sha256: str = Field(max_length=64)


class AttachmentRow(Table, table=True):
    """A file sent with the request or the report, stored with its SHA-256 (append-only)."""

    __tablename__ = "expertise_attachments"

    id: UUID = Field(primary_key=True)
    expertise_id: UUID = Field(foreign_key="tele_expertises.id", index=True)
    part: str = Field(max_length=10)  # request | report
    position: int
    name: str | None = Field(default=None, max_length=255)
    content_type: str = Field(max_length=255)
    size_bytes: int
    sha256: str = Field(max_length=64)
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    uploaded_by_rpps: str = Field(max_length=11)
    created_at: datetime = _moment()


class TraceRow(Table, table=True):
    """One entry of the immutable trace of a tele-expertise (CSP R6316-4), append-only."""

    __tablename__ = "expertise_trace"
    __table_args__ = (
        UniqueConstraint("expertise_id", "seq", name="expertise_trace_seq_uq"),
        Index(
            "expertise_trace_incident_uq",
            "expertise_id",
            "incident_ref",
            unique=True,
            postgresql_where=text("incident_ref IS NOT NULL"),
        ),
    )

    id: int | None = Field(
        default=None, sa_column=Column(BigInteger, Identity(always=True), primary_key=True)
    )
    expertise_id: UUID = Field(foreign_key="tele_expertises.id", index=True)
    seq: int
    at: datetime = _moment()
    action: str = Field(max_length=30)
    actor_role: str = Field(max_length=20)
    actor_rpps: str | None = Field(default=None, max_length=11)
    actor_practice_id: str | None = Field(default=None, max_length=64)
    from_status: str | None = Field(default=None, max_length=20)
    to_status: str = Field(max_length=20)
    details: str = ""
    # Set on incidents the service records itself, so a failure is traced once however often it is seen.
    incident_ref: str | None = Field(default=None, max_length=100)


class ActRow(Table, table=True):
    """An act (RQD or TE2) of an answered tele-expertise, and what billing said about it."""

    __tablename__ = "expertise_acts"
    __table_args__ = (UniqueConstraint("expertise_id", "role", name="expertise_acts_role_uq"),)

    act_id: UUID = Field(primary_key=True)
    expertise_id: UUID = Field(foreign_key="tele_expertises.id", index=True)
    role: str = Field(max_length=20)
    code: str = Field(max_length=10)
    practice_id: str = Field(max_length=64)
    practitioner_rpps: str = Field(max_length=11)
    performed_at: datetime = _moment()
    billing_status: str = Field(default="pending", max_length=20)  # pending | billed | rejected
    invoice_id: UUID | None = None
    amount_cents: int | None = None
    payer: str | None = Field(default=None, max_length=20)
    rejection_reason: str | None = Field(default=None, max_length=40)
    rejection_detail: str | None = None
    billing_at: datetime | None = _moment(nullable=True)
