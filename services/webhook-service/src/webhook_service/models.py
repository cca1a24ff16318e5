"""Tables owned by webhook-service, on their own SQLModel registry (one metadata per service)."""

import uuid
from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, SmallInteger, String, Text, UniqueConstraint, Uuid, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from servicekit.db import timestamptz


class Table(SQLModel, registry=registry()):
    """Base of this service's table models."""


metadata = Table.metadata


class EndpointRow(Table, table=True):
    """An endpoint a practice registered, its subscriptions, its secrets and its health."""

    __tablename__ = "webhook_endpoints"
    __table_args__ = (
        Index("webhook_endpoints_practice_idx", "practice_id", "created_at", "id"),
        Index("webhook_endpoints_types_idx", "event_types", postgresql_using="gin"),
    )

    id: uuid.UUID = Field(primary_key=True)
    practice_id: str = Field(sa_column=Column(String(64), nullable=False))
    url: str = Field(sa_column=Column(String(2048), nullable=False))
    description: str | None = Field(default=None, sa_column=Column(String(500), nullable=True))
    event_types: list[str] = Field(sa_column=Column(ARRAY(String(40)), nullable=False))
    # NULL while enabled: `enabled` in the API is `disabled_reason IS NULL`.
    disabled_reason: str | None = Field(default=None, sa_column=Column(String(40), nullable=True))
    secret: str = Field(sa_column=Column(String(100), nullable=False))
    previous_secret: str | None = Field(default=None, sa_column=Column(String(100), nullable=True))
    previous_secret_expires_at: datetime | None = timestamptz(nullable=True)
    failing_since: datetime | None = timestamptz(nullable=True)
    created_at: datetime = timestamptz()
    updated_at: datetime = timestamptz()


class DeliveryRow(Table, table=True):
    """One message for one endpoint, and the outcome of its attempts so far."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        UniqueConstraint("message_id", "endpoint_id", name="webhook_deliveries_message_endpoint_key"),
        Index("webhook_deliveries_endpoint_idx", "endpoint_id", "created_at", "id"),
        Index("webhook_deliveries_due_idx", "next_attempt_at", postgresql_where=text("status = 'pending'")),
    )

    id: uuid.UUID = Field(primary_key=True)
    endpoint_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("webhook_endpoints.id", ondelete="CASCADE"), nullable=False)
    )
    message_id: uuid.UUID = Field(nullable=False)
    event_type: str = Field(sa_column=Column(String(40), nullable=False))
    body: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(sa_column=Column(String(10), nullable=False))
    attempts: int = Field(sa_column=Column(SmallInteger, nullable=False, server_default="0"))
    next_attempt_at: datetime | None = timestamptz(nullable=True)
    last_attempt_at: datetime | None = timestamptz(nullable=True)
    last_status_code: int | None = Field(default=None, sa_column=Column(SmallInteger, nullable=True))
    last_error: str | None = Field(default=None, sa_column=Column(String(60), nullable=True))
    delivered_at: datetime | None = timestamptz(nullable=True)
    created_at: datetime = timestamptz()
    queued_at: datetime = timestamptz()
