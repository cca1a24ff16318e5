"""An index behind every filter of the invoice and care-sheet lists and of the monthly reads.

Each list pages in (created_at, id) order within a practice; with only (practice_id, created_at,
id), a filter the index does not hold is checked row by row while walking the practice, so a
rare patient, status or month read most of it (a sequential scan once the planner gave up). Each
index here holds the filter before the order, so a page is read straight off it:

- invoices `?patient=`, `?practitioner=`, `?status=`: (practice_id, <filter>, created_at, id);
- invoices of a period (`from`/`to`, the monthly summary and CSV export): (practice_id,
  performed_on, practitioner_rpps), the act day the period is about (and the dentist the summary may
  name); a page is then sorted among that period's rows (store.py says why not walked in order);
- care sheets `?session=` and `?status=`: (practice_id, <filter>, created_at, id);
- signed care-sheet lines of a period (summary): the lines by act day, joined to their sheet.
"""

from alembic import op

revision = "0003"
down_revision = "0002"

_INDEXES = {
    "tele_expertise_invoices_patient_idx": (
        "tele_expertise_invoices",
        ["practice_id", "patient_key", "created_at", "id"],
    ),
    "tele_expertise_invoices_practitioner_idx": (
        "tele_expertise_invoices",
        ["practice_id", "practitioner_rpps", "created_at", "id"],
    ),
    "tele_expertise_invoices_status_idx": (
        "tele_expertise_invoices",
        ["practice_id", "status", "created_at", "id"],
    ),
    "tele_expertise_invoices_performed_idx": (
        "tele_expertise_invoices",
        ["practice_id", "performed_on", "practitioner_rpps"],
    ),
    "care_sheets_session_idx": ("care_sheets", ["practice_id", "session_id", "created_at", "id"]),
    "care_sheets_status_idx": ("care_sheets", ["practice_id", "status", "created_at", "id"]),
    "care_sheet_lines_performed_idx": ("care_sheet_lines", ["performed_on", "care_sheet_id"]),
}


def upgrade() -> None:
    for name, (table, columns) in _INDEXES.items():
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, (table, _) in reversed(_INDEXES.items()):
        op.drop_index(name, table_name=table)
