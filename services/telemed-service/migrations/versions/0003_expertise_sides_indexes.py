"""One index per side a caller may take part on, in list order, with and without `?status=`.

`GET /tele-expertises` shows what the caller takes part in: as the requerant's practice, as the
requis dentist, as the requis's practice. The store walks each side in (created_at, id) order and
merges the pages (store.py `expertises_query`); each walk needs (side[, status], created_at, id).
The single-column indexes of 0002 on those sides are prefixes of these, so they go.
"""

from alembic import op

revision = "0003"
down_revision = "0002"

_SIDES = ("requerant_practice_id", "requis_rpps", "requis_practice_id")


def upgrade() -> None:
    for side in _SIDES:
        op.drop_index(f"ix_tele_expertises_{side}", table_name="tele_expertises")
        op.create_index(f"tele_expertises_{side}_page_idx", "tele_expertises", [side, "created_at", "id"])
        op.create_index(
            f"tele_expertises_{side}_status_page_idx", "tele_expertises", [side, "status", "created_at", "id"]
        )


def downgrade() -> None:
    for side in reversed(_SIDES):
        op.drop_index(f"tele_expertises_{side}_status_page_idx", table_name="tele_expertises")
        op.drop_index(f"tele_expertises_{side}_page_idx", table_name="tele_expertises")
        op.create_index(f"ix_tele_expertises_{side}", "tele_expertises", [side])
