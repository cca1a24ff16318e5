"""Which gateway process holds an in-flight Idempotency-Key, so that process releases it when it
starts again after a crash (gateway.workflows.exchanges.release_keys_of_crashed_predecessor)."""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    op.add_column("idempotency_records", sa.Column("holder", sa.String(128), nullable=True))


def downgrade() -> None:
    op.drop_column("idempotency_records", "holder")
