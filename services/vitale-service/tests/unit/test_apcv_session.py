"""The apCV session window: open strictly before opened_at + duration (DOMAIN.md §4; seed)."""

from datetime import UTC, datetime, timedelta, timezone
from uuid import UUID

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from vitale_service.domain import (
    DEFAULT_SESSION_DURATION,
    ApcvSession,
    ErrorCode,
    SessionClosed,
    SessionExpired,
    SessionStatus,
    sandbox_patient,
)

OPENED = datetime(2025, 3, 14, 10, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)
BENEFICIARY = sandbox_patient("martin-family").content.beneficiaries[2]


def open_session(now: datetime = OPENED, duration: timedelta = DEFAULT_SESSION_DURATION) -> ApcvSession:
    return ApcvSession.open(
        id=UUID(int=1),
        practice_id="cabinet-nantes-01",
        practitioner_rpps="10001234567",
        beneficiary=BENEFICIARY,
        now=now,
        duration=duration,
    )


def test_the_default_window_is_thirty_minutes() -> None:
    assert open_session().expires_at == OPENED + timedelta(minutes=30)


def test_at_29_59_the_session_is_open_and_at_30_00_it_has_expired() -> None:
    session = open_session()
    assert session.status_at(OPENED + timedelta(minutes=29, seconds=59)) is SessionStatus.OPEN
    assert session.status_at(OPENED + timedelta(minutes=30)) is SessionStatus.EXPIRED


aware_instants = st.datetimes(
    min_value=datetime(2020, 1, 1),
    max_value=datetime(2040, 1, 1),
    timezones=st.sampled_from([UTC, timezone(timedelta(hours=2))]),
)
durations = st.timedeltas(min_value=timedelta(microseconds=1), max_value=timedelta(hours=12))


@given(opened=aware_instants, duration=durations)
def test_the_window_is_half_open_for_any_opening_time_and_duration(
    opened: datetime, duration: timedelta
) -> None:
    session = open_session(opened, duration)
    assert session.status_at(opened) is SessionStatus.OPEN
    assert session.status_at(opened + duration - timedelta(microseconds=1)) is SessionStatus.OPEN
    assert session.status_at(opened + duration) is SessionStatus.EXPIRED
    assert session.status_at(opened + duration + timedelta(days=1)) is SessionStatus.EXPIRED


@given(opened=aware_instants, duration=durations, fraction=st.floats(0, 1, exclude_max=True))
def test_anything_can_be_attached_inside_the_window_and_nothing_after(
    opened: datetime, duration: timedelta, fraction: float
) -> None:
    session = open_session(opened, duration)
    inside = min(opened + duration * fraction, opened + duration - timedelta(microseconds=1))
    session.require_open(inside)
    with pytest.raises(SessionExpired) as refused:
        session.require_open(opened + duration)
    assert refused.value.code is ErrorCode.SESSION_EXPIRED


def test_closing_early_ends_the_session_at_that_instant() -> None:
    closed = open_session().close(OPENED + timedelta(minutes=10))
    assert closed.status_at(OPENED + timedelta(minutes=10) - SECOND) is SessionStatus.OPEN
    assert closed.status_at(OPENED + timedelta(minutes=10)) is SessionStatus.CLOSED
    assert closed.status_at(OPENED + timedelta(hours=1)) is SessionStatus.CLOSED
    assert closed.ended_at(OPENED + timedelta(hours=1)) == OPENED + timedelta(minutes=10)


def test_nothing_can_be_attached_to_a_closed_session() -> None:
    closed = open_session().close(OPENED + timedelta(minutes=10))
    with pytest.raises(SessionClosed) as refused:
        closed.require_open(OPENED + timedelta(minutes=11))
    assert refused.value.code is ErrorCode.SESSION_CLOSED


def test_closing_twice_keeps_the_first_closing_instant() -> None:
    closed = open_session().close(OPENED + timedelta(minutes=10))
    assert closed.close(OPENED + timedelta(minutes=20)) == closed


def test_an_expired_session_cannot_be_closed() -> None:
    with pytest.raises(SessionExpired):
        open_session().close(OPENED + timedelta(minutes=30))


def test_an_expired_session_ended_at_its_expiry() -> None:
    session = open_session()
    assert session.ended_at(OPENED + timedelta(minutes=29)) is None
    assert session.ended_at(OPENED + timedelta(minutes=45)) == OPENED + timedelta(minutes=30)


def test_closing_does_not_change_the_original_session() -> None:
    session = open_session()
    session.close(OPENED + SECOND)
    assert session.status_at(OPENED + 2 * SECOND) is SessionStatus.OPEN


@pytest.mark.parametrize("duration", [timedelta(0), -SECOND])
def test_a_session_needs_a_positive_duration(duration: timedelta) -> None:
    with pytest.raises(ValidationError):
        open_session(duration=duration)


def test_a_session_needs_timezone_aware_instants() -> None:
    with pytest.raises(ValidationError):
        open_session(datetime(2025, 3, 14, 10, 0))


def test_a_session_is_bound_to_a_valid_practitioner_rpps() -> None:
    with pytest.raises(ValidationError):
        ApcvSession.open(
            id=UUID(int=1),
            practice_id="cabinet",
            practitioner_rpps="1234",
            beneficiary=BENEFICIARY,
            now=OPENED,
        )
