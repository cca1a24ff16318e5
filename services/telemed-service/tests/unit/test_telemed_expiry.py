"""Expiry: open tele-expertises left unanswered strictly past request + delay (7 days, assumption)."""

from datetime import UTC, datetime, timedelta, timezone
from uuid import UUID

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dentalink_contracts.values import Ins, InsOid
from telemed_service.domain import (
    DEFAULT_ANSWER_DELAY,
    NotYetExpiredError,
    Professional,
    Refusal,
    RefusalReason,
    Report,
    Situation,
    TeleExpertise,
    accept,
    answer,
    answer_deadline,
    cancel,
    expire,
    is_expired,
    refuse,
    request_expertise,
)

REQUERANT = Professional(rpps="10000000001", profession="dentist")
REQUIS = Professional(rpps="10000000002", profession="physician", specialty="ent")
T0 = datetime(2025, 10, 24, 23, 30, tzinfo=UTC)  # a week later the clocks change: UTC keeps 7 x 24 h
TICK = timedelta(microseconds=1)


def requested() -> TeleExpertise:
    return request_expertise(
        expertise_id=UUID(int=3),
        situation=Situation.SUSPECTED_ORAL_CANCER,
        requerant=REQUERANT,
        requis=REQUIS,
        known_relationship=False,
        patient=Ins(matricule="253072A07300443", oid=InsOid.NIR_TEST),
        reasons="Leucoplasie inhomogène.",
        now=T0,
    ).expertise


def test_default_delay_is_seven_days() -> None:
    assert timedelta(days=7) == DEFAULT_ANSWER_DELAY
    assert answer_deadline(requested()) == T0 + timedelta(days=7)


def test_the_deadline_itself_is_still_on_time() -> None:
    expertise = requested()
    deadline = T0 + DEFAULT_ANSWER_DELAY
    assert not is_expired(expertise, deadline - TICK)
    assert not is_expired(expertise, deadline)
    assert is_expired(expertise, deadline + TICK)


def test_acceptance_does_not_restart_the_clock() -> None:
    accepted = accept(requested(), REQUIS.rpps, T0 + timedelta(days=6)).expertise
    assert is_expired(accepted, T0 + DEFAULT_ANSWER_DELAY + TICK)


@given(
    days=st.integers(1, 60),
    offset=st.timedeltas(min_value=-timedelta(days=2), max_value=timedelta(days=2)),
)
def test_configured_delay(days: int, offset: timedelta) -> None:
    delay = timedelta(days=days)
    now = T0 + delay + offset
    assert is_expired(requested(), now, delay) == (offset > timedelta(0))


@pytest.mark.parametrize("delay", [timedelta(0), timedelta(days=-1)])
def test_delay_must_be_positive(delay: timedelta) -> None:
    with pytest.raises(ValueError, match="positive"):
        is_expired(requested(), T0, delay)


def test_closed_expertises_never_expire() -> None:
    much_later = T0 + timedelta(days=365)
    opened = requested()
    at = T0 + timedelta(hours=1)
    accepted = accept(opened, REQUIS.rpps, at).expertise
    closed = [
        answer(accepted, REQUIS.rpps, Report(text="Biopsie conseillée."), at).expertise,
        refuse(opened, REQUIS.rpps, Refusal(reason=RefusalReason.OUTSIDE_EXPERTISE), at).expertise,
        cancel(opened, REQUERANT.rpps, at).expertise,
        expire(opened, T0 + DEFAULT_ANSWER_DELAY + TICK).expertise,
    ]
    assert [is_expired(expertise, much_later) for expertise in closed] == [False] * 4


def test_expire_follows_the_configured_delay() -> None:
    delay = timedelta(days=3)
    with pytest.raises(NotYetExpiredError):
        expire(requested(), T0 + delay, delay)
    expired, entry = expire(requested(), T0 + delay + TICK, delay)
    assert expired.closed_at == T0 + delay + TICK
    assert entry.details == f"unanswered at deadline {(T0 + delay).isoformat()}"


def test_expiry_needs_an_aware_time() -> None:
    with pytest.raises(ValueError, match="timezone"):
        is_expired(requested(), datetime(2025, 11, 1))


def test_expiry_compares_instants_not_wall_clocks() -> None:
    plus_one = timezone(timedelta(hours=1))
    deadline_elsewhere = (T0 + DEFAULT_ANSWER_DELAY).astimezone(plus_one)
    assert deadline_elsewhere.hour != (T0 + DEFAULT_ANSWER_DELAY).hour
    assert not is_expired(requested(), deadline_elsewhere)
    assert is_expired(requested(), deadline_elsewhere + TICK)
