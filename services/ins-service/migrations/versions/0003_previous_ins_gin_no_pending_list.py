"""The GIN index on previous matricules without a pending list (fastupdate = off).

With fastupdate on (PostgreSQL's default), new entries wait in an unsorted pending list until a
vacuum or `gin_pending_list_limit` (4 MB) flushes it, and every search by matricule scans that whole
list: the lookup slows down as identities are written and jumps back after autovacuum. Identities
are written a few at a time, so inserting straight into the index costs little, and a search stays
a plain index lookup. What is pending now is merged into the index first.
"""

from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.execute("ALTER INDEX identities_previous_ins_idx SET (fastupdate = off)")
    op.execute("SELECT gin_clean_pending_list('identities_previous_ins_idx'::regclass)")


def downgrade() -> None:
    op.execute("ALTER INDEX identities_previous_ins_idx RESET (fastupdate)")
