"""Tables owned by vitale-service, on their own SQLModel registry (one metadata per service)."""

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, Date, Index, String, func, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from servicekit.db import timestamptz


class Table(SQLModel, registry=registry()):
    """Base of this service's table models."""


metadata = Table.metadata


class ApcvSessionRow(Table, table=True):
    """An apCV session: bound to practice, practitioner and beneficiary, open until expires_at (DOMAIN.md §4).

    `state` is what the database knows: open until the practitioner closes it or the expiry sweep
    records it expired (and emits ApcvSessionClosed). Between expires_at and the sweep, the API
    already treats the session as expired from the clock.
    """

    __tablename__ = "apcv_sessions"
    __table_args__ = (
        Index("apcv_sessions_practice_idx", "practice_id", "created_at", "id"),
        Index("apcv_sessions_open_expiry_idx", "expires_at", postgresql_where=text("state = 'open'")),
    )

    id: uuid.UUID = Field(primary_key=True)
    practice_id: str = Field(sa_column=Column(String(64), nullable=False))
    practitioner_rpps: str = Field(sa_column=Column(String(11), nullable=False))
    patient_key: str = Field(sa_column=Column(String(35), nullable=False))
    reading_mode: str = Field(sa_column=Column(String(3), nullable=False))
    # The AmoBeneficiary chosen on the app, as read (JSON of the domain model).
    beneficiary: dict[str, Any] = Field(sa_column=Column(JSONB, nullable=False))
    rights_status: str = Field(sa_column=Column(String(10), nullable=False))
    rights_insurer: str = Field(sa_column=Column(String(9), nullable=False))
    rights_start: date = Field(sa_column=Column(Date, nullable=False))
    rights_end: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    state: str = Field(sa_column=Column(String(10), nullable=False))  # open | closed | expired
    opened_at: datetime = timestamptz()
    expires_at: datetime = timestamptz()
    closed_at: datetime | None = timestamptz(nullable=True, default=None)
    created_at: datetime = timestamptz(server_default=func.now())


class SeenNonce(Table, table=True):
    """A payload nonce already used to open a session, kept until the payload can no longer be valid."""

    __tablename__ = "apcv_seen_nonces"
    __table_args__ = (Index("apcv_seen_nonces_keep_idx", "keep_until"),)

    issuer: str = Field(sa_column=Column(String(200), primary_key=True))
    nonce: str = Field(sa_column=Column(String(128), primary_key=True))
    keep_until: datetime = timestamptz()
    seen_at: datetime = timestamptz(server_default=func.now())
