"""Which worker process handled a ping: the tests of a process of several workers see the partitions
of one consumer group split between them."""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.add_column("received", sa.Column("handled_by", sa.Integer, nullable=True))


def downgrade() -> None:
    op.drop_column("received", "handled_by")
