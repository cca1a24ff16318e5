from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from billing_service.domain import (
    DEFAULT_CAP,
    CapSlotKey,
    CapWindowMode,
    RollingWindowHasNoKeyError,
    can_bill,
    cap_lock_key,
    cap_slot_key,
    cap_window,
    free_slot,
    window_key,
)

CALENDAR = CapWindowMode.CALENDAR_YEAR
ROLLING = CapWindowMode.ROLLING_12_MONTHS
RPPS = "10101010101"
PATIENT = "pk_" + "a" * 32

# Four acts in 2026, the last on New Year's Eve.
FOUR_IN_2026 = [date(2026, 3, 1), date(2026, 4, 1), date(2026, 5, 1), date(2026, 12, 31)]

act_days = st.dates(min_value=date(2024, 1, 1), max_value=date(2029, 12, 31))


def test_default_cap_is_four() -> None:
    assert DEFAULT_CAP == 4


@pytest.mark.parametrize(
    ("performed_on", "window"),
    [
        (date(2026, 12, 31), (date(2026, 1, 1), date(2026, 12, 31))),
        (date(2027, 1, 1), (date(2027, 1, 1), date(2027, 12, 31))),
    ],
)
def test_calendar_window_is_the_act_year(performed_on: date, window: tuple[date, date]) -> None:
    assert cap_window(performed_on, CALENDAR) == window


@pytest.mark.parametrize(
    ("performed_on", "start"),
    [
        (date(2026, 3, 15), date(2025, 3, 16)),
        (date(2027, 1, 1), date(2026, 1, 2)),
        (date(2024, 2, 29), date(2023, 3, 1)),
        (date(2025, 2, 28), date(2024, 2, 29)),
        (date(2025, 3, 1), date(2024, 3, 2)),
    ],
)
def test_rolling_window_is_the_twelve_months_ending_on_the_act(performed_on: date, start: date) -> None:
    assert cap_window(performed_on, ROLLING) == (start, performed_on)


@given(act_days)
def test_windows_contain_the_act_and_last_a_year(day: date) -> None:
    start, end = cap_window(day, CALENDAR)
    assert start <= day <= end
    assert start.year == end.year == day.year
    start, end = cap_window(day, ROLLING)
    assert end == day
    assert (end - start).days + 1 in {365, 366}


def test_window_key_names_the_calendar_year() -> None:
    assert window_key(date(2026, 12, 31), CALENDAR) == "2026"
    assert window_key(date(2027, 1, 1), CALENDAR) == "2027"


def test_rolling_windows_have_no_key() -> None:
    with pytest.raises(RollingWindowHasNoKeyError):
        window_key(date(2026, 1, 1), ROLLING)
    with pytest.raises(ValueError, match="overlap"):
        cap_slot_key(RPPS, PATIENT, "RQD", date(2026, 1, 1), ROLLING)


def test_slot_key_groups_by_practitioner_patient_code_and_year() -> None:
    key = cap_slot_key(RPPS, PATIENT, "RQD", date(2026, 12, 31), CALENDAR)
    assert key == CapSlotKey(RPPS, PATIENT, "RQD", "2026")
    assert cap_slot_key(RPPS, PATIENT, "RQD", date(2026, 1, 1), CALENDAR) == key
    assert cap_slot_key(RPPS, PATIENT, "RQD", date(2027, 1, 1), CALENDAR) != key
    assert cap_slot_key(RPPS, PATIENT, "TE2", date(2026, 12, 31), CALENDAR) != key
    assert cap_slot_key("20202020202", PATIENT, "RQD", date(2026, 12, 31), CALENDAR) != key


@pytest.mark.parametrize(
    ("taken", "slot"), [([], 1), ([1], 2), ([2, 1], 3), ([1, 2, 4], 3), ([4, 3, 2, 1], None)]
)
def test_free_slot_is_the_smallest_untaken_one(taken: list[int], slot: int | None) -> None:
    assert free_slot(taken) == slot


def test_free_slot_honours_another_cap() -> None:
    assert free_slot([1, 2], cap=2) is None
    assert free_slot([1, 2], cap=3) == 3


def test_lock_key_is_stable_and_fits_a_bigint() -> None:
    key = cap_lock_key(RPPS, PATIENT, "RQD")
    assert key == cap_lock_key(RPPS, PATIENT, "RQD")
    assert -(2**63) <= key < 2**63
    assert key != cap_lock_key(RPPS, PATIENT, "TE2")
    assert key != cap_lock_key(RPPS, "pk_" + "b" * 32, "RQD")
    # The separator keeps field boundaries: ("ab", "c") and ("a", "bc") are different counters.
    assert cap_lock_key("ab", "c", "RQD") != cap_lock_key("a", "bc", "RQD")


@pytest.mark.parametrize("mode", [CALENDAR, ROLLING])
def test_fifth_act_in_the_same_window_is_refused(mode: CapWindowMode) -> None:
    assert can_bill(FOUR_IN_2026[:3], date(2026, 6, 1), mode)
    assert not can_bill(FOUR_IN_2026, date(2026, 6, 1), mode)
    assert not can_bill(FOUR_IN_2026, date(2026, 12, 31), mode)


def test_calendar_year_starts_afresh_on_january_first() -> None:
    assert can_bill(FOUR_IN_2026, date(2027, 1, 1), CALENDAR)


def test_rolling_window_still_counts_last_year_on_january_first() -> None:
    assert not can_bill(FOUR_IN_2026, date(2027, 1, 1), ROLLING)


@pytest.mark.parametrize(
    ("performed_on", "allowed"),
    [(date(2027, 2, 28), False), (date(2027, 3, 1), False), (date(2027, 3, 2), True)],
)
def test_rolling_window_frees_a_place_a_year_after_the_oldest_act(performed_on: date, allowed: bool) -> None:
    # The oldest act (2026-03-02) is in every window ending up to 2027-03-01 (2026-03-02..2027-03-01)
    # and leaves on 2027-03-02, whose window holds only the three later acts.
    existing = [date(2026, 3, 2), date(2026, 4, 1), date(2026, 5, 1), date(2026, 12, 31)]
    assert can_bill(existing, performed_on, ROLLING) is allowed


def test_backdated_act_cannot_overfill_a_later_rolling_window() -> None:
    monthly = [date(2026, 3, 1), date(2026, 4, 1), date(2026, 5, 1), date(2026, 6, 1)]
    # Its own window (2024-12-02..2025-12-01) is empty, but 2025-06-02..2026-06-01 would hold 5.
    assert not can_bill(monthly, date(2025, 12, 1), ROLLING)
    # 2025-06-01 falls out of the window ending 2026-06-01; the others hold at most 4 with it.
    assert can_bill(monthly, date(2025, 6, 1), ROLLING)
    # In calendar mode only the act's own year counts.
    assert can_bill(monthly, date(2025, 12, 1), CALENDAR)


def test_other_windows_already_over_the_cap_do_not_block() -> None:
    # Say five acts were billed in 2026 under a former configuration: 2028 is unaffected.
    crowded = [date(2026, month, 1) for month in range(1, 6)]
    assert can_bill(crowded, date(2028, 1, 1), ROLLING)


def test_cap_must_allow_an_act() -> None:
    with pytest.raises(ValueError, match="cap"):
        can_bill([], date(2026, 1, 1), CALENDAR, cap=0)


def _max_in_any_window(days: list[date], mode: CapWindowMode) -> int:
    return max((sum(1 for d in days if cap_window(end, mode)[0] <= d <= end) for end in days), default=0)


@pytest.mark.parametrize("mode", [CALENDAR, ROLLING])
@given(offered=st.lists(act_days, max_size=30), cap=st.integers(min_value=1, max_value=5))
def test_acts_admitted_in_any_order_never_exceed_the_cap(
    mode: CapWindowMode, offered: list[date], cap: int
) -> None:
    billed: list[date] = []
    for day in offered:
        if can_bill(billed, day, mode, cap):
            billed.append(day)
    assert _max_in_any_window(billed, mode) <= cap
    if mode is CALENDAR:
        for year in {day.year for day in offered}:
            in_year = sum(1 for day in offered if day.year == year)
            assert sum(1 for day in billed if day.year == year) == min(cap, in_year)


@given(offered=st.lists(act_days, max_size=30))
def test_rolling_admits_everything_that_fits(offered: list[date]) -> None:
    billed: list[date] = []
    for day in offered:
        if can_bill(billed, day, ROLLING):
            billed.append(day)
        else:
            # A refusal means some window containing the day really would exceed the cap.
            assert _max_in_any_window([*billed, day], ROLLING) > DEFAULT_CAP
    assert len(billed) >= min(len(offered), DEFAULT_CAP)


@given(day=act_days, spread=st.integers(min_value=0, max_value=364))
def test_calendar_and_rolling_agree_inside_one_year_when_in_order(day: date, spread: int) -> None:
    start = date(day.year, 1, 1)
    offered = sorted(start + timedelta(days=(i * spread) % 365) for i in range(6))
    offered = [d for d in offered if d.year == day.year]
    results = {}
    for mode in (CALENDAR, ROLLING):
        billed: list[date] = []
        for d in offered:
            if can_bill(billed, d, mode):
                billed.append(d)
        results[mode] = billed
    assert results[CALENDAR] == results[ROLLING]
