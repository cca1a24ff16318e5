"""Patient records, refusals, access log, documents, profile, related profiles, messages, agenda, e-mail."""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, UUID

from servicekit.migrations import timestamptz_column

revision = "0002"
down_revision = "0001"


def _uuid(name: str, *, nullable: bool = False, **kwargs: object) -> sa.Column:
    return sa.Column(name, UUID(as_uuid=True), nullable=nullable, **kwargs)


def _string(name: str, length: int, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.String(length), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "patient_records",
        _uuid("id", primary_key=True),
        _string("matricule", 15),
        _string("oid", 40),
        _string("patient_key", 35),
        sa.Column("birth_date", sa.Date, nullable=False),
        _string("sex", 1),
        _string("identity_status", 5),
        timestamptz_column("qualified_at"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        timestamptz_column("updated_at"),
        sa.UniqueConstraint("matricule", name="patient_records_matricule_key"),
        sa.UniqueConstraint("patient_key", name="patient_records_patient_key_key"),
        sa.CheckConstraint(
            "identity_status IN ('PROV', 'RECUP', 'VALI', 'QUAL')", name="records_status_check"
        ),
    )
    op.create_table(
        "practice_identity_statuses",
        _string("matricule", 15),
        _string("practice_id", 64),
        _uuid("identity_id"),
        _string("status", 5),
        timestamptz_column("status_at"),
        sa.PrimaryKeyConstraint("matricule", "practice_id", name="practice_identity_statuses_pkey"),
    )
    op.create_index(
        "ix_practice_identity_statuses_identity_id", "practice_identity_statuses", ["identity_id"]
    )
    op.create_table(
        "identity_statuses_without_ins",
        _uuid("identity_id", primary_key=True),
        _string("practice_id", 64),
        _string("status", 5),
        timestamptz_column("status_at"),
    )
    op.create_table(
        "access_refusals",
        _uuid("id", primary_key=True),
        _uuid("record_id"),
        _string("rpps", 11, nullable=True),
        sa.Column("areas", ARRAY(sa.String(20)), nullable=False),
        _string("requested_by", 30),
        timestamptz_column("recorded_at"),
        _string("recorded_by_rpps", 11),
        _string("recorded_by_practice", 64),
        timestamptz_column("revoked_at", nullable=True),
        _string("revoked_by_rpps", 11, nullable=True),
        _string("revoked_by_practice", 64, nullable=True),
        _string("revocation_requested_by", 30, nullable=True),
        timestamptz_column("created_at"),
        sa.ForeignKeyConstraint(["record_id"], ["patient_records.id"]),
    )
    op.create_index("access_refusals_record_idx", "access_refusals", ["record_id", "created_at", "id"])
    op.create_table(
        "access_log",
        _uuid("id", primary_key=True),
        _string("patient_key", 35),
        _string("actor_rpps", 11, nullable=True),
        _string("actor_role", 30, nullable=True),
        _string("practice_id", 64, nullable=True),
        _string("client_id", 100, nullable=True),
        _string("channel", 10),
        _string("operation", 40),
        _string("area", 20),
        _string("resource_type", 40, nullable=True),
        _string("resource_id", 64, nullable=True),
        _string("outcome", 10),
        _string("reason", 40, nullable=True),
        _string("request_id", 128, nullable=True),
        timestamptz_column("created_at"),
        sa.CheckConstraint("outcome IN ('allowed', 'denied', 'skipped')", name="access_log_outcome_check"),
    )
    op.create_index("access_log_patient_idx", "access_log", ["patient_key", "created_at", "id"])
    op.create_table(
        "documents",
        _uuid("id", primary_key=True),
        _uuid("record_id"),
        _string("source", 30),
        _string("source_ref", 64, nullable=True),
        sa.Column("current_version", sa.Integer, nullable=False),
        timestamptz_column("created_at"),
        sa.ForeignKeyConstraint(["record_id"], ["patient_records.id"]),
    )
    op.create_index("documents_record_idx", "documents", ["record_id", "created_at", "id"])
    op.create_index(
        "documents_source_ref_key",
        "documents",
        ["source", "source_ref"],
        unique=True,
        postgresql_where=sa.text("source_ref IS NOT NULL"),
    )
    op.create_table(
        "document_versions",
        _uuid("id", primary_key=True),
        _uuid("document_id"),
        sa.Column("number", sa.Integer, nullable=False),
        _string("type_code", 64),
        _string("title", 300),
        _string("author_rpps", 11),
        sa.Column("date_of_care", sa.Date, nullable=False),
        _string("content_type", 255),
        sa.Column("size_bytes", sa.Integer, nullable=False),
        _string("sha256", 64),
        timestamptz_column("filed_at"),
        _string("filed_by_rpps", 11, nullable=True),
        _string("filed_by_practice", 64, nullable=True),
        _uuid("supersedes", nullable=True),
        timestamptz_column("superseded_at", nullable=True),
        _string("push_status", 10),
        sa.Column("push_attempts", sa.Integer, nullable=False, server_default=sa.text("0")),
        timestamptz_column("push_next_at", nullable=True),
        timestamptz_column("pushed_at", nullable=True),
        _string("national_id", 100, nullable=True),
        _string("push_last_error", 100, nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"]),
        sa.UniqueConstraint("document_id", "number", name="document_versions_number_key"),
        sa.CheckConstraint(
            "push_status IN ('queued', 'pushed', 'failed')", name="document_push_status_check"
        ),
    )
    op.create_index(
        "document_versions_push_due_idx",
        "document_versions",
        ["push_next_at"],
        postgresql_where=sa.text("push_status = 'queued'"),
    )
    op.create_table(
        "document_contents",
        _uuid("version_id", primary_key=True),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.ForeignKeyConstraint(["version_id"], ["document_versions.id"]),
    )
    op.create_table(
        "profile_entries",
        _uuid("id", primary_key=True),
        _uuid("record_id"),
        _string("section", 30),
        sa.Column("current_version", sa.Integer, nullable=False),
        sa.Column("removed", sa.Boolean, nullable=False, server_default=sa.text("false")),
        timestamptz_column("created_at"),
        sa.ForeignKeyConstraint(["record_id"], ["patient_records.id"]),
    )
    op.create_index(
        "profile_entries_record_idx", "profile_entries", ["record_id", "section", "created_at", "id"]
    )
    op.create_table(
        "profile_entry_versions",
        _uuid("entry_id"),
        sa.Column("version", sa.Integer, nullable=False),
        _string("change", 10),
        sa.Column("text", sa.Text, nullable=True),
        _string("author_kind", 20),
        _string("author_rpps", 11, nullable=True),
        _string("practice_id", 64, nullable=True),
        timestamptz_column("changed_at"),
        sa.PrimaryKeyConstraint("entry_id", "version", name="profile_entry_versions_pkey"),
        sa.ForeignKeyConstraint(["entry_id"], ["profile_entries.id"]),
    )
    op.create_table(
        "related_profiles",
        _uuid("id", primary_key=True),
        _uuid("parent_record_id"),
        _uuid("child_record_id"),
        _string("relationship", 20),
        timestamptz_column("attached_at"),
        _string("attached_by_rpps", 11),
        _string("attached_by_practice", 64),
        timestamptz_column("detached_at", nullable=True),
        _string("detached_by_rpps", 11, nullable=True),
        timestamptz_column("created_at"),
        sa.ForeignKeyConstraint(["parent_record_id"], ["patient_records.id"]),
        sa.ForeignKeyConstraint(["child_record_id"], ["patient_records.id"]),
        sa.CheckConstraint("parent_record_id <> child_record_id", name="related_profiles_distinct_check"),
    )
    op.create_index(
        "related_profiles_parent_idx", "related_profiles", ["parent_record_id", "created_at", "id"]
    )
    op.create_index(
        "related_profiles_active_key",
        "related_profiles",
        ["parent_record_id", "child_record_id"],
        unique=True,
        postgresql_where=sa.text("detached_at IS NULL"),
    )
    op.create_table(
        "messages",
        _uuid("id", primary_key=True),
        _uuid("record_id"),
        _string("sender_rpps", 11),
        _string("sender_practice", 64),
        _string("subject", 200),
        sa.Column("body", sa.Text, nullable=False),
        timestamptz_column("sent_at"),
        timestamptz_column("read_at", nullable=True),
        timestamptz_column("created_at"),
        sa.ForeignKeyConstraint(["record_id"], ["patient_records.id"]),
    )
    op.create_index("messages_record_idx", "messages", ["record_id", "created_at", "id"])
    op.create_table(
        "message_attachments",
        _uuid("id", primary_key=True),
        _uuid("message_id"),
        sa.Column("position", sa.Integer, nullable=False),
        _string("title", 300),
        _string("type_code", 64),
        _string("content_type", 255),
        sa.Column("size_bytes", sa.Integer, nullable=False),
        _string("sha256", 64),
        sa.Column("content", sa.LargeBinary, nullable=False),
        _uuid("filed_document_id", nullable=True),
        sa.ForeignKeyConstraint(["message_id"], ["messages.id"]),
    )
    op.create_index("ix_message_attachments_message_id", "message_attachments", ["message_id"])
    op.create_table(
        "appointments",
        _uuid("id", primary_key=True),
        _uuid("record_id"),
        timestamptz_column("starts_at"),
        _string("title", 200),
        _string("added_by", 20),
        _string("prevention_code", 64, nullable=True),
        _string("created_by_rpps", 11),
        _string("practice_id", 64),
        timestamptz_column("cancelled_at", nullable=True),
        timestamptz_column("created_at"),
        sa.ForeignKeyConstraint(["record_id"], ["patient_records.id"]),
    )
    op.create_index("appointments_record_idx", "appointments", ["record_id", "created_at", "id"])
    op.create_index(
        "appointments_upcoming_idx",
        "appointments",
        ["starts_at"],
        postgresql_where=sa.text("cancelled_at IS NULL"),
    )
    op.create_table(
        "notifications",
        _uuid("id", primary_key=True),
        _uuid("record_id"),
        _string("key", 200),
        _string("kind", 30),
        _uuid("appointment_id", nullable=True),
        _string("subject", 200),
        sa.Column("body", sa.Text, nullable=False),
        _string("status", 10),
        sa.Column("attempts", sa.Integer, nullable=False, server_default=sa.text("0")),
        timestamptz_column("next_attempt_at", nullable=True),
        timestamptz_column("sent_at", nullable=True),
        _string("last_error", 100, nullable=True),
        timestamptz_column("created_at"),
        sa.ForeignKeyConstraint(["record_id"], ["patient_records.id"]),
        sa.UniqueConstraint("key", name="notifications_key_key"),
        sa.CheckConstraint(
            "status IN ('pending', 'sent', 'failed', 'cancelled')", name="notifications_status_check"
        ),
    )
    op.create_index(
        "notifications_due_idx",
        "notifications",
        ["next_attempt_at"],
        postgresql_where=sa.text("status = 'pending'"),
    )
    op.create_table(
        "sandbox_email_outbox",
        _uuid("id", primary_key=True),
        _string("key", 200),
        _string("recipient_matricule", 15),
        _string("recipient_oid", 40),
        _string("subject", 200),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.UniqueConstraint("key", name="sandbox_email_outbox_key_key"),
    )
    op.create_table(
        "tele_expertise_reports",
        _uuid("expertise_id", primary_key=True),
        _uuid("act_id"),
        _string("matricule", 15),
        _string("oid", 40),
        _string("practice_id", 64),
        _string("requis_rpps", 11),
        _string("title", 300),
        _string("content_type", 255),
        sa.Column("content", sa.LargeBinary, nullable=False),
        _string("sha256", 64),
        timestamptz_column("performed_at"),
        _string("outcome", 20),
        _uuid("document_id", nullable=True),
        timestamptz_column("created_at"),
        timestamptz_column("updated_at"),
        sa.UniqueConstraint("act_id", name="tele_expertise_reports_act_id_key"),
        sa.CheckConstraint(
            "outcome IN ('filed', 'refused', 'awaiting_record')", name="tele_expertise_reports_outcome_check"
        ),
    )
    op.create_index(
        "tele_expertise_reports_awaiting_idx",
        "tele_expertise_reports",
        ["matricule"],
        postgresql_where=sa.text("outcome = 'awaiting_record'"),
    )


def downgrade() -> None:
    for table in (
        "tele_expertise_reports",
        "sandbox_email_outbox",
        "notifications",
        "appointments",
        "message_attachments",
        "messages",
        "related_profiles",
        "profile_entry_versions",
        "profile_entries",
        "document_contents",
        "document_versions",
        "documents",
        "access_log",
        "access_refusals",
        "identity_statuses_without_ins",
        "practice_identity_statuses",
        "patient_records",
    ):
        op.drop_table(table)
