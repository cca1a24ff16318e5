"""Benchmark tables: kit tables plus the sender's state rows and the receiver's effects."""

import sqlalchemy as sa
from alembic import op

from servicekit.kit_tables import create_kit_tables

revision = "0001"
down_revision = None


def upgrade() -> None:
    create_kit_tables()
    op.create_table("hop_state", sa.Column("hop_id", sa.Integer, primary_key=True))
    op.create_table(
        "hop_effect",
        sa.Column("hop_id", sa.Integer, primary_key=True),
        sa.Column("committed_at", sa.Float, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("hop_effect")
    op.drop_table("hop_state")
