"""Invariants of the prevention agenda over many birth dates, sexes, pregnancies and days."""

from datetime import date, timedelta
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from dentalink_contracts.values import Sex
from dmp_service.domain import (
    AGENDA_CALENDAR,
    DEFAULT_MTDENTS_VERSIONS,
    AgendaConfig,
    CompletedItem,
    ItemStatus,
    MtDentsVersion,
    Pregnancy,
    compute_agenda,
    prevention_plan,
)
from dmp_service.domain.ages import add_months, date_at_age, years
from dmp_service.domain.child_examinations import CHILD_EXAMINATIONS
from dmp_service.domain.prevention import ScheduledItem
from dmp_service.domain.vaccinations import VACCINATIONS
from dmp_service.domain.versioning import in_force

Person = tuple[date, Sex, Pregnancy | None]
Case = tuple[date, Sex, Pregnancy | None, date]

FULL = AgendaConfig(upcoming_horizon=None, overdue_lookback=None)
YEARLY_FROM = date(2025, 4, 1)

births = st.dates(date(1930, 1, 1), date(2035, 12, 31))
sexes = st.sampled_from(list(Sex))


@st.composite
def pregnancies(draw: st.DrawFn, birth: date) -> Pregnancy:
    start = date_at_age(birth, years(draw(st.integers(12, 50)))) + timedelta(days=draw(st.integers(0, 364)))
    expected = start + timedelta(days=draw(st.integers(240, 290)))
    delivered = draw(st.none() | st.integers(140, 300).map(lambda d: start + timedelta(days=d)))
    return Pregnancy(start, expected, delivered)


@st.composite
def person(draw: st.DrawFn) -> Person:
    birth = draw(births)
    pregnancy = draw(st.none() | pregnancies(birth))
    return birth, draw(sexes), pregnancy


def _mtdents(plan: list[ScheduledItem]) -> list[tuple[int, ScheduledItem]]:
    return [(int(i.code.removeprefix("mtdents.y")), i) for i in plan if i.code.startswith("mtdents.")]


@given(person())
def test_every_window_lies_within_the_persons_life_and_codes_are_unique(who: Person) -> None:
    birth, sex, pregnancy = who
    plan = prevention_plan(birth, sex, pregnancy, FULL)
    for item in plan:
        assert item.window.start >= birth
        assert item.window.end is None or item.window.end >= item.window.start
    codes = [item.code for item in plan]
    assert len(codes) == len(set(codes))


@given(births, sexes)
def test_mtdents_ages_within_bounds_of_the_version_in_force_on_the_birthday(birth: date, sex: Sex) -> None:
    for age, item in _mtdents(prevention_plan(birth, sex, None, FULL)):
        assert item.window.start == date_at_age(birth, years(age))
        version = in_force(DEFAULT_MTDENTS_VERSIONS, item.window.start)
        assert version is not None
        assert version.min_age <= age <= version.max_age
        assert (age - version.min_age) % version.interval_years == 0
        assert item.rule_effective_from == version.effective_from


@given(births)
def test_mtdents_matches_the_rule_as_stated(birth: date) -> None:
    # DOMAIN.md §5 restated independently: triennial 3–24 before 2025-04-01, yearly 3–24 until the
    # end of 2025, then yearly up to Y − 2000 (26 in 2026, 27 in 2027, 28 from 2028).
    expected = []
    for age in range(40):
        birthday = date_at_age(birth, years(age))
        if birthday < YEARLY_FROM:
            eligible = 3 <= age <= 24 and age % 3 == 0
        elif birthday.year == 2025:
            eligible = 3 <= age <= 24
        else:
            eligible = 3 <= age <= min(birthday.year - 2000, 28)
        if eligible:
            expected.append(age)
    assert [age for age, _ in _mtdents(prevention_plan(birth, Sex.FEMALE, None, FULL))] == expected


@given(births)
def test_mtdents_spacing_is_triennial_before_and_yearly_from_2025_04_01(birth: date) -> None:
    exams = _mtdents(prevention_plan(birth, Sex.MALE, None, FULL))
    for (age_a, a), (age_b, b) in pairwise(exams):
        if b.window.start < YEARLY_FROM:
            assert age_b - age_a == 3
        elif a.window.start >= YEARLY_FROM:
            assert age_b - age_a == 1


@st.composite
def mtdents_tables(draw: st.DrawFn) -> tuple[MtDentsVersion, ...]:
    starts = sorted(draw(st.sets(st.dates(date(2000, 1, 1), date(2040, 1, 1)), min_size=1, max_size=4)))
    versions = []
    for start in starts:
        low = draw(st.integers(0, 10))
        versions.append(
            MtDentsVersion(start, low, draw(st.integers(low, 35)), draw(st.integers(1, 4)), "generated")
        )
    return tuple(versions)


@given(births, mtdents_tables())
def test_any_mtdents_table_yields_exactly_the_ages_its_versions_allow(
    birth: date, table: tuple[MtDentsVersion, ...]
) -> None:
    config = AgendaConfig(upcoming_horizon=None, overdue_lookback=None, mtdents_versions=table)
    got = [age for age, _ in _mtdents(prevention_plan(birth, Sex.MALE, None, config))]
    expected = [
        age
        for age in range(40)
        if (v := in_force(table, date_at_age(birth, years(age)))) is not None and age in v.ages()
    ]
    assert got == expected


@given(person())
def test_pregnancy_oral_exam_only_when_pregnant(who: Person) -> None:
    birth, sex, pregnancy = who
    exams = [i for i in prevention_plan(birth, sex, pregnancy, FULL) if i.code == "ebd.pregnancy"]
    if pregnancy is None:
        assert exams == []
    else:
        assert len(exams) == 1
        child_birth = pregnancy.delivery_date or pregnancy.expected_delivery_date
        assert exams[0].window.start == add_months(pregnancy.start_date, 3)
        assert exams[0].window.end == add_months(child_birth, 6) - timedelta(days=1)


@given(births, sexes)
def test_child_exams_count(birth: date, sex: Sex) -> None:
    codes = {i.code for i in prevention_plan(birth, sex, None, FULL) if i.code.startswith("child_exam.")}
    if birth >= date(2025, 1, 1):
        assert codes == {f"child_exam.{c}" for c in _CALENDAR_2025}
    elif birth >= CHILD_EXAMINATIONS.versions[0].effective_from:
        # Both the former first-month exam and the new 6-year exam can fall to one child.
        both = "child_exam.w3_m1" in codes and "child_exam.y6" in codes
        assert len(codes) == (21 if both else 20)


_CALENDAR_2025 = [
    "d8",
    "w2",
    "m1",
    "m2",
    "m3",
    "m4",
    "m5",
    "m8",
    "m11",
    "m12",
    "m16_18",
    "m23",
    "y2",
    "y3",
    "y4",
    "y5",
    "y6",
    "y8_9",
    "y11_13",
    "y15_16",
]


@given(births, sexes)
def test_four_prevention_checkups_at_the_key_ages(birth: date, sex: Sex) -> None:
    starts = [
        i.window.start for i in prevention_plan(birth, sex, None, FULL) if i.code.startswith("checkup.")
    ]
    assert starts == [date_at_age(birth, years(a)) for a in (18, 45, 60, 70)]


@given(births, st.integers(35, 60))
def test_glaucoma_screening_opens_at_the_configured_age_and_never_closes(birth: date, age: int) -> None:
    config = AgendaConfig(glaucoma_screening_age=age)
    (item,) = [i for i in prevention_plan(birth, Sex.MALE, None, config) if i.code == "glaucoma_screening"]
    assert item.window.start == date_at_age(birth, years(age))
    assert item.window.end is None


@given(births, sexes)
def test_each_vaccine_dose_comes_from_the_table_version_in_force_when_it_opens(birth: date, sex: Sex) -> None:
    for item in prevention_plan(birth, sex, None, FULL):
        if item.code.startswith("vaccine."):
            version = in_force(VACCINATIONS.versions, item.window.start)
            assert version is not None
            assert item.code in {d.code for d in version.items if sex in d.sexes}


@st.composite
def agenda_case(draw: st.DrawFn) -> Case:
    birth, sex, pregnancy = draw(person())
    today = birth + timedelta(days=draw(st.integers(0, 100 * 366)))
    return birth, sex, pregnancy, today


@given(agenda_case())
def test_statuses_agree_with_windows_and_horizons(case: Case) -> None:
    birth, sex, pregnancy, today = case
    for item in compute_agenda(birth, sex, pregnancy, today):
        start, end = item.window_start, item.window_end
        assert start <= today + timedelta(days=90)
        assert end is None or end >= today - timedelta(days=365)
        if item.status is ItemStatus.DUE:
            assert start <= today and (end is None or today <= end)
        elif item.status is ItemStatus.UPCOMING:
            assert today < start
        else:
            assert item.status is ItemStatus.OVERDUE
            assert end is not None and end < today


@given(agenda_case(), st.data())
def test_recorded_completions_mark_exactly_those_items_done(case: Case, data: st.DataObject) -> None:
    birth, sex, pregnancy, today = case
    plan_codes = sorted(i.code for i in prevention_plan(birth, sex, pregnancy, FULL))
    chosen = data.draw(st.sets(st.sampled_from(plan_codes), max_size=5))
    completed = [CompletedItem(code, today) for code in chosen]
    for item in compute_agenda(birth, sex, pregnancy, today, FULL, completed):
        assert (item.status is ItemStatus.DONE) == (item.code in chosen)
        assert (item.completed_on == today) == (item.code in chosen)


@given(person(), st.integers(0, 80 * 366), st.integers(0, 80 * 366))
def test_an_items_window_and_rule_do_not_depend_on_today(who: Person, offset_a: int, offset_b: int) -> None:
    birth, sex, pregnancy = who
    day_a, day_b = birth + timedelta(days=offset_a), birth + timedelta(days=offset_b)
    a = {i.code: i for i in compute_agenda(birth, sex, pregnancy, day_a, FULL)}
    b = {i.code: i for i in compute_agenda(birth, sex, pregnancy, day_b, FULL)}
    assert a.keys() == b.keys()
    for code, item in a.items():
        other = b[code]
        assert (item.window_start, item.window_end, item.source, item.rule_effective_from) == (
            other.window_start,
            other.window_end,
            other.source,
            other.rule_effective_from,
        )


@given(
    st.dates(date(1880, 1, 1), AGENDA_CALENDAR.end or date.max),
    sexes,
    st.dates(AGENDA_CALENDAR.start, AGENDA_CALENDAR.end or date.max),
    st.booleans(),
)
def test_every_day_of_the_agenda_calendar_is_computed_without_overflow(
    birth: date, sex: Sex, on: date, pregnant: bool
) -> None:
    # The API refuses days and pregnancy dates beyond the calendar (422); within it nothing overflows.
    day, last = max(birth, on), AGENDA_CALENDAR.end or date.max
    pregnancy = Pregnancy(day, min(day + timedelta(days=280), last)) if pregnant and day < last else None
    for config in (FULL, AgendaConfig()):
        items = compute_agenda(birth, sex, pregnancy, day, config)
        assert all(item.window_start <= (item.window_end or date.max) for item in items)
