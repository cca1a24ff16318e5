"""Clients, practices, rosters, idempotency records and the audit trail."""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, UUID

from servicekit.migrations import timestamptz_column

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.create_table(
        "api_clients",
        sa.Column("client_id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("secret_hash", sa.Text(), nullable=False),
        sa.Column("scopes", sa.ARRAY(sa.String(64)), nullable=False),
        sa.Column("rate_limit", sa.String(64), nullable=True),
        timestamptz_column("created_at", server_default=sa.func.now()),
        timestamptz_column("disabled_at", nullable=True),
    )
    op.create_table(
        "client_practices",
        sa.Column(
            "client_id",
            sa.String(64),
            sa.ForeignKey("api_clients.client_id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("practice_id", sa.String(64), primary_key=True),
        timestamptz_column("created_at", server_default=sa.func.now()),
    )
    op.create_table(
        "practice_members",
        sa.Column("practice_id", sa.String(64), primary_key=True),
        sa.Column("rpps", sa.String(11), primary_key=True),
        sa.Column("roles", sa.ARRAY(sa.String(32)), nullable=False),
        timestamptz_column("created_at", server_default=sa.func.now()),
        timestamptz_column("updated_at", server_default=sa.func.now()),
        sa.Column("updated_by", sa.String(64), nullable=False),
        sa.CheckConstraint("cardinality(roles) > 0", name="practice_members_roles_not_empty"),
    )
    op.create_index("practice_members_page_idx", "practice_members", ["practice_id", "created_at", "rpps"])
    op.create_table(
        "idempotency_records",
        sa.Column("client_id", sa.String(64), primary_key=True),
        sa.Column("idempotency_key", sa.String(255), primary_key=True),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        timestamptz_column("locked_until"),
        timestamptz_column("expires_at"),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("response_headers", JSONB(), nullable=True),
        sa.Column("response_body", sa.LargeBinary(), nullable=True),
        timestamptz_column("created_at", server_default=sa.func.now()),
    )
    op.create_index("idempotency_records_expiry_idx", "idempotency_records", ["expires_at"])
    op.create_table(
        "audit_events",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        timestamptz_column("created_at"),
        timestamptz_column("completed_at", nullable=True),
        sa.Column("client_id", sa.String(64), nullable=False),
        sa.Column("practice_id", sa.String(64), nullable=False),
        sa.Column("rpps", sa.String(11), nullable=False),
        sa.Column("profession", sa.String(32), nullable=False),
        sa.Column("role", sa.String(32), nullable=True),
        sa.Column("method", sa.String(10), nullable=False),
        sa.Column("route", sa.String(200), nullable=False),
        sa.Column("upstream", sa.String(16), nullable=False),
        sa.Column("resource", sa.String(64), nullable=False),
        sa.Column("resource_id", sa.String(100), nullable=True),
        sa.Column("patient_ins", sa.String(64), nullable=True),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(32), nullable=True),
        sa.Column("request_id", sa.String(128), nullable=False),
    )
    op.create_index("audit_events_page_idx", "audit_events", ["practice_id", "created_at", "id"])
    op.create_index("audit_events_patient_idx", "audit_events", ["practice_id", "patient_ins"])
    op.create_index("audit_events_resource_idx", "audit_events", ["practice_id", "resource", "resource_id"])
    # The trail is append-only: a trigger refuses deletes and any change but completing a running call.
    op.execute(
        """
        CREATE FUNCTION audit_events_append_only() RETURNS trigger AS $$
        BEGIN
          IF TG_OP = 'DELETE' THEN
            RAISE EXCEPTION 'audit_events is append-only';
          END IF;
          IF OLD.status IS NOT NULL
             OR (NEW.id, NEW.created_at, NEW.client_id, NEW.practice_id, NEW.rpps, NEW.profession,
                 NEW.role, NEW.method, NEW.route, NEW.upstream, NEW.resource, NEW.patient_ins,
                 NEW.request_id)
                IS DISTINCT FROM
                (OLD.id, OLD.created_at, OLD.client_id, OLD.practice_id, OLD.rpps, OLD.profession,
                 OLD.role, OLD.method, OLD.route, OLD.upstream, OLD.resource, OLD.patient_ins,
                 OLD.request_id)
             OR (OLD.resource_id IS NOT NULL AND NEW.resource_id IS DISTINCT FROM OLD.resource_id) THEN
            RAISE EXCEPTION 'audit_events rows only get their outcome once';
          END IF;
          RETURN NEW;
        END;
        $$ LANGUAGE plpgsql
        """
    )
    op.execute(
        "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events "
        "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()"
    )
    # Row triggers do not fire on TRUNCATE: a statement-level one refuses it.
    op.execute(
        """
        CREATE FUNCTION audit_events_no_truncate() RETURNS trigger AS $$
        BEGIN
          RAISE EXCEPTION 'audit_events is append-only';
        END;
        $$ LANGUAGE plpgsql
        """
    )
    op.execute(
        "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_events_no_truncate()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events")
    op.execute("DROP FUNCTION IF EXISTS audit_events_no_truncate()")
    op.execute("DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events")
    op.execute("DROP FUNCTION IF EXISTS audit_events_append_only()")
    for table in (
        "audit_events",
        "idempotency_records",
        "practice_members",
        "client_practices",
        "api_clients",
    ):
        op.drop_table(table)
