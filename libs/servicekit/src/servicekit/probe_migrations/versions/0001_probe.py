"""Probe service tables: kit tables plus what the foundation tests observe."""

import sqlalchemy as sa
from alembic import op

from servicekit.kit_tables import create_kit_tables
from servicekit.migrations import drop_append_only, make_append_only

revision = "0001"
down_revision = None


def upgrade() -> None:
    create_kit_tables()
    op.create_table(
        "received",
        sa.Column("ping_id", sa.String(64), primary_key=True),
        sa.Column("times", sa.Integer, nullable=False),
        sa.Column("trace_id", sa.String(32), nullable=False),
    )
    op.create_table("ledger", sa.Column("entry", sa.String(64), primary_key=True))
    make_append_only("ledger")


def downgrade() -> None:
    drop_append_only("ledger")
    op.drop_table("ledger")
    op.drop_table("received")
