"""Tables owned by ins-service, on their own SQLModel registry (one metadata per service)."""

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
    String,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from ins_service.domain.traits import BIRTH_FIRST_NAMES_MAX, BIRTH_NAME_MAX, FIRST_NAME_MAX


class Table(SQLModel, registry=registry()):
    """Base of this service's table models."""


metadata = Table.metadata


def _column(type_: Any, *, nullable: bool = False, **kwargs: Any) -> Any:
    return Field(sa_column=Column(type_, nullable=nullable, **kwargs))


def _optional(type_: Any) -> Any:
    return Field(default=None, sa_column=Column(type_, nullable=True))


class IdentityRow(Table, table=True):
    """One patient's identity in one practice (DOMAIN.md §2). `status` is derived from the facts and
    stored for queries; typed and INSi traits are kept apart, with comparison keys for duplicates."""

    __tablename__ = "identities"
    __table_args__ = (
        # One patient, one identity: a matricule appears once per practice (DOMAIN.md §2).
        UniqueConstraint("practice_id", "matricule", name="identities_practice_matricule_key"),
        Index("identities_practice_created_idx", "practice_id", "created_at", "id"),
        Index("identities_typed_traits_idx", "practice_id", "typed_name_key", "typed_birth_date"),
        Index("identities_insi_traits_idx", "practice_id", "insi_name_key", "insi_birth_date"),
        Index("identities_previous_ins_idx", "previous_ins", postgresql_using="gin"),
    )

    id: uuid.UUID = Field(sa_column=Column(UUID(as_uuid=True), primary_key=True))
    practice_id: str = _column(String(64))
    status: str = _column(String(5))

    typed_birth_name: str = _column(String(BIRTH_NAME_MAX))
    typed_birth_first_names: str = _column(String(BIRTH_FIRST_NAMES_MAX))
    typed_first_birth_first_name: str = _column(String(FIRST_NAME_MAX))
    typed_birth_date: date = _column(Date)
    typed_sex: str = _column(String(1))
    typed_birth_place_code: str | None = _optional(String(5))
    typed_name_key: str = _column(String(BIRTH_NAME_MAX))
    typed_first_name_key: str = _column(String(FIRST_NAME_MAX))

    insi_birth_name: str | None = _optional(String(BIRTH_NAME_MAX))
    insi_birth_first_names: str | None = _optional(String(BIRTH_FIRST_NAMES_MAX))
    insi_first_birth_first_name: str | None = _optional(String(FIRST_NAME_MAX))
    insi_birth_date: date | None = _optional(Date)
    insi_sex: str | None = _optional(String(1))
    insi_birth_place_code: str | None = _optional(String(5))
    insi_name_key: str | None = _optional(String(BIRTH_NAME_MAX))
    insi_first_name_key: str | None = _optional(String(FIRST_NAME_MAX))

    matricule: str | None = _optional(String(15))
    oid: str | None = _optional(String(40))
    # Previous INS INSi listed, as [{"matricule": ..., "oid": ...}].
    previous_ins: list[dict[str, str]] = _column(JSONB, server_default=text("'[]'::jsonb"))
    ins_confirmed: bool = _column(Boolean)
    validation_mode: str | None = _optional(String(5))
    attributes: list[str] = _column(ARRAY(String(4)), server_default=text("'{}'"))
    verification_refused: bool = _column(Boolean)
    collection_method: str = _column(String(5))

    # FR Core identity reliability dates: last INSi confirmation (dateCollection), document check.
    insi_confirmed_at: datetime | None = _optional(DateTime(timezone=True))
    validated_at: datetime | None = _optional(DateTime(timezone=True))
    created_by_rpps: str = _column(String(11))
    created_at: datetime = _column(DateTime(timezone=True))
    updated_at: datetime = _column(DateTime(timezone=True))


class TransitionRow(Table, table=True):
    """One immutable history entry of an identity: who, when, how (DOMAIN.md §2). A trigger refuses
    UPDATE, DELETE and TRUNCATE. A document check stores its type and context, never a number or an image."""

    __tablename__ = "identity_transitions"
    __table_args__ = (Index("identity_transitions_identity_idx", "identity_id", "created_at", "id"),)

    id: uuid.UUID = Field(sa_column=Column(UUID(as_uuid=True), primary_key=True))
    identity_id: uuid.UUID = Field(
        sa_column=Column(UUID(as_uuid=True), ForeignKey("identities.id"), nullable=False)
    )
    practice_id: str = _column(String(64))
    kind: str = _column(String(30))
    by_rpps: str = _column(String(11))
    at: datetime = _column(DateTime(timezone=True))
    previous_status: str | None = _optional(String(5))
    new_status: str = _column(String(5))
    attributes: list[str] = _column(ARRAY(String(4)))
    reason: str = _column(String(300))
    collection_method: str | None = _optional(String(5))
    validation_mode: str | None = _optional(String(5))
    document_check: dict[str, Any] | None = _optional(JSONB)
    insi_operation: str | None = _optional(String(30))
    insi_result_code: str | None = _optional(String(2))
    insi_call_reference: str | None = _optional(String(100))
    apcv_session_reference: str | None = _optional(String(100))
    attribute: str | None = _optional(String(4))
    # clock_timestamp(): entries written in one transaction keep their order.
    created_at: datetime = _column(DateTime(timezone=True), server_default=func.clock_timestamp())
