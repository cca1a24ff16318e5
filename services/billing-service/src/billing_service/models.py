"""Tables owned by billing-service, on their own SQLModel registry (one metadata per service).

Money is integer cents. The database, not the code path, guarantees the billing invariants:
- `act_id` is unique: an act is decided (billed or rejected) once, whatever event carried it;
- calendar-year mode: (practitioner, patient, code, year, slot) is unique with slot in 1..4, so a
  fifth billed act of a year cannot be stored even if two transactions race (DOMAIN.md §6);
- lines of a care sheet that is no longer a draft cannot change (trigger in migration 0002; since
  0004 it also copies the sheet's practice, dentist and status onto each line).
"""

from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    FetchedValue,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from billing_service.domain import DEFAULT_CAP
from servicekit.db import timestamptz


class Table(SQLModel, registry=registry()):
    """Base of this service's table models."""


metadata = Table.metadata


class TeleExpertiseInvoice(Table, table=True):
    """The billing decision on one tele-expertise act: an invoice line (billed) or its refusal."""

    __tablename__ = "tele_expertise_invoices"
    __table_args__ = (
        UniqueConstraint("act_id", name="tele_expertise_invoices_act_uq"),
        UniqueConstraint(
            "practitioner_rpps",
            "patient_key",
            "act_code",
            "cap_window_key",
            "cap_slot",
            name="tele_expertise_invoices_cap_slot_uq",
        ),
        CheckConstraint(f"cap_slot BETWEEN 1 AND {DEFAULT_CAP}", name="tele_expertise_invoices_slot_range"),
        CheckConstraint("status IN ('billed', 'rejected')", name="tele_expertise_invoices_status"),
        CheckConstraint(
            "(cap_window_key IS NULL) = (cap_slot IS NULL)", name="tele_expertise_invoices_slot_has_window"
        ),
        CheckConstraint(
            "(status = 'billed' AND amount_cents > 0 AND payer IS NOT NULL AND rejection_reason IS NULL)"
            " OR (status = 'rejected' AND amount_cents IS NULL AND cap_slot IS NULL"
            " AND rejection_reason IS NOT NULL)",
            name="tele_expertise_invoices_decision_shape",
        ),
        Index(
            "tele_expertise_invoices_cap_idx", "practitioner_rpps", "patient_key", "act_code", "performed_on"
        ),
        Index("tele_expertise_invoices_practice_idx", "practice_id", "created_at", "id"),
    )

    id: UUID = Field(primary_key=True)
    act_id: UUID
    expertise_id: UUID
    event_id: UUID
    practice_id: str = Field(sa_column=Column(String(64), nullable=False))
    practitioner_rpps: str = Field(sa_column=Column(String(11), nullable=False))
    patient_key: str = Field(sa_column=Column(String(35), nullable=False))
    role: str = Field(sa_column=Column(String(20), nullable=False))
    act_code: str = Field(sa_column=Column(String(10), nullable=False))
    performed_at: datetime = timestamptz()
    performed_on: date = Field(sa_column=Column(Date, nullable=False))
    status: str = Field(sa_column=Column(String(10), nullable=False))
    amount_cents: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))
    payer: str | None = Field(default=None, sa_column=Column(String(20), nullable=True))
    tariff_source: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    rejection_reason: str | None = Field(default=None, sa_column=Column(String(40), nullable=True))
    rejection_detail: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    cap_window_key: str | None = Field(default=None, sa_column=Column(String(10), nullable=True))
    cap_slot: int | None = Field(default=None, sa_column=Column(SmallInteger, nullable=True))
    created_at: datetime = timestamptz()


class ApcvSessionRow(Table, table=True):
    """Local projection of vitale's apCV sessions; `opened_at` is null while only the closure is known."""

    __tablename__ = "apcv_sessions"

    session_id: UUID = Field(primary_key=True)
    practice_id: str = Field(sa_column=Column(String(64), nullable=False))
    patient_key: str = Field(sa_column=Column(String(35), nullable=False))
    practitioner_rpps: str | None = Field(default=None, sa_column=Column(String(11), nullable=True))
    beneficiary: dict[str, Any] | None = Field(default=None, sa_column=Column(JSONB, nullable=True))
    opened_at: datetime | None = timestamptz(nullable=True)
    expires_at: datetime | None = timestamptz(nullable=True)
    closed_at: datetime | None = timestamptz(nullable=True)
    close_reason: str | None = Field(default=None, sa_column=Column(String(20), nullable=True))


class CareSheetRow(Table, table=True):
    """An electronic care sheet (FSE); `beneficiary` is the session's, frozen when the sheet is made."""

    __tablename__ = "care_sheets"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'signed', 'cancelled')", name="care_sheets_status"),
        UniqueConstraint("replaces", name="care_sheets_replaces_uq"),
        Index("care_sheets_practice_idx", "practice_id", "created_at", "id"),
    )

    id: UUID = Field(primary_key=True)
    practice_id: str = Field(sa_column=Column(String(64), nullable=False))
    session_id: UUID = Field(sa_column=Column(Uuid, ForeignKey("apcv_sessions.session_id"), nullable=False))
    practitioner_rpps: str = Field(sa_column=Column(String(11), nullable=False))
    patient_key: str = Field(sa_column=Column(String(35), nullable=False))
    beneficiary: dict[str, Any] = Field(sa_column=Column(JSONB, nullable=False))
    status: str = Field(sa_column=Column(String(10), nullable=False))
    total_cents: int = Field(sa_column=Column(Integer, nullable=False))
    created_at: datetime = timestamptz()
    created_by_rpps: str = Field(sa_column=Column(String(11), nullable=False))
    signed_at: datetime | None = timestamptz(nullable=True)
    signed_by_rpps: str | None = Field(default=None, sa_column=Column(String(11), nullable=True))
    cancelled_at: datetime | None = timestamptz(nullable=True)
    replaces: UUID | None = Field(
        default=None, sa_column=Column(Uuid, ForeignKey("care_sheets.id"), nullable=True)
    )
    replaced_by: UUID | None = Field(default=None, nullable=True)


def _copied(kind: String) -> Column[str]:
    """A column the database writes (a trigger): never sent by an INSERT, read back after one."""
    return Column(kind, nullable=False, server_default=FetchedValue(), server_onupdate=FetchedValue())


class CareSheetLineRow(Table, table=True):
    """One act on a care sheet, priced at the tariff in force on its date."""

    __tablename__ = "care_sheet_lines"

    care_sheet_id: UUID = Field(
        sa_column=Column(Uuid, ForeignKey("care_sheets.id", ondelete="CASCADE"), primary_key=True)
    )
    position: int = Field(sa_column=Column(Integer, primary_key=True))
    act_code: str = Field(sa_column=Column(String(20), nullable=False))
    label: str = Field(sa_column=Column(Text, nullable=False))
    performed_on: date = Field(sa_column=Column(Date, nullable=False))
    unit_cents: int = Field(sa_column=Column(Integer, nullable=False))
    quantity: int = Field(sa_column=Column(Integer, nullable=False))
    amount_cents: int = Field(sa_column=Column(Integer, nullable=False))
    tariff_source: str = Field(sa_column=Column(Text, nullable=False))
    # Copies of the sheet's, written by the database on every write of a line and when the sheet's
    # status changes (migration 0004), so a period's signed lines are found without their sheets.
    practice_id: str | None = Field(default=None, sa_column=_copied(String(64)))
    practitioner_rpps: str | None = Field(default=None, sa_column=_copied(String(11)))
    sheet_status: str | None = Field(default=None, sa_column=_copied(String(10)))
