"""apCV sessions and the nonces already spent (replay refusal across restarts)."""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, UUID

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.create_table(
        "apcv_sessions",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("practice_id", sa.String(64), nullable=False),
        sa.Column("practitioner_rpps", sa.String(11), nullable=False),
        sa.Column("patient_key", sa.String(35), nullable=False),
        sa.Column("reading_mode", sa.String(3), nullable=False),
        sa.Column("beneficiary", JSONB, nullable=False),
        sa.Column("rights_status", sa.String(10), nullable=False),
        sa.Column("rights_insurer", sa.String(9), nullable=False),
        sa.Column("rights_start", sa.Date, nullable=False),
        sa.Column("rights_end", sa.Date, nullable=True),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.CheckConstraint("state IN ('open', 'closed', 'expired')", name="apcv_sessions_state_check"),
        sa.CheckConstraint("reading_mode IN ('qr', 'nfc')", name="apcv_sessions_reading_mode_check"),
        sa.CheckConstraint("expires_at > opened_at", name="apcv_sessions_window_check"),
    )
    op.create_index("apcv_sessions_practice_idx", "apcv_sessions", ["practice_id", "created_at", "id"])
    op.create_index(
        "apcv_sessions_open_expiry_idx",
        "apcv_sessions",
        ["expires_at"],
        postgresql_where=sa.text("state = 'open'"),
    )
    op.create_table(
        "apcv_seen_nonces",
        sa.Column("issuer", sa.String(200), nullable=False),
        sa.Column("nonce", sa.String(128), nullable=False),
        sa.Column("keep_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.PrimaryKeyConstraint("issuer", "nonce", name="apcv_seen_nonces_pkey"),
    )
    op.create_index("apcv_seen_nonces_keep_idx", "apcv_seen_nonces", ["keep_until"])


def downgrade() -> None:
    op.drop_table("apcv_seen_nonces")
    op.drop_table("apcv_sessions")
