"""The session list's `?status=` filter read off an index: (practice_id, state, created_at, id).

Open sessions are the few recent ones (30 minutes each); with only (practice_id, created_at, id),
`?status=open` walked the practice from its oldest session, filtering every closed and expired one
before reaching them. With the state before the order, `open` and `closed` pages are read straight
off the index; `expired` (the stored state, or open past its expiry) is the common state and finds
a page quickly either way.
"""

from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.create_index("apcv_sessions_state_idx", "apcv_sessions", ["practice_id", "state", "created_at", "id"])


def downgrade() -> None:
    op.drop_index("apcv_sessions_state_idx", table_name="apcv_sessions")
