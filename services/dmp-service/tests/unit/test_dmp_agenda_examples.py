from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any, Protocol

import pytest

from dentalink_contracts.values import Sex
from dmp_service.domain import (
    AgendaCategory,
    AgendaConfig,
    CompletedItem,
    ItemStatus,
    Pregnancy,
    compute_agenda,
    prevention_plan,
)


class _Coded(Protocol):
    @property
    def code(self) -> str: ...


FULL = AgendaConfig(upcoming_horizon=None, overdue_lookback=None)


def _by_code(items: Iterable[_Coded]) -> dict[str, Any]:
    return {item.code: item for item in items}


def test_newborn_sees_the_first_exams_and_infant_vaccines() -> None:
    agenda = _by_code(compute_agenda(date(2025, 3, 10), Sex.FEMALE, None, date(2025, 3, 12)))
    assert agenda["child_exam.d8"].status is ItemStatus.DUE
    assert agenda["child_exam.d8"].compulsory
    assert agenda["child_exam.w2"].status is ItemStatus.UPCOMING
    assert agenda["vaccine.hexavalent.m2"].window_start == date(2025, 5, 10)
    assert agenda["vaccine.menb.m3"].window_start == date(2025, 6, 10)
    # Beyond the 90-day horizon.
    assert "child_exam.m4" not in agenda
    assert "vaccine.hexavalent.m4" not in agenda


def test_child_born_in_2025_has_the_20_exams_of_the_2025_calendar() -> None:
    exams = [i for i in prevention_plan(date(2025, 2, 1), Sex.MALE, None) if i.code.startswith("child_exam.")]
    assert [i.code.removeprefix("child_exam.") for i in exams] == [
        "d8", "w2", "m1", "m2", "m3", "m4", "m5", "m8", "m11", "m12", "m16_18", "m23",
        "y2", "y3", "y4", "y5", "y6", "y8_9", "y11_13", "y15_16",
    ]  # fmt: skip
    assert all(i.rule_effective_from == date(2025, 1, 1) for i in exams)
    last = exams[-1].window
    assert (last.start, last.end) == (date(2040, 2, 1), date(2042, 1, 31))


def test_child_born_before_2025_keeps_the_former_first_month_exam_and_gains_the_6_year_one() -> None:
    codes = {i.code for i in prevention_plan(date(2020, 6, 1), Sex.MALE, None)}
    assert "child_exam.w3_m1" in codes
    assert "child_exam.y6" in codes  # 6th birthday 2026-06-01: 2025 calendar in force


def test_six_year_exam_is_not_listed_when_the_sixth_birthday_preceded_2025() -> None:
    codes = {i.code for i in prevention_plan(date(2018, 12, 31), Sex.MALE, None)}
    assert "child_exam.y6" not in codes
    assert "child_exam.y8_9" in codes


def test_adult_of_45_sees_checkup_glaucoma_and_booster() -> None:
    agenda = _by_code(compute_agenda(date(1980, 6, 15), Sex.MALE, None, date(2025, 7, 1)))
    assert set(agenda) == {"checkup.y45_50", "glaucoma_screening", "vaccine.dtp_booster.y45"}
    assert agenda["checkup.y45_50"].window_end == date(2031, 6, 14)
    assert agenda["glaucoma_screening"].window_end is None
    assert all(item.status is ItemStatus.DUE for item in agenda.values())


def test_glaucoma_age_is_configurable() -> None:
    plan = _by_code(
        prevention_plan(date(1980, 6, 15), Sex.FEMALE, None, AgendaConfig(glaucoma_screening_age=40))
    )
    assert plan["glaucoma_screening"].window.start == date(2020, 6, 15)


def test_window_ended_without_completion_is_overdue_and_done_once_recorded() -> None:
    birth, today = date(1980, 6, 15), date(2026, 8, 1)
    agenda = _by_code(compute_agenda(birth, Sex.MALE, None, today))
    assert agenda["vaccine.dtp_booster.y45"].status is ItemStatus.OVERDUE
    done = _by_code(
        compute_agenda(
            birth,
            Sex.MALE,
            None,
            today,
            completed=[CompletedItem("vaccine.dtp_booster.y45", date(2026, 1, 5))],
        )
    )
    assert done["vaccine.dtp_booster.y45"].status is ItemStatus.DONE
    assert done["vaccine.dtp_booster.y45"].completed_on == date(2026, 1, 5)
    assert done["checkup.y45_50"].status is ItemStatus.DUE


def test_overdue_items_older_than_the_lookback_are_hidden() -> None:
    agenda = _by_code(compute_agenda(date(1980, 6, 15), Sex.MALE, None, date(2027, 7, 1)))
    assert "vaccine.dtp_booster.y45" not in agenda  # ended 2026-06-14, more than 365 days before
    everything = _by_code(compute_agenda(date(1980, 6, 15), Sex.MALE, None, date(2027, 7, 1), FULL))
    assert everything["vaccine.dtp_booster.y45"].status is ItemStatus.OVERDUE


def test_lookback_and_horizon_bounds_are_inclusive() -> None:
    birth = date(1980, 6, 15)  # the 45-year booster window ends on 2026-06-14
    last_day = _by_code(compute_agenda(birth, Sex.MALE, None, date(2026, 6, 14) + timedelta(days=365)))
    assert "vaccine.dtp_booster.y45" in last_day
    day_after = _by_code(compute_agenda(birth, Sex.MALE, None, date(2026, 6, 15) + timedelta(days=365)))
    assert "vaccine.dtp_booster.y45" not in day_after
    # The 60-year check-up opens on 2040-06-15.
    assert "checkup.y60_65" in _by_code(
        compute_agenda(birth, Sex.MALE, None, date(2040, 6, 15) - timedelta(days=90))
    )
    assert "checkup.y60_65" not in _by_code(
        compute_agenda(birth, Sex.MALE, None, date(2040, 6, 14) - timedelta(days=90))
    )


def test_pregnancy_oral_exam_runs_from_the_4th_month_to_6_months_after_birth() -> None:
    pregnancy = Pregnancy(start_date=date(2025, 1, 15), expected_delivery_date=date(2025, 10, 15))
    before = _by_code(compute_agenda(date(1995, 2, 2), Sex.FEMALE, pregnancy, date(2025, 3, 1)))
    item = before["ebd.pregnancy"]
    assert (item.window_start, item.window_end) == (date(2025, 4, 15), date(2026, 4, 14))
    assert item.status is ItemStatus.UPCOMING
    assert item.category is AgendaCategory.PREGNANCY_ORAL_EXAMINATION
    during = _by_code(compute_agenda(date(1995, 2, 2), Sex.FEMALE, pregnancy, date(2025, 5, 1)))
    assert during["ebd.pregnancy"].status is ItemStatus.DUE


def test_actual_delivery_date_replaces_the_expected_one() -> None:
    pregnancy = Pregnancy(date(2025, 1, 15), date(2025, 10, 15), delivery_date=date(2025, 9, 20))
    plan = _by_code(prevention_plan(date(1995, 2, 2), Sex.FEMALE, pregnancy))
    assert plan["ebd.pregnancy"].window.end == date(2026, 3, 19)


def test_hpv_vaccination_extended_to_boys_in_2021() -> None:
    girl_2019 = {i.code for i in prevention_plan(date(2008, 5, 1), Sex.FEMALE, None)}
    boy_2019 = {i.code for i in prevention_plan(date(2008, 5, 1), Sex.MALE, None)}
    boy_2021 = {i.code for i in prevention_plan(date(2010, 5, 1), Sex.MALE, None)}
    assert "vaccine.hpv.y11_14" in girl_2019
    assert "vaccine.hpv.y11_14" not in boy_2019
    assert "vaccine.hpv.y11_14" in boy_2021


def test_meningococcal_doses_follow_the_calendar_in_force_on_each_dose() -> None:
    plan = _by_code(prevention_plan(date(2024, 7, 15), Sex.FEMALE, None))
    assert plan["vaccine.menc.m5"].rule_effective_from == date(2021, 1, 1)  # 2024-12-15
    assert "vaccine.menc.m12" not in plan  # 2025-07-15: 2025 calendar
    assert plan["vaccine.menacwy.m12"].compulsory
    assert "vaccine.menb.m3" not in plan  # 2024-10-15: before MenB entered the table


def test_adult_boosters_every_ten_years_after_65() -> None:
    ages = sorted(
        int(i.code.rsplit(".y", 1)[1])
        for i in prevention_plan(date(2000, 1, 1), Sex.MALE, None)
        if i.code.startswith("vaccine.dtp_booster.")
    )
    assert ages[:5] == [25, 45, 65, 75, 85]


def test_agenda_rejects_a_day_before_birth_and_a_completion_in_the_future() -> None:
    with pytest.raises(ValueError, match="before the person's birth"):
        compute_agenda(date(2025, 1, 2), Sex.MALE, None, date(2025, 1, 1))
    with pytest.raises(ValueError, match="after today"):
        compute_agenda(
            date(2000, 1, 1),
            Sex.MALE,
            None,
            date(2025, 1, 1),
            completed=[CompletedItem("x", date(2025, 1, 2))],
        )


def test_pregnancy_must_follow_birth_and_be_coherent() -> None:
    with pytest.raises(ValueError, match="before the person's birth"):
        prevention_plan(date(2000, 1, 1), Sex.FEMALE, Pregnancy(date(1999, 1, 1), date(1999, 10, 1)))
    with pytest.raises(ValueError, match="expected delivery"):
        Pregnancy(date(2025, 1, 1), date(2025, 1, 1))
    with pytest.raises(ValueError, match="delivery cannot precede"):
        Pregnancy(date(2025, 1, 1), date(2025, 10, 1), delivery_date=date(2024, 12, 31))


@pytest.mark.parametrize(
    "kwargs",
    [{"glaucoma_screening_age": -1}, {"upcoming_horizon": timedelta(days=-1)}, {"mtdents_versions": ()}],
)
def test_config_rejects_nonsense(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 (each case has its own message)
        AgendaConfig(**kwargs)
