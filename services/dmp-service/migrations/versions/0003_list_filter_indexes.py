"""The access log and the message list read a page off an index holding their filter.

`GET /patients/{ins}/access-log` shows one practice's accesses to a record, a page at a time in
(created_at, id) order; 0002 indexed (patient_key, created_at, id), so a practice's page was found
by walking every practice's accesses to that patient (a record read all day by another practice, or
by the patient's own space, is walked through first). `GET /patients/{ins}/messages` shows the
calling professional's messages to the patient, and walked every sender's. Each index here holds
the filter before the order; the old ones are their prefixes and go.
"""

from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.drop_index("access_log_patient_idx", table_name="access_log")
    op.create_index(
        "access_log_practice_page_idx", "access_log", ["patient_key", "practice_id", "created_at", "id"]
    )
    op.drop_index("messages_record_idx", table_name="messages")
    op.create_index("messages_sender_page_idx", "messages", ["record_id", "sender_rpps", "created_at", "id"])


def downgrade() -> None:
    op.drop_index("messages_sender_page_idx", table_name="messages")
    op.create_index("messages_record_idx", "messages", ["record_id", "created_at", "id"])
    op.drop_index("access_log_practice_page_idx", table_name="access_log")
    op.create_index("access_log_patient_idx", "access_log", ["patient_key", "created_at", "id"])
