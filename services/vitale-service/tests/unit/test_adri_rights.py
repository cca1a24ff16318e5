"""ADRI rights rules: only open rights covering the day allow a session (DOMAIN.md §4)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vitale_service.domain import (
    SANDBOX_ADRI_RIGHTS,
    AdriResult,
    AdriResultKind,
    AdriRights,
    RightsRefusal,
    RightsStatus,
    rights_allow_session,
    rights_refusal,
)

INSURER = "014410000"
START, END = date(2024, 1, 1), date(2025, 6, 30)
OPEN = AdriRights(RightsStatus.OPEN, INSURER, START, END)

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))


@pytest.mark.parametrize(
    ("today", "allowed"),
    [
        (START - timedelta(days=1), False),
        (START, True),
        (date(2025, 3, 14), True),
        (END, True),
        (END + timedelta(days=1), False),
    ],
)
def test_open_rights_allow_a_session_from_start_to_end_inclusive(today: date, allowed: bool) -> None:
    assert rights_allow_session(OPEN, today) is allowed


def test_open_ended_rights_allow_a_session_any_day_after_start() -> None:
    open_ended = AdriRights(RightsStatus.OPEN, INSURER, START)
    assert rights_allow_session(open_ended, date(2039, 12, 31))
    assert not rights_allow_session(open_ended, START - timedelta(days=1))


@given(start=days, length=st.integers(0, 4000), today=days)
def test_open_rights_allow_exactly_the_days_of_their_period(start: date, length: int, today: date) -> None:
    end = start + timedelta(days=length)
    rights = AdriRights(RightsStatus.OPEN, INSURER, start, end)
    assert rights_allow_session(rights, today) is (start <= today <= end)


@given(start=days, today=days, ended=st.booleans())
def test_closed_rights_never_allow_a_session(start: date, today: date, ended: bool) -> None:
    rights = AdriRights(RightsStatus.CLOSED, INSURER, start, start + timedelta(days=30) if ended else None)
    assert not rights_allow_session(rights, today)
    assert rights_refusal(AdriResult(rights), today) is RightsRefusal.RIGHTS_CLOSED


@pytest.mark.parametrize(
    ("result", "today", "refusal"),
    [
        (AdriResult(None), date(2025, 3, 14), RightsRefusal.BENEFICIARY_UNKNOWN),
        (
            AdriResult(AdriRights(RightsStatus.CLOSED, INSURER, START, END)),
            date(2025, 3, 14),
            RightsRefusal.RIGHTS_CLOSED,
        ),
        (AdriResult(OPEN), date(2023, 12, 31), RightsRefusal.RIGHTS_NOT_STARTED),
        (AdriResult(OPEN), date(2025, 7, 1), RightsRefusal.RIGHTS_ENDED),
        (AdriResult(OPEN), date(2025, 3, 14), None),
    ],
)
def test_the_refusal_says_why(result: AdriResult, today: date, refusal: RightsRefusal | None) -> None:
    assert rights_refusal(result, today) is refusal


@pytest.mark.parametrize(
    ("result", "kind"),
    [
        (AdriResult(OPEN), AdriResultKind.OPEN),
        (AdriResult(AdriRights(RightsStatus.CLOSED, INSURER, START)), AdriResultKind.CLOSED),
        (AdriResult(None), AdriResultKind.UNKNOWN_BENEFICIARY),
    ],
)
def test_the_result_kind_follows_the_rights(result: AdriResult, kind: AdriResultKind) -> None:
    assert result.kind is kind


def test_rights_cannot_end_before_they_start() -> None:
    with pytest.raises(ValueError, match="end before"):
        AdriRights(RightsStatus.OPEN, INSURER, START, START - timedelta(days=1))


def test_sandbox_rights_cover_an_open_family_a_closed_person_and_leave_one_unknown() -> None:
    today = date(2025, 3, 14)
    assert rights_allow_session(SANDBOX_ADRI_RIGHTS["178044410901264"], today)
    assert (
        rights_refusal(AdriResult(SANDBOX_ADRI_RIGHTS["172079913402105"]), today)
        is RightsRefusal.RIGHTS_CLOSED
    )
    assert rights_refusal(AdriResult(SANDBOX_ADRI_RIGHTS.get("299037511405573")), today) is (
        RightsRefusal.BENEFICIARY_UNKNOWN
    )
