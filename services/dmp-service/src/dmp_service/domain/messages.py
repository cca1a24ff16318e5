"""Secure messages from a professional to the patient, and their e-mail notifications (DOMAIN.md §5).

Only professionals open a conversation (Mon espace santé messaging); the patient is told by e-mail
at the personal address registered in Mon espace santé that a message is waiting, and reads it in
the secure space. The notification therefore carries no health content: no subject, no text, no
document title, only that a professional wrote (**assumption** on wording; the rule that e-mail
carries no health data follows from DOMAIN.md §7 and the secure-messaging doctrine).
"""

from dataclasses import dataclass, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from dmp_service.domain.errors import DmpDomainError
from dmp_service.domain.identifiers import require_aware, require_rpps

# Product limits (assumption): keep messages short and attachments few; documents go to the record.
MAX_SUBJECT_CHARS = 200
MAX_BODY_CHARS = 20_000
MAX_ATTACHMENTS = 10

PARIS = ZoneInfo("Europe/Paris")


class InvalidMessage(DmpDomainError):
    """The message breaks a messaging rule (blank, too long, too many attachments)."""

    code = "invalid_message"


@dataclass(frozen=True)
class SecureMessage:
    """A message `sender_rpps` sent at `sent_at`; `read_at` is set once when the patient opens it."""

    sender_rpps: str
    subject: str
    body: str
    attachment_count: int
    sent_at: datetime
    read_at: datetime | None = None

    def __post_init__(self) -> None:
        require_rpps(self.sender_rpps)
        require_aware(self.sent_at, "sending time")
        if not self.subject.strip() or not self.body.strip():
            raise InvalidMessage("a message needs a subject and a text")
        if len(self.subject) > MAX_SUBJECT_CHARS or len(self.body) > MAX_BODY_CHARS:
            raise InvalidMessage(f"subject ≤ {MAX_SUBJECT_CHARS} and text ≤ {MAX_BODY_CHARS} characters")
        if not 0 <= self.attachment_count <= MAX_ATTACHMENTS:
            raise InvalidMessage(f"a message carries at most {MAX_ATTACHMENTS} attachments")
        if self.read_at is not None and require_aware(self.read_at, "reading time") < self.sent_at:
            raise ValueError("a message cannot be read before it was sent")

    def mark_read(self, at: datetime) -> "SecureMessage":
        """The patient opened the message; the first reading time is kept on later openings."""
        if self.read_at is not None:
            return self
        return replace(self, read_at=max(require_aware(at, "reading time"), self.sent_at))


@dataclass(frozen=True)
class Notification:
    """An e-mail to the patient; `key` makes sending it idempotent (one e-mail per key, ever)."""

    key: str
    subject: str
    body: str


def message_notification(message_id: str) -> Notification:
    """The e-mail telling the patient a secure message waits; no health content (module note)."""
    return Notification(
        key=f"message:{message_id}",
        subject="Nouveau message dans Mon espace santé",
        body=(
            "Un professionnel de santé vous a adressé un message sécurisé.\n"
            "Connectez-vous à Mon espace santé pour le consulter.\n"
        ),
    )


def appointment_reminder(reminder_key: str, starts_at: datetime) -> Notification:
    """The e-mail reminding an appointment: date and time in Paris time, nothing about the care."""
    local = require_aware(starts_at, "appointment time").astimezone(PARIS)
    return Notification(
        key=f"reminder:{reminder_key}",
        subject="Rappel de rendez-vous",
        body=(
            f"Vous avez un rendez-vous le {local:%d/%m/%Y} à {local:%H:%M} (heure de Paris).\n"
            "Retrouvez le détail dans l'agenda de Mon espace santé.\n"
        ),
    )
