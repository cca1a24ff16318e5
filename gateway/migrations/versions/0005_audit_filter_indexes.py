"""An index behind every filter of `GET /v1/audit-events`, in the list's (created_at, id) order.

The trail is read a page at a time in (created_at, id) order within a practice. A filter the index
does not hold is checked row by row while walking the practice, so a rare patient, professional,
software or outcome read most of the trail first; and 0002's (practice_id, patient_ins) and
(practice_id, resource, resource_id) found the rows but not in order, so a busy patient's or
resource's whole trail was sorted for one page. Each index here holds (practice_id, <filter>,
created_at, id): a page, `since`/`until` included, is one range of it.

The trail takes a row per call touching patient data, and its outcome once the call ends, so the
columns a call may leave empty are indexed only where set (`patient_ins`, `resource_id`) or once
set (`status`, `outcome`, written at completion): a row costs those indexes nothing until then. A
filter `column = value` implies `column IS NOT NULL`, so every plan, generic ones included, may
use them.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"

# name -> (filter column, indexed only where it is set)
_FILTERS = {
    "audit_events_patient_page_idx": ("patient_ins", True),
    "audit_events_resource_page_idx": ("resource", False),
    "audit_events_resource_id_page_idx": ("resource_id", True),
    "audit_events_rpps_page_idx": ("rpps", False),
    "audit_events_client_page_idx": ("client_id", False),
    "audit_events_outcome_page_idx": ("outcome", True),
    "audit_events_status_page_idx": ("status", True),
}


def upgrade() -> None:
    op.drop_index("audit_events_patient_idx", table_name="audit_events")
    op.drop_index("audit_events_resource_idx", table_name="audit_events")
    for name, (column, where_set) in _FILTERS.items():
        op.create_index(
            name,
            "audit_events",
            ["practice_id", column, "created_at", "id"],
            postgresql_where=sa.text(f"{column} IS NOT NULL") if where_set else None,
        )


def downgrade() -> None:
    for name in reversed(_FILTERS):
        op.drop_index(name, table_name="audit_events")
    op.create_index("audit_events_patient_idx", "audit_events", ["practice_id", "patient_ins"])
    op.create_index("audit_events_resource_idx", "audit_events", ["practice_id", "resource", "resource_id"])
