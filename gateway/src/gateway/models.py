"""Tables owned by gateway, on their own SQLModel registry (one metadata per service).

Vendor clients and the practices they act for, each practice's roster, idempotency records and the
audit trail. Patient data is held by the audit trail (patient references) and, for the idempotency
retention only (`idempotency_ttl_hours`, 1 h by default), by the stored answers to creating POSTs.
"""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Column, Index, Integer, LargeBinary, String, Text, func, text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from servicekit.db import timestamptz


class Table(SQLModel, registry=registry()):
    """Base of this service's table models."""


metadata = Table.metadata


def _text(length: int | None = None, *, nullable: bool = False, **kwargs: Any) -> Any:
    column_type = String(length) if length else Text()
    return Field(sa_column=Column(column_type, nullable=nullable), **kwargs)


class ApiClient(Table, table=True):
    """A vendor's software registered for OAuth2 client credentials (RFC 6749 §2.3.1)."""

    __tablename__ = "api_clients"

    client_id: str = Field(sa_column=Column(String(64), primary_key=True))
    name: str = _text(200)
    secret_hash: str = _text()
    scopes: list[str] = Field(sa_column=Column(ARRAY(String(64)), nullable=False))
    rate_limit: str | None = _text(64, nullable=True, default=None)
    created_at: datetime = timestamptz(server_default=func.now())
    disabled_at: datetime | None = timestamptz(nullable=True, default=None)


class ClientPractice(Table, table=True):
    """A practice a client may act for (named per call in X-Practice-Id)."""

    __tablename__ = "client_practices"

    client_id: str = Field(sa_column=Column(String(64), primary_key=True))
    practice_id: str = Field(sa_column=Column(String(64), primary_key=True))
    created_at: datetime = timestamptz(server_default=func.now())


class PracticeMember(Table, table=True):
    """A professional of a practice's roster and the roles they hold there."""

    __tablename__ = "practice_members"
    __table_args__ = (Index("practice_members_page_idx", "practice_id", "created_at", "rpps"),)

    practice_id: str = Field(sa_column=Column(String(64), primary_key=True))
    rpps: str = Field(sa_column=Column(String(11), primary_key=True))
    roles: list[str] = Field(sa_column=Column(ARRAY(String(32)), nullable=False))
    created_at: datetime = timestamptz(server_default=func.now())
    updated_at: datetime = timestamptz(server_default=func.now())
    updated_by: str = _text(64)


class IdempotencyRecord(Table, table=True):
    """The answer to a creating POST (201), replayed for the same key (draft-ietf-httpapi-idempotency-key)."""

    __tablename__ = "idempotency_records"
    __table_args__ = (Index("idempotency_records_expiry_idx", "expires_at"),)

    client_id: str = Field(sa_column=Column(String(64), primary_key=True))
    idempotency_key: str = Field(sa_column=Column(String(255), primary_key=True))
    fingerprint: str = _text(64)
    state: str = _text(16)
    locked_until: datetime = timestamptz()
    expires_at: datetime = timestamptz()
    holder: str | None = Field(default=None, sa_column=Column(String(128), nullable=True))
    status_code: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))
    response_headers: list[list[str]] | None = Field(default=None, sa_column=Column(JSONB, nullable=True))
    response_body: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    created_at: datetime = timestamptz(server_default=func.now())


class AuditEvent(Table, table=True):
    """One call touching patient data: who, for which practice, which patient, what, outcome, when.

    `status` is null while the call runs: the row is written before the upstream is called, so
    no access happens without a trace, and completed with the outcome afterwards.
    """

    __tablename__ = "audit_events"
    # One index per filter of the trail, in its (created_at, id) order (migration 0005); the columns a
    # call may leave empty are indexed only where set.
    __table_args__ = (
        Index("audit_events_page_idx", "practice_id", "created_at", "id"),
        *(
            Index(
                f"audit_events_{name}_page_idx",
                "practice_id",
                column,
                "created_at",
                "id",
                postgresql_where=text(f"{column} IS NOT NULL") if where_set else None,
            )
            for name, column, where_set in (
                ("patient", "patient_ins", True),
                ("resource", "resource", False),
                ("resource_id", "resource_id", True),
                ("rpps", "rpps", False),
                ("client", "client_id", False),
                ("outcome", "outcome", True),
                ("status", "status", True),
            )
        ),
    )

    id: uuid.UUID = Field(primary_key=True)
    created_at: datetime = timestamptz()
    completed_at: datetime | None = timestamptz(nullable=True, default=None)
    client_id: str = _text(64)
    practice_id: str = _text(64)
    rpps: str = _text(11)
    profession: str = _text(32)
    role: str | None = _text(32, nullable=True, default=None)
    method: str = _text(10)
    route: str = _text(200)
    upstream: str = _text(16)
    resource: str = _text(64)
    resource_id: str | None = _text(100, nullable=True, default=None)
    patient_ins: str | None = _text(64, nullable=True, default=None)
    status: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))
    outcome: str | None = _text(32, nullable=True, default=None)
    request_id: str = _text(128)
