from datetime import UTC, datetime, timedelta, timezone

import pytest

from dmp_service.domain import InvalidMessage, SecureMessage, appointment_reminder, message_notification
from dmp_service.domain.messages import MAX_ATTACHMENTS, MAX_SUBJECT_CHARS

SENDER = "10101010101"
SENT = datetime(2025, 6, 1, 10, 0, tzinfo=UTC)


def message(**changes: object) -> SecureMessage:
    fields: dict[str, object] = {
        "sender_rpps": SENDER,
        "subject": "Votre compte rendu",
        "body": "Bonjour",
        "attachment_count": 1,
        "sent_at": SENT,
    }
    fields.update(changes)
    return SecureMessage(**fields)  # type: ignore[arg-type]  # fields checked at run time


def test_the_first_reading_time_is_kept() -> None:
    read = message().mark_read(SENT + timedelta(hours=1))
    assert read.read_at == SENT + timedelta(hours=1)
    assert read.mark_read(SENT + timedelta(days=2)).read_at == SENT + timedelta(hours=1)
    # A reading clock behind the sending one cannot date the reading before the message.
    assert message().mark_read(SENT - timedelta(minutes=1)).read_at == SENT


@pytest.mark.parametrize(
    "changes",
    [
        {"subject": "  "},
        {"body": ""},
        {"subject": "x" * (MAX_SUBJECT_CHARS + 1)},
        {"attachment_count": MAX_ATTACHMENTS + 1},
    ],
)
def test_invalid_messages_are_refused(changes: dict[str, object]) -> None:
    with pytest.raises(InvalidMessage):
        message(**changes)


def test_the_message_e_mail_says_nothing_of_the_message() -> None:
    notice = message_notification("3f0c")
    assert notice.key == "message:3f0c"
    assert "compte rendu" not in (notice.subject + notice.body).lower()


def test_the_reminder_gives_the_paris_time_and_nothing_of_the_care() -> None:
    summer = appointment_reminder("k1", datetime(2025, 7, 1, 7, 30, tzinfo=UTC))
    assert "01/07/2025 à 09:30" in summer.body  # UTC+2 in summer
    winter = appointment_reminder("k2", datetime(2025, 12, 1, 7, 30, tzinfo=timezone(timedelta(hours=-5))))
    assert "01/12/2025 à 13:30" in winter.body  # UTC+1 in winter
    assert winter.key == "reminder:k2"
