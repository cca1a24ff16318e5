"""Tele-expertises, append-only trace, reports and attachments, acts, care relationships, INS projection."""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from servicekit.migrations import drop_append_only, make_append_only, timestamptz_column

revision = "0002"
down_revision = "0001"

APPEND_ONLY = ("expertise_trace", "expertise_reports", "expertise_attachments")


def upgrade() -> None:
    op.create_table(
        "identity_statuses",
        sa.Column("identity_id", sa.Uuid(), primary_key=True),
        sa.Column("practice_id", sa.String(64), nullable=False),
        sa.Column("matricule", sa.String(15)),
        sa.Column("oid", sa.String(40)),
        sa.Column("status", sa.String(5), nullable=False),
        timestamptz_column("status_at"),
    )
    op.create_index("ix_identity_statuses_practice_id", "identity_statuses", ["practice_id"])
    op.create_index("identity_statuses_lookup", "identity_statuses", ["practice_id", "matricule", "oid"])

    op.create_table(
        "care_relationships",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("practice_id", sa.String(64), nullable=False),
        sa.Column("patient_matricule", sa.String(15), nullable=False),
        sa.Column("patient_oid", sa.String(40), nullable=False),
        sa.Column("dentist_rpps", sa.String(11), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("declared_by_rpps", sa.String(11), nullable=False),
        timestamptz_column("created_at"),
        sa.UniqueConstraint(
            "practice_id",
            "patient_matricule",
            "patient_oid",
            "dentist_rpps",
            "kind",
            name="care_relationship_uq",
        ),
    )

    op.create_table(
        "tele_expertises",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("requerant_practice_id", sa.String(64), nullable=False),
        sa.Column("requis_practice_id", sa.String(64)),
        sa.Column("situation", sa.String(40), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("requerant_rpps", sa.String(11), nullable=False),
        sa.Column("requerant_profession", sa.String(30), nullable=False),
        sa.Column("requerant_specialty", sa.String(40)),
        sa.Column("requerant_finess", sa.String(9)),
        sa.Column("requis_rpps", sa.String(11), nullable=False),
        sa.Column("requis_profession", sa.String(30), nullable=False),
        sa.Column("requis_specialty", sa.String(40)),
        sa.Column("known_relationship", sa.Boolean(), nullable=False),
        sa.Column("patient_matricule", sa.String(15), nullable=False),
        sa.Column("patient_oid", sa.String(40), nullable=False),
        sa.Column("reasons", sa.String(), nullable=False),
        timestamptz_column("requested_at"),
        timestamptz_column("accepted_at", nullable=True),
        timestamptz_column("closed_at", nullable=True),
        sa.Column("refusal_reason", sa.String(40)),
        sa.Column("refusal_detail", sa.String()),
        sa.Column("cancellation_reason", sa.String()),
        timestamptz_column("created_at"),
    )
    for column in ("requerant_practice_id", "requis_practice_id", "requis_rpps", "requested_at", "status"):
        op.create_index(f"ix_tele_expertises_{column}", "tele_expertises", [column])
    # The expiry sweep looks for open requests by age.
    op.create_index(
        "tele_expertises_open_by_age",
        "tele_expertises",
        ["requested_at"],
        postgresql_where=sa.text("status IN ('requested', 'accepted')"),
    )

    op.create_table(
        "expertise_reports",
        sa.Column("expertise_id", sa.Uuid(), sa.ForeignKey("tele_expertises.id"), primary_key=True),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("acts", postgresql.JSONB(), nullable=False),
        sa.Column("prescriptions", postgresql.JSONB(), nullable=False),
        timestamptz_column("answered_at"),
        sa.Column("answered_by_rpps", sa.String(11), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("content_type", sa.String(100), nullable=False),
        sa.Column("content", sa.String(), nullable=False),
        sa.Column("content_sha256", sa.String(64), nullable=False),
    )

    op.create_table(
        "expertise_attachments",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("expertise_id", sa.Uuid(), sa.ForeignKey("tele_expertises.id"), nullable=False),
        sa.Column("part", sa.String(10), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(255)),
        sa.Column("content_type", sa.String(255), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_by_rpps", sa.String(11), nullable=False),
        timestamptz_column("created_at"),
    )
    op.create_index("ix_expertise_attachments_expertise_id", "expertise_attachments", ["expertise_id"])

    op.create_table(
        "expertise_trace",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=True), primary_key=True),
        sa.Column("expertise_id", sa.Uuid(), sa.ForeignKey("tele_expertises.id"), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        timestamptz_column("at"),
        sa.Column("action", sa.String(30), nullable=False),
        sa.Column("actor_role", sa.String(20), nullable=False),
        sa.Column("actor_rpps", sa.String(11)),
        sa.Column("actor_practice_id", sa.String(64)),
        sa.Column("from_status", sa.String(20)),
        sa.Column("to_status", sa.String(20), nullable=False),
        sa.Column("details", sa.String(), nullable=False),
        sa.Column("incident_ref", sa.String(100)),
        sa.UniqueConstraint("expertise_id", "seq", name="expertise_trace_seq_uq"),
    )
    op.create_index("ix_expertise_trace_expertise_id", "expertise_trace", ["expertise_id"])
    op.create_index(
        "expertise_trace_incident_uq",
        "expertise_trace",
        ["expertise_id", "incident_ref"],
        unique=True,
        postgresql_where=sa.text("incident_ref IS NOT NULL"),
    )

    op.create_table(
        "expertise_acts",
        sa.Column("act_id", sa.Uuid(), primary_key=True),
        sa.Column("expertise_id", sa.Uuid(), sa.ForeignKey("tele_expertises.id"), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("code", sa.String(10), nullable=False),
        sa.Column("practice_id", sa.String(64), nullable=False),
        sa.Column("practitioner_rpps", sa.String(11), nullable=False),
        timestamptz_column("performed_at"),
        sa.Column("billing_status", sa.String(20), nullable=False),
        sa.Column("invoice_id", sa.Uuid()),
        sa.Column("amount_cents", sa.Integer()),
        sa.Column("payer", sa.String(20)),
        sa.Column("rejection_reason", sa.String(40)),
        sa.Column("rejection_detail", sa.String()),
        timestamptz_column("billing_at", nullable=True),
        sa.UniqueConstraint("expertise_id", "role", name="expertise_acts_role_uq"),
    )
    op.create_index("ix_expertise_acts_expertise_id", "expertise_acts", ["expertise_id"])

    # CSP R6316-4: the file is immutable. No code path updates or deletes these rows; the database
    # refuses it too, so neither a bug nor a manual statement can rewrite history.
    for table in APPEND_ONLY:
        make_append_only(table)


def downgrade() -> None:
    for table in APPEND_ONLY:
        drop_append_only(table)
    for table in (
        "expertise_acts",
        *APPEND_ONLY,
        "tele_expertises",
        "care_relationships",
        "identity_statuses",
    ):
        op.drop_table(table)
