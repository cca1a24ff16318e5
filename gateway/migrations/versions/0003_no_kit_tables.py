"""The gateway neither produces nor consumes events: no outbox or inbox tables (created by 0001)."""

from alembic import op

from servicekit.kit_tables import create_kit_tables

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.execute("DROP TABLE IF EXISTS outbox_messages")
    op.execute("DROP TABLE IF EXISTS inbox_messages")


def downgrade() -> None:
    create_kit_tables()
