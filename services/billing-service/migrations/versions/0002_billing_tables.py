"""Tele-expertise invoices (one decision per act, cap slots), apCV session projection, care sheets."""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

from servicekit.migrations import timestamptz_column

revision = "0002"
down_revision = "0001"

CAP = 4  # DOMAIN.md §6: 4 acts of a code per year per dentist for the same patient.


def upgrade() -> None:
    op.create_table(
        "tele_expertise_invoices",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("act_id", sa.Uuid(), nullable=False),
        sa.Column("expertise_id", sa.Uuid(), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("practice_id", sa.String(64), nullable=False),
        sa.Column("practitioner_rpps", sa.String(11), nullable=False),
        sa.Column("patient_key", sa.String(35), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("act_code", sa.String(10), nullable=False),
        timestamptz_column("performed_at"),
        sa.Column("performed_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=True),
        sa.Column("payer", sa.String(20), nullable=True),
        sa.Column("tariff_source", sa.Text(), nullable=True),
        sa.Column("rejection_reason", sa.String(40), nullable=True),
        sa.Column("rejection_detail", sa.Text(), nullable=True),
        sa.Column("cap_window_key", sa.String(10), nullable=True),
        sa.Column("cap_slot", sa.SmallInteger(), nullable=True),
        timestamptz_column("created_at"),
        # One decision per act, whatever event id carried it.
        sa.UniqueConstraint("act_id", name="tele_expertise_invoices_act_uq"),
        # Calendar-year mode: at most CAP billed slots per (dentist, patient, code, year), even under races.
        sa.UniqueConstraint(
            "practitioner_rpps",
            "patient_key",
            "act_code",
            "cap_window_key",
            "cap_slot",
            name="tele_expertise_invoices_cap_slot_uq",
        ),
        sa.CheckConstraint(f"cap_slot BETWEEN 1 AND {CAP}", name="tele_expertise_invoices_slot_range"),
        sa.CheckConstraint("status IN ('billed', 'rejected')", name="tele_expertise_invoices_status"),
        sa.CheckConstraint(
            "(cap_window_key IS NULL) = (cap_slot IS NULL)", name="tele_expertise_invoices_slot_has_window"
        ),
        sa.CheckConstraint(
            "(status = 'billed' AND amount_cents > 0 AND payer IS NOT NULL AND rejection_reason IS NULL)"
            " OR (status = 'rejected' AND amount_cents IS NULL AND cap_slot IS NULL"
            " AND rejection_reason IS NOT NULL)",
            name="tele_expertise_invoices_decision_shape",
        ),
    )
    op.create_index(
        "tele_expertise_invoices_cap_idx",
        "tele_expertise_invoices",
        ["practitioner_rpps", "patient_key", "act_code", "performed_on"],
    )
    op.create_index(
        "tele_expertise_invoices_practice_idx", "tele_expertise_invoices", ["practice_id", "created_at", "id"]
    )

    op.create_table(
        "apcv_sessions",
        sa.Column("session_id", sa.Uuid(), primary_key=True),
        sa.Column("practice_id", sa.String(64), nullable=False),
        sa.Column("patient_key", sa.String(35), nullable=False),
        sa.Column("practitioner_rpps", sa.String(11), nullable=True),
        sa.Column("beneficiary", JSONB(), nullable=True),
        timestamptz_column("opened_at", nullable=True),
        timestamptz_column("expires_at", nullable=True),
        timestamptz_column("closed_at", nullable=True),
        sa.Column("close_reason", sa.String(20), nullable=True),
    )

    op.create_table(
        "care_sheets",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("practice_id", sa.String(64), nullable=False),
        sa.Column("session_id", sa.Uuid(), sa.ForeignKey("apcv_sessions.session_id"), nullable=False),
        sa.Column("practitioner_rpps", sa.String(11), nullable=False),
        sa.Column("patient_key", sa.String(35), nullable=False),
        sa.Column("beneficiary", JSONB(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("total_cents", sa.Integer(), nullable=False),
        timestamptz_column("created_at"),
        sa.Column("created_by_rpps", sa.String(11), nullable=False),
        timestamptz_column("signed_at", nullable=True),
        sa.Column("signed_by_rpps", sa.String(11), nullable=True),
        timestamptz_column("cancelled_at", nullable=True),
        sa.Column("replaces", sa.Uuid(), sa.ForeignKey("care_sheets.id"), nullable=True),
        sa.Column("replaced_by", sa.Uuid(), nullable=True),
        sa.CheckConstraint("status IN ('draft', 'signed', 'cancelled')", name="care_sheets_status"),
        sa.UniqueConstraint("replaces", name="care_sheets_replaces_uq"),
    )
    op.create_index("care_sheets_practice_idx", "care_sheets", ["practice_id", "created_at", "id"])

    op.create_table(
        "care_sheet_lines",
        sa.Column(
            "care_sheet_id",
            sa.Uuid(),
            sa.ForeignKey("care_sheets.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("position", sa.Integer(), primary_key=True),
        sa.Column("act_code", sa.String(20), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("performed_on", sa.Date(), nullable=False),
        sa.Column("unit_cents", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("tariff_source", sa.Text(), nullable=False),
    )

    # A signed care sheet is immutable (DOMAIN.md §4): its lines and content cannot change, and the
    # only transition left is signed -> cancelled by a replacing sheet. Enforced here so no code
    # path can get it wrong.
    op.execute(
        """
        CREATE FUNCTION care_sheet_lines_only_in_drafts() RETURNS trigger AS $$
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
    )
    op.execute(
        """
        CREATE TRIGGER care_sheet_lines_only_in_drafts
        BEFORE INSERT OR UPDATE OR DELETE ON care_sheet_lines
        FOR EACH ROW EXECUTE FUNCTION care_sheet_lines_only_in_drafts()
        """
    )
    op.execute(
        """
        CREATE FUNCTION care_sheets_signed_is_final() RETURNS trigger AS $$
        BEGIN
            IF OLD.status = 'cancelled'
               OR (OLD.status = 'signed' AND (
                    NEW.status <> 'cancelled'
                    OR (NEW.session_id, NEW.practice_id, NEW.patient_key, NEW.beneficiary,
                        NEW.total_cents, NEW.signed_at, NEW.signed_by_rpps, NEW.created_at)
                       IS DISTINCT FROM
                       (OLD.session_id, OLD.practice_id, OLD.patient_key, OLD.beneficiary,
                        OLD.total_cents, OLD.signed_at, OLD.signed_by_rpps, OLD.created_at)))
            THEN
                RAISE EXCEPTION 'a signed care sheet is immutable'
                    USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN NEW;
        END
        $$ LANGUAGE plpgsql
        """
    )
    op.execute(
        """
        CREATE TRIGGER care_sheets_signed_is_final
        BEFORE UPDATE ON care_sheets
        FOR EACH ROW EXECUTE FUNCTION care_sheets_signed_is_final()
        """
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS care_sheets_signed_is_final ON care_sheets")
    op.execute("DROP FUNCTION IF EXISTS care_sheets_signed_is_final()")
    op.execute("DROP TRIGGER IF EXISTS care_sheet_lines_only_in_drafts ON care_sheet_lines")
    op.execute("DROP FUNCTION IF EXISTS care_sheet_lines_only_in_drafts()")
    op.drop_table("care_sheet_lines")
    op.drop_table("care_sheets")
    op.drop_table("apcv_sessions")
    op.drop_table("tele_expertise_invoices")
