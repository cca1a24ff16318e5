"""Drop two columns that mirrored others: an endpoint is enabled when it has no `disabled_reason`,
and a delivery's practice is its endpoint's."""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.drop_column("webhook_endpoints", "enabled")
    op.drop_column("webhook_deliveries", "practice_id")


def downgrade() -> None:
    op.add_column("webhook_endpoints", sa.Column("enabled", sa.Boolean, nullable=True))
    op.execute("UPDATE webhook_endpoints SET enabled = disabled_reason IS NULL")
    op.alter_column("webhook_endpoints", "enabled", nullable=False)
    op.add_column("webhook_deliveries", sa.Column("practice_id", sa.String(64), nullable=True))
    op.execute(
        "UPDATE webhook_deliveries AS d SET practice_id = e.practice_id "
        "FROM webhook_endpoints AS e WHERE e.id = d.endpoint_id"
    )
    op.alter_column("webhook_deliveries", "practice_id", nullable=False)
