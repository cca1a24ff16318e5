"""Matricule vs traits: typed alerts, never corrections; skips per DOMAIN.md §1."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dentalink_contracts import Sex
from ins_service.domain import AlertCode, InsiTraits, TypedTraits, check_consistency, nir_key, parse_matricule


def nir(body: str) -> str:
    return body + f"{nir_key(body):02d}"


def traits(sex: Sex, born: date, place: str | None) -> TypedTraits:
    return TypedTraits(
        birth_name="Martin", birth_first_names="Alex", birth_date=born, sex=sex, birth_place_code=place
    )


def codes(matricule: str, sex: Sex, born: date, place: str | None) -> list[AlertCode]:
    return [alert.code for alert in check_consistency(parse_matricule(matricule), traits(sex, born, place))]


PARIS_1980_03 = nir("1800375056123")


def test_consistent_traits_raise_no_alert() -> None:
    assert codes(PARIS_1980_03, Sex.MALE, date(1980, 3, 14), "75056") == []


def test_sex_mismatch() -> None:
    alerts = check_consistency(parse_matricule(PARIS_1980_03), traits(Sex.FEMALE, date(1980, 3, 14), "75056"))
    assert [alert.code for alert in alerts] == [AlertCode.SEX_MISMATCH]
    assert (alerts[0].matricule_value, alerts[0].traits_value) == ("M", "F")


def test_year_mismatch_compares_the_two_last_digits() -> None:
    assert codes(PARIS_1980_03, Sex.MALE, date(1981, 3, 14), "75056") == [AlertCode.BIRTH_YEAR_MISMATCH]
    assert codes(PARIS_1980_03, Sex.MALE, date(2080, 3, 14), "75056") == []


def test_month_mismatch() -> None:
    alerts = check_consistency(parse_matricule(PARIS_1980_03), traits(Sex.MALE, date(1980, 4, 14), "75056"))
    assert [alert.code for alert in alerts] == [AlertCode.BIRTH_MONTH_MISMATCH]
    assert (alerts[0].matricule_value, alerts[0].traits_value) == ("03", "04")


def test_place_mismatch() -> None:
    assert codes(PARIS_1980_03, Sex.MALE, date(1980, 3, 14), "69123") == [AlertCode.BIRTH_PLACE_MISMATCH]


def test_every_mismatch_is_reported_at_once() -> None:
    assert codes(PARIS_1980_03, Sex.FEMALE, date(1979, 4, 1), "13055") == [
        AlertCode.SEX_MISMATCH,
        AlertCode.BIRTH_YEAR_MISMATCH,
        AlertCode.BIRTH_MONTH_MISMATCH,
        AlertCode.BIRTH_PLACE_MISMATCH,
    ]


def test_unknown_birth_place_is_not_checked() -> None:
    assert codes(PARIS_1980_03, Sex.MALE, date(1980, 3, 14), None) == []


@pytest.mark.parametrize("month", ["20", "30", "50", "99"])
def test_special_months_skip_the_month_check_only(month: str) -> None:
    matricule = nir(f"180{month}75056123")
    assert codes(matricule, Sex.MALE, date(1980, 7, 1), "75056") == []
    assert codes(matricule, Sex.MALE, date(1981, 7, 1), "75056") == [AlertCode.BIRTH_YEAR_MISMATCH]


def test_foreign_born_skip_the_place_check() -> None:
    assert codes("295109912611193", Sex.FEMALE, date(1995, 10, 2), "99127") == []
    assert codes("295109912611193", Sex.MALE, date(1995, 10, 2), "99127") == [AlertCode.SEX_MISMATCH]


def test_overseas_skip_the_place_check() -> None:
    matricule = nir("1850397411123")
    assert codes(matricule, Sex.MALE, date(1985, 3, 2), "97611") == []
    assert codes(matricule, Sex.MALE, date(1985, 4, 2), "97611") == [AlertCode.BIRTH_MONTH_MISMATCH]


def test_corsica_codes_match_the_cog() -> None:
    assert codes("253072A07300443", Sex.FEMALE, date(1953, 7, 9), "2A073") == []
    assert codes("253072A07300443", Sex.FEMALE, date(1953, 7, 9), "2B073") == [AlertCode.BIRTH_PLACE_MISMATCH]


def test_pre_1976_department_20_matches_2a_and_2b() -> None:
    matricule = nir("1550120004123")
    assert codes(matricule, Sex.MALE, date(1955, 1, 3), "2A004") == []
    assert codes(matricule, Sex.MALE, date(1955, 1, 3), "2B004") == []
    assert codes(matricule, Sex.MALE, date(1955, 1, 3), "2A005") == [AlertCode.BIRTH_PLACE_MISMATCH]


@pytest.mark.parametrize("country", ["99352", "99350", "99351"])
def test_pre_independence_north_africa_matches_the_country(country: str) -> None:
    matricule = nir("1500191352123")
    assert codes(matricule, Sex.MALE, date(1950, 1, 3), country) == []


def test_pre_independence_departments_still_alert_on_other_places() -> None:
    assert codes(nir("1500191352123"), Sex.MALE, date(1950, 1, 3), "99134") == [
        AlertCode.BIRTH_PLACE_MISMATCH
    ]


@pytest.mark.parametrize(("digit", "sex"), [("3", Sex.MALE), ("4", Sex.FEMALE)])
def test_registration_sex_digits_are_compared_as_men_and_women(digit: str, sex: Sex) -> None:
    assert codes(nir(f"{digit}900299134123"), sex, date(1990, 2, 1), "99134") == []


def test_insi_traits_are_checked_too() -> None:
    insi = InsiTraits.from_insi(
        birth_name="MARTIN", birth_first_names="ALEX", birth_date=date(1980, 3, 14), sex=Sex.FEMALE
    )
    alerts = check_consistency(parse_matricule(PARIS_1980_03), insi)
    assert [alert.code for alert in alerts] == [AlertCode.SEX_MISMATCH]


@given(
    st.sampled_from([Sex.MALE, Sex.FEMALE]),
    st.dates(date(1900, 1, 1), date(2099, 12, 31)),
    st.sampled_from(["75056", "2A004", "2B033", "13055", "01001"]),
    st.integers(1, 999),
)
def test_matricules_built_from_the_traits_never_alert(sex: Sex, born: date, place: str, order: int) -> None:
    digit = "1" if sex is Sex.MALE else "2"
    matricule = nir(f"{digit}{born.year % 100:02d}{born.month:02d}{place}{order:03d}")
    assert codes(matricule, sex, born, place) == []
