from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dmp_service.domain.ages import (
    Age,
    DateWindow,
    add_months,
    age_window,
    date_at_age,
    days,
    months,
    months_after,
    years,
)
from dmp_service.domain.prevention import AgendaCategory, ItemDefinition
from dmp_service.domain.versioning import check_chronological, in_force


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2025, 11, 15), 3, date(2026, 2, 15)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
    ],
)
def test_add_months_clamps_to_the_last_day_of_the_month(start: date, count: int, expected: date) -> None:
    assert add_months(start, count) == expected


def test_band_includes_its_whole_upper_age() -> None:
    window = age_window(date(2000, 3, 10), years(18), years(26))
    assert window == DateWindow(date(2018, 3, 10), date(2026, 3, 9))


def test_open_ended_window_never_ends() -> None:
    window = age_window(date(1980, 1, 1), years(45), None)
    assert window.contains(date(2100, 1, 1))
    assert not window.contains(date(2024, 12, 31))


def test_months_after_ends_the_day_before_the_same_date_n_months_later() -> None:
    assert months_after(date(2025, 5, 20), 6) == DateWindow(date(2025, 5, 20), date(2025, 11, 19))


def test_window_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="end before"):
        DateWindow(date(2025, 1, 2), date(2025, 1, 1))


def test_age_has_no_negative_part() -> None:
    with pytest.raises(ValueError, match="negative"):
        Age(months=-1)


@given(st.dates(date(1900, 1, 1), date(2100, 12, 31)), st.integers(0, 240))
def test_reaching_an_age_moves_forward_with_the_age(birth: date, n: int) -> None:
    assert date_at_age(birth, months(n)) < date_at_age(birth, months(n + 1))
    window = age_window(birth, months(n), months(n + 1))
    assert window.end is not None
    assert 27 <= (window.end - window.start).days <= 30


class _V:
    def __init__(self, effective_from: date) -> None:
        self.effective_from = effective_from


def test_in_force_picks_the_latest_version_started_on_the_day() -> None:
    versions = [_V(date(2019, 3, 1)), _V(date(2025, 1, 1))]
    assert in_force(versions, date(2019, 2, 28)) is None
    assert in_force(versions, date(2019, 3, 1)) is versions[0]
    assert in_force(versions, date(2024, 12, 31)) is versions[0]
    assert in_force(versions, date(2025, 1, 1)) is versions[1]


def test_versions_must_be_strictly_chronological() -> None:
    with pytest.raises(ValueError, match="increasing"):
        check_chronological([_V(date(2025, 1, 1)), _V(date(2025, 1, 1))], "test")
    with pytest.raises(ValueError, match="at least one"):
        check_chronological([], "test")


def test_item_definition_must_end_after_it_starts() -> None:
    with pytest.raises(ValueError, match="end after"):
        ItemDefinition("x", "x", AgendaCategory.VACCINATION, False, years(1), months(12))
    ItemDefinition("x", "x", AgendaCategory.VACCINATION, False, days(14), months(1))
