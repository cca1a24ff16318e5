from datetime import date

import pytest

from dentalink_contracts.values import Sex
from dmp_service.domain import (
    DEFAULT_AGENDA_CONFIG,
    AgendaConfig,
    ItemStatus,
    MtDentsVersion,
    care_window,
    compute_agenda,
    prevention_plan,
)
from dmp_service.domain.ages import DateWindow


def _mtdents_ages(birth: date, config: AgendaConfig = DEFAULT_AGENDA_CONFIG) -> list[int]:
    return [
        int(item.code.removeprefix("mtdents.y"))
        for item in prevention_plan(birth, Sex.MALE, None, config)
        if item.code.startswith("mtdents.")
    ]


@pytest.mark.parametrize(
    ("birth", "ages"),
    [
        # 24th birthday after 2025-04-01: yearly; the cohort then goes up to 28 (2029).
        (date(2001, 5, 20), [3, 6, 9, 12, 15, 18, 21, 24, 25, 26, 27, 28]),
        # 25th birthday on 2025-02-10 under the triennial rule: no exam at 25; 26 in 2026 opens again.
        (date(2000, 2, 10), [3, 6, 9, 12, 15, 18, 21, 24, 26, 27, 28]),
        # 21st birthday on the very first day of the yearly rule.
        (date(2004, 4, 1), [3, 6, 9, 12, 15, 18, *range(21, 29)]),
        # 3rd birthday the day before the yearly rule.
        (date(2022, 3, 31), list(range(3, 29))),
        # Born 1995: 30 in 2025, nothing after 24.
        (date(1995, 1, 1), [3, 6, 9, 12, 15, 18, 21, 24]),
        # 27 in 2026 exceeds that year's upper age (26); 28 in 2027 exceeds 27.
        (date(1999, 6, 1), [3, 6, 9, 12, 15, 18, 21, 24]),
    ],
)
def test_mtdents_ages_across_the_2025_and_yearly_boundaries(birth: date, ages: list[int]) -> None:
    assert _mtdents_ages(birth) == ages


def test_mtdents_item_exposes_the_six_month_care_window_and_source() -> None:
    agenda = {i.code: i for i in compute_agenda(date(2001, 5, 20), Sex.FEMALE, None, date(2025, 6, 1))}
    item = agenda["mtdents.y24"]
    assert item.status is ItemStatus.DUE
    assert (item.window_start, item.window_end) == (date(2025, 5, 20), date(2026, 5, 19))
    assert item.care_without_advance_payment_months == 6
    assert item.rule_effective_from == date(2025, 4, 1)
    assert "avenant 2" in item.source


def test_care_window_after_an_exam() -> None:
    assert care_window(date(2025, 8, 31)) == DateWindow(date(2025, 8, 31), date(2026, 2, 27))


def test_policy_table_is_configurable() -> None:
    # The other reading of the avenant: +1 each 1 January from 24 (25, 26, 27).
    step_by_one = AgendaConfig(
        mtdents_versions=(
            MtDentsVersion(date.min, 3, 24, 3, "seed"),
            MtDentsVersion(date(2025, 4, 1), 3, 24, 1, "avenant 2"),
            *(MtDentsVersion(date(y, 1, 1), 3, y - 2001, 1, "alt") for y in (2026, 2027, 2028)),
        )
    )
    assert _mtdents_ages(date(2001, 5, 20), step_by_one) == [3, 6, 9, 12, 15, 18, 21, 24, 25, 26, 27]


def test_mtdents_version_rejects_nonsense() -> None:
    with pytest.raises(ValueError, match="min_age"):
        MtDentsVersion(date(2025, 1, 1), 25, 24, 1, "x")
    with pytest.raises(ValueError, match="interval"):
        MtDentsVersion(date(2025, 1, 1), 3, 24, 0, "x")
