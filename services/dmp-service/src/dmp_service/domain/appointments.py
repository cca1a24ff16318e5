"""Appointments in the agenda and their e-mail reminders (DOMAIN.md §5; seed: "notifications de rappel").

Reminders go out a lead time before the appointment (default 7 days and 1 day: product choice).
`reminders_due` is meant to be called repeatedly by a scheduler: each reminder has a stable key, so
one recorded as sent is never sent again, and a rescheduled appointment gets fresh keys.
"""

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from uuid import UUID

from dmp_service.domain.identifiers import require_aware

DEFAULT_LEAD_TIMES: tuple[timedelta, ...] = (timedelta(days=7), timedelta(days=1))


class AddedBy(StrEnum):
    """Who put the appointment in the agenda (DOMAIN.md §5: the patient or a professional)."""

    PATIENT = "patient"
    PROFESSIONAL = "professional"


@dataclass(frozen=True)
class Appointment:
    """An appointment at `starts_at`; a cancelled one gets no reminder."""

    appointment_id: UUID
    starts_at: datetime
    title: str
    added_by: AddedBy
    cancelled: bool = False

    def __post_init__(self) -> None:
        require_aware(self.starts_at, "appointment time")
        if not self.title.strip():
            raise ValueError("an appointment needs a title")


@dataclass(frozen=True)
class Reminder:
    """A reminder of one appointment, `lead_time` before it."""

    appointment_id: UUID
    starts_at: datetime
    lead_time: timedelta

    @property
    def send_at(self) -> datetime:
        """When the reminder becomes due."""
        return self.starts_at - self.lead_time

    @property
    def key(self) -> str:
        """Idempotency key: the same appointment, time and lead time always give the same key."""
        start = self.starts_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        return f"{self.appointment_id}:{start}:{int(self.lead_time.total_seconds())}"


def reminders_due(
    appointments: Iterable[Appointment],
    now: datetime,
    lead_times: Sequence[timedelta] = DEFAULT_LEAD_TIMES,
    already_sent: Collection[str] = frozenset(),
) -> list[Reminder]:
    """Reminders to send at `now`: at most one per appointment, the latest whose time has come.

    A reminder is due once `now` reaches its send time and before the appointment starts. When
    several have come (an appointment added 3 days ahead has passed its 7-day time) only the one
    with the shortest lead time is sent; the earlier ones are skipped, not sent late. Keys listed
    in `already_sent` are not returned again.
    """
    require_aware(now, "now")
    if any(lead <= timedelta(0) for lead in lead_times):
        raise ValueError("reminder lead times must be positive")
    due = []
    for appointment in appointments:
        if appointment.cancelled or now >= appointment.starts_at:
            continue
        reached = [lead for lead in lead_times if appointment.starts_at - lead <= now]
        if not reached:
            continue
        reminder = Reminder(appointment.appointment_id, appointment.starts_at, min(reached))
        if reminder.key not in already_sent:
            due.append(reminder)
    return sorted(due, key=lambda reminder: (reminder.starts_at, reminder.key))
