"""Tables servicekit owns in every service's database: the outbox and the inbox.

Defined with SQLAlchemy Core on their own MetaData so each service's first Alembic revision can
create them with `create_kit_tables()` while its own models keep their own registry.
"""

from sqlalchemy import (
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID

kit_metadata = MetaData()

outbox_messages = Table(
    "outbox_messages",
    kit_metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),  # the CloudEvents id
    Column("topic", String(200), nullable=False),
    Column("message_key", String(100), nullable=False),
    Column("event_type", String(200), nullable=False),
    Column("payload", JSONB, nullable=False),
    Column("trace_context", JSONB, nullable=False, server_default=text("'{}'::jsonb")),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("lease_until", DateTime(timezone=True)),
    Column("attempts", Integer, nullable=False, server_default=text("0")),
    Column("last_error", Text),
    Column("sent_at", DateTime(timezone=True)),
    Index("outbox_pending_idx", "created_at", postgresql_where=text("sent_at IS NULL")),
)

inbox_messages = Table(
    "inbox_messages",
    kit_metadata,
    Column("consumer", String(100), nullable=False),
    Column("event_id", UUID(as_uuid=True), nullable=False),
    Column("topic", String(200), nullable=False),
    Column("event_type", String(200), nullable=False),
    Column("outcome", String(20), nullable=False),  # processed | dead_lettered
    Column("error", Text),
    Column("processed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    PrimaryKeyConstraint("consumer", "event_id", name="inbox_messages_pkey"),
)

OUTBOX_CHANNEL = "dentalink_outbox"


def create_kit_tables() -> None:
    """Call from a service's first Alembic revision."""
    from alembic import op

    kit_metadata.create_all(bind=op.get_bind())


def drop_kit_tables() -> None:
    from alembic import op

    kit_metadata.drop_all(bind=op.get_bind())
