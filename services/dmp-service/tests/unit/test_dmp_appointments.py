from datetime import UTC, datetime, timedelta, timezone
from uuid import UUID

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dmp_service.domain import AddedBy, Appointment, reminders_due

START = datetime(2025, 6, 10, 9, 30, tzinfo=UTC)
APPOINTMENT = Appointment(UUID(int=1), START, "Contrôle dentaire", AddedBy.PROFESSIONAL)


def test_reminders_seven_days_and_one_day_before() -> None:
    assert reminders_due([APPOINTMENT], START - timedelta(days=7, seconds=1)) == []
    (week,) = reminders_due([APPOINTMENT], START - timedelta(days=7))
    assert week.lead_time == timedelta(days=7)
    assert week.send_at == START - timedelta(days=7)
    (day,) = reminders_due([APPOINTMENT], START - timedelta(hours=2), already_sent={week.key})
    assert day.lead_time == timedelta(days=1)
    assert reminders_due([APPOINTMENT], START - timedelta(hours=2), already_sent={week.key, day.key}) == []


def test_no_reminder_once_the_appointment_started_or_when_cancelled() -> None:
    assert reminders_due([APPOINTMENT], START) == []
    cancelled = Appointment(UUID(int=2), START, "Annulé", AddedBy.PATIENT, cancelled=True)
    assert reminders_due([cancelled], START - timedelta(days=1)) == []


def test_appointment_added_late_gets_only_the_nearest_reminder() -> None:
    (reminder,) = reminders_due([APPOINTMENT], START - timedelta(days=3))
    assert reminder.lead_time == timedelta(days=7)
    (reminder,) = reminders_due([APPOINTMENT], START - timedelta(hours=20))
    assert reminder.lead_time == timedelta(days=1)


def test_keys_are_stable_across_offsets_and_change_when_rescheduled() -> None:
    paris = timezone(timedelta(hours=2))
    same_instant = Appointment(UUID(int=1), START.astimezone(paris), "Contrôle", AddedBy.PATIENT)
    now = START - timedelta(days=1)
    assert reminders_due([same_instant], now)[0].key == reminders_due([APPOINTMENT], now)[0].key
    moved = Appointment(UUID(int=1), START + timedelta(hours=1), "Contrôle", AddedBy.PATIENT)
    assert reminders_due([moved], now)[0].key != reminders_due([APPOINTMENT], now)[0].key


def test_invalid_inputs_are_rejected() -> None:
    with pytest.raises(ValueError, match="positive"):
        reminders_due([APPOINTMENT], START, lead_times=[timedelta(0)])
    with pytest.raises(ValueError, match="timezone-aware"):
        reminders_due([APPOINTMENT], datetime(2025, 6, 1))
    with pytest.raises(ValueError, match="title"):
        Appointment(UUID(int=3), START, " ", AddedBy.PATIENT)


@given(
    st.lists(st.integers(1, 30 * 24 * 60), min_size=1, max_size=4),
    st.lists(st.integers(0, 40 * 24 * 60), min_size=1, max_size=30),
)
def test_a_scheduler_sends_each_reminder_once_and_never_too_early_or_late(
    starts: list[int], polls: list[int]
) -> None:
    origin = datetime(2025, 1, 1, tzinfo=UTC)
    appointments = [
        Appointment(UUID(int=i + 1), origin + timedelta(minutes=m), "RDV", AddedBy.PATIENT)
        for i, m in enumerate(starts)
    ]
    sent: dict[str, datetime] = {}
    for minute in sorted(polls):
        now = origin + timedelta(minutes=minute)
        for reminder in reminders_due(appointments, now, already_sent=set(sent)):
            assert reminder.key not in sent
            assert reminder.send_at <= now < reminder.starts_at
            sent[reminder.key] = now
    per_appointment: dict[str, int] = {}
    for key in sent:
        appointment_id = key.split(":", 1)[0]
        per_appointment[appointment_id] = per_appointment.get(appointment_id, 0) + 1
    assert all(count <= 2 for count in per_appointment.values())
