"""Identities and their immutable history (DOMAIN.md §2)."""

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID

from servicekit.migrations import drop_append_only, make_append_only

revision = "0002"
down_revision = "0001"

_STATUS = "('PROV', 'RECUP', 'VALI', 'QUAL')"


def _traits(prefix: str, *, nullable: bool) -> list[sa.Column[Any]]:
    return [
        sa.Column(f"{prefix}_birth_name", sa.String(200), nullable=nullable),
        sa.Column(f"{prefix}_birth_first_names", sa.String(300), nullable=nullable),
        sa.Column(f"{prefix}_first_birth_first_name", sa.String(100), nullable=nullable),
        sa.Column(f"{prefix}_birth_date", sa.Date, nullable=nullable),
        sa.Column(f"{prefix}_sex", sa.String(1), nullable=nullable),
        sa.Column(f"{prefix}_birth_place_code", sa.String(5), nullable=True),
        sa.Column(f"{prefix}_name_key", sa.String(200), nullable=nullable),
        sa.Column(f"{prefix}_first_name_key", sa.String(100), nullable=nullable),
    ]


def upgrade() -> None:
    op.create_table(
        "identities",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("practice_id", sa.String(64), nullable=False),
        sa.Column("status", sa.String(5), nullable=False),
        *_traits("typed", nullable=False),
        *_traits("insi", nullable=True),
        sa.Column("matricule", sa.String(15), nullable=True),
        sa.Column("oid", sa.String(40), nullable=True),
        sa.Column("previous_ins", JSONB, nullable=False, server_default=sa.text("'[]'::jsonb")),
        sa.Column("ins_confirmed", sa.Boolean, nullable=False),
        sa.Column("validation_mode", sa.String(5), nullable=True),
        sa.Column("attributes", ARRAY(sa.String(4)), nullable=False, server_default=sa.text("'{}'")),
        sa.Column("verification_refused", sa.Boolean, nullable=False),
        sa.Column("collection_method", sa.String(5), nullable=False),
        sa.Column("insi_confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("validated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_rpps", sa.String(11), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("practice_id", "matricule", name="identities_practice_matricule_key"),
        sa.CheckConstraint(f"status IN {_STATUS}", name="identities_status_check"),
        sa.CheckConstraint("(matricule IS NULL) = (oid IS NULL)", name="identities_ins_check"),
        # Only a held INS can be confirmed, and QUAL needs a confirmed INS (DOMAIN.md §2).
        sa.CheckConstraint("NOT ins_confirmed OR matricule IS NOT NULL", name="identities_confirmed_check"),
        sa.CheckConstraint("status <> 'QUAL' OR ins_confirmed", name="identities_qual_check"),
    )
    op.create_index("identities_practice_created_idx", "identities", ["practice_id", "created_at", "id"])
    op.create_index(
        "identities_typed_traits_idx", "identities", ["practice_id", "typed_name_key", "typed_birth_date"]
    )
    op.create_index(
        "identities_insi_traits_idx", "identities", ["practice_id", "insi_name_key", "insi_birth_date"]
    )
    op.create_index("identities_previous_ins_idx", "identities", ["previous_ins"], postgresql_using="gin")

    op.create_table(
        "identity_transitions",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("identity_id", UUID(as_uuid=True), sa.ForeignKey("identities.id"), nullable=False),
        sa.Column("practice_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("by_rpps", sa.String(11), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("previous_status", sa.String(5), nullable=True),
        sa.Column("new_status", sa.String(5), nullable=False),
        sa.Column("attributes", ARRAY(sa.String(4)), nullable=False),
        sa.Column("reason", sa.String(300), nullable=False),
        sa.Column("collection_method", sa.String(5), nullable=True),
        sa.Column("validation_mode", sa.String(5), nullable=True),
        sa.Column("document_check", JSONB, nullable=True),
        sa.Column("insi_operation", sa.String(30), nullable=True),
        sa.Column("insi_result_code", sa.String(2), nullable=True),
        sa.Column("insi_call_reference", sa.String(100), nullable=True),
        sa.Column("apcv_session_reference", sa.String(100), nullable=True),
        sa.Column("attribute", sa.String(4), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.clock_timestamp()
        ),
        sa.CheckConstraint(f"new_status IN {_STATUS}", name="identity_transitions_status_check"),
    )
    op.create_index(
        "identity_transitions_identity_idx", "identity_transitions", ["identity_id", "created_at", "id"]
    )
    # History entries are immutable (DOMAIN.md §2: every transition is kept): no UPDATE, DELETE or TRUNCATE.
    make_append_only("identity_transitions")


def downgrade() -> None:
    drop_append_only("identity_transitions")
    op.drop_table("identity_transitions")
    op.drop_table("identities")
