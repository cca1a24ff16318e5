"""Outbox and inbox tables of servicekit."""

from servicekit.kit_tables import create_kit_tables, drop_kit_tables

revision = "0001"
down_revision = None


def upgrade() -> None:
    create_kit_tables()


def downgrade() -> None:
    drop_kit_tables()
