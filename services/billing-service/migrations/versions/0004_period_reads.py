"""Reads of a period that cost a page, not the period: invoices by act day, signed care-sheet lines.

Invoices of a period, listed in decision order (created_at, id): 0003 read every invoice of the
period off (practice_id, performed_on, practitioner_rpps) and sorted them, so one month cost its
25 k rows at 1 M invoices. The store now reads each act day already in decision order, at most a
page per day, and keeps the first page of those (store.py `_period_page`): that needs
(.., performed_on, created_at, id) behind each filter a period combines with — none, the dentist,
the status. The same indexes give the monthly summary and the CSV export their
(performed_on, created_at) order.

Signed care-sheet lines of a period (summary, export): 0003 found the period's lines of every
practice by act day and joined each to its sheet for the practice and the status; PostgreSQL
scanned the sheets instead. A line now carries its sheet's practice, dentist and status, copied by
the database (the lines trigger on every write of a line, a sheets trigger when a status changes),
and (practice_id, sheet_status, performed_on, practitioner_rpps) finds a period's signed lines
alone. A line's own content still cannot change once its sheet is no longer a draft: only the copy
of the status follows the sheet.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"

_INVOICE_INDEXES = {
    "tele_expertise_invoices_day_idx": ["practice_id", "performed_on", "created_at", "id"],
    "tele_expertise_invoices_practitioner_day_idx": [
        "practice_id",
        "practitioner_rpps",
        "performed_on",
        "created_at",
        "id",
    ],
    "tele_expertise_invoices_status_day_idx": ["practice_id", "status", "performed_on", "created_at", "id"],
}

# The lines trigger of 0002 with the sheet's practice, dentist and status copied onto the line; the
# content check leaves the copies out, so the sheets trigger below may set the status on the lines
# of a signed sheet (and only to the sheet's own status, which this function copies itself).
_LINES_WITH_COPIES = """
CREATE OR REPLACE FUNCTION care_sheet_lines_only_in_drafts() RETURNS trigger AS $$
DECLARE
    sheet care_sheets%ROWTYPE;
    copies text[] := ARRAY['practice_id', 'practitioner_rpps', 'sheet_status'];
BEGIN
    SELECT * INTO sheet FROM care_sheets WHERE id = COALESCE(NEW.care_sheet_id, OLD.care_sheet_id);
    IF TG_OP = 'DELETE' THEN
        IF sheet.status <> 'draft' THEN
            RAISE EXCEPTION 'lines of a non-draft care sheet cannot change'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
    END IF;
    NEW.practice_id := sheet.practice_id;
    NEW.practitioner_rpps := sheet.practitioner_rpps;
    NEW.sheet_status := sheet.status;
    IF sheet.status <> 'draft'
       AND (TG_OP = 'INSERT' OR (to_jsonb(NEW) - copies) IS DISTINCT FROM (to_jsonb(OLD) - copies)) THEN
        RAISE EXCEPTION 'lines of a non-draft care sheet cannot change'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql
"""

_LINES_0002 = """
CREATE OR REPLACE FUNCTION care_sheet_lines_only_in_drafts() RETURNS trigger AS $$
DECLARE
    sheet_id uuid := COALESCE(NEW.care_sheet_id, OLD.care_sheet_id);
BEGIN
    IF (SELECT status FROM care_sheets WHERE id = sheet_id) <> 'draft' THEN
        RAISE EXCEPTION 'lines of a non-draft care sheet cannot change'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN COALESCE(NEW, OLD);
END
$$ LANGUAGE plpgsql
"""


def upgrade() -> None:
    op.drop_index("tele_expertise_invoices_performed_idx", table_name="tele_expertise_invoices")
    for name, columns in _INVOICE_INDEXES.items():
        op.create_index(name, "tele_expertise_invoices", columns)

    op.add_column("care_sheet_lines", sa.Column("practice_id", sa.String(64)))
    op.add_column("care_sheet_lines", sa.Column("practitioner_rpps", sa.String(11)))
    op.add_column("care_sheet_lines", sa.Column("sheet_status", sa.String(10)))
    op.execute(_LINES_WITH_COPIES)
    # Every existing line gets its copies: the trigger sets them on this no-op update.
    op.execute("UPDATE care_sheet_lines SET position = position")
    for column in ("practice_id", "practitioner_rpps", "sheet_status"):
        op.alter_column("care_sheet_lines", column, nullable=False)
    op.execute(
        """
        CREATE FUNCTION care_sheets_status_to_lines() RETURNS trigger AS $$
        BEGIN
            UPDATE care_sheet_lines SET sheet_status = NEW.status WHERE care_sheet_id = NEW.id;
            RETURN NULL;
        END
        $$ LANGUAGE plpgsql
        """
    )
    op.execute(
        """
        CREATE TRIGGER care_sheets_status_to_lines
        AFTER UPDATE OF status ON care_sheets
        FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
        EXECUTE FUNCTION care_sheets_status_to_lines()
        """
    )
    op.drop_index("care_sheet_lines_performed_idx", table_name="care_sheet_lines")
    op.create_index(
        "care_sheet_lines_period_idx",
        "care_sheet_lines",
        ["practice_id", "sheet_status", "performed_on", "practitioner_rpps"],
    )


def downgrade() -> None:
    op.drop_index("care_sheet_lines_period_idx", table_name="care_sheet_lines")
    op.create_index("care_sheet_lines_performed_idx", "care_sheet_lines", ["performed_on", "care_sheet_id"])
    op.execute("DROP TRIGGER IF EXISTS care_sheets_status_to_lines ON care_sheets")
    op.execute("DROP FUNCTION IF EXISTS care_sheets_status_to_lines()")
    op.execute(_LINES_0002)
    for column in ("sheet_status", "practitioner_rpps", "practice_id"):
        op.drop_column("care_sheet_lines", column)
    for name in reversed(_INVOICE_INDEXES):
        op.drop_index(name, table_name="tele_expertise_invoices")
    op.create_index(
        "tele_expertise_invoices_performed_idx",
        "tele_expertise_invoices",
        ["practice_id", "performed_on", "practitioner_rpps"],
    )
