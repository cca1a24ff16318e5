from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from billing_service.domain import (
    AVENANT_1_IN_FORCE,
    DENTAL_CARE_CATALOGUE,
    TELE_EXPERTISE_CATALOGUE,
    NoTariffError,
    TariffCatalogue,
    TariffVersion,
    euros,
    tariff_for,
)
from dentalink_contracts.events.telemed import ActCode

PRICE_CHANGE = date(2027, 1, 1)
TE2_NOW = TariffVersion(ActCode.TE2, euros("20.00"), AVENANT_1_IN_FORCE, PRICE_CHANGE, "test: current")
TE2_FUTURE = TariffVersion(ActCode.TE2, euros("25.00"), PRICE_CHANGE, None, "test: future price")
RQD = TariffVersion(ActCode.RQD, euros("10.00"), AVENANT_1_IN_FORCE, None, "test")
WITH_FUTURE_TE2 = TariffCatalogue((RQD, TE2_NOW, TE2_FUTURE))


@pytest.mark.parametrize(("code", "amount"), [(ActCode.RQD, "10.00"), (ActCode.TE2, "20.00")])
def test_default_catalogue_has_seed_tariffs_from_avenant_1(code: ActCode, amount: str) -> None:
    tariff = tariff_for(code, AVENANT_1_IN_FORCE, TELE_EXPERTISE_CATALOGUE)
    assert tariff.amount == euros(amount)
    assert tariff.act_code == code
    assert "avenant 1" in tariff.source
    assert tariff_for(code, date(2031, 7, 14), TELE_EXPERTISE_CATALOGUE) == tariff


@pytest.mark.parametrize("code", [ActCode.RQD, ActCode.TE2])
def test_default_catalogue_has_no_tariff_before_avenant_1(code: ActCode) -> None:
    day_before = AVENANT_1_IN_FORCE - timedelta(days=1)
    with pytest.raises(NoTariffError) as missing:
        tariff_for(code, day_before, TELE_EXPERTISE_CATALOGUE)
    assert missing.value.act_code == code
    assert missing.value.performed_on == day_before


@pytest.mark.parametrize(
    ("performed_on", "amount", "version"),
    [
        (PRICE_CHANGE - timedelta(days=1), "20.00", TE2_NOW),
        (PRICE_CHANGE, "25.00", TE2_FUTURE),
        (PRICE_CHANGE + timedelta(days=1), "25.00", TE2_FUTURE),
    ],
)
def test_version_in_force_on_the_act_date_applies(
    performed_on: date, amount: str, version: TariffVersion
) -> None:
    tariff = tariff_for(ActCode.TE2, performed_on, WITH_FUTURE_TE2)
    assert tariff == version
    assert tariff.amount == euros(amount)


def test_other_codes_are_unaffected_by_a_price_change() -> None:
    assert tariff_for(ActCode.RQD, PRICE_CHANGE, WITH_FUTURE_TE2).amount == euros("10.00")


def test_unknown_code_has_no_tariff() -> None:
    with pytest.raises(NoTariffError, match="XYZ"):
        tariff_for("XYZ", PRICE_CHANGE, WITH_FUTURE_TE2)


def test_a_gap_between_versions_has_no_tariff() -> None:
    early = TariffVersion("C", euros("23.00"), date(2024, 1, 1), date(2024, 6, 1), "test")
    late = TariffVersion("C", euros("25.00"), date(2024, 7, 1), None, "test")
    catalogue = TariffCatalogue((early, late))
    assert tariff_for("C", date(2024, 5, 31), catalogue) == early
    with pytest.raises(NoTariffError):
        tariff_for("C", date(2024, 6, 15), catalogue)
    assert tariff_for("C", date(2024, 7, 1), catalogue) == late


@pytest.mark.parametrize(
    "second",
    [
        TariffVersion(ActCode.TE2, euros("25.00"), date(2026, 12, 31), None, "overlaps by a day"),
        TariffVersion(ActCode.TE2, euros("25.00"), AVENANT_1_IN_FORCE, PRICE_CHANGE, "same period"),
    ],
)
def test_overlapping_versions_are_refused(second: TariffVersion) -> None:
    with pytest.raises(ValueError, match="overlap"):
        TariffCatalogue((TE2_NOW, second))


def test_open_ended_version_followed_by_another_is_refused() -> None:
    open_ended = TariffVersion(ActCode.TE2, euros("20.00"), AVENANT_1_IN_FORCE, None, "test")
    with pytest.raises(ValueError, match="overlap"):
        TariffCatalogue.of([TE2_FUTURE, open_ended])


@pytest.mark.parametrize(
    ("amount", "start", "end", "source", "message"),
    [
        ("0.00", date(2025, 1, 1), None, "s", "positive"),
        ("-1.00", date(2025, 1, 1), None, "s", "positive"),
        ("10.00", date(2025, 1, 1), date(2025, 1, 1), "s", "ends before"),
        ("10.00", date(2025, 1, 1), date(2024, 1, 1), "s", "ends before"),
        ("10.00", date(2025, 1, 1), None, "  ", "source"),
    ],
)
def test_invalid_versions_are_refused(
    amount: str, start: date, end: date | None, source: str, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        TariffVersion("C", euros(amount), start, end, source)


def test_the_care_catalogue_flags_its_unsourced_amounts() -> None:
    assert DENTAL_CARE_CATALOGUE.act_codes() == {"C", "HBJD001", "HBQK389"}
    for version in DENTAL_CARE_CATALOGUE.versions:
        assert version.illustrative
        assert version.label


@given(
    boundaries=st.lists(
        st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), min_size=2, max_size=8, unique=True
    ),
    day=st.dates(min_value=date(1990, 1, 1), max_value=date(2110, 1, 1)),
)
def test_exactly_the_version_whose_period_contains_the_day_applies(boundaries: list[date], day: date) -> None:
    cuts = sorted(boundaries)
    versions = [
        TariffVersion("TE2", euros(f"{index + 1}.00"), start, end, "generated")
        for index, (start, end) in enumerate(zip(cuts, [*cuts[1:], None], strict=True))
    ]
    catalogue = TariffCatalogue(tuple(reversed(versions)))
    expected = [version for version in versions if version.in_force_on(day)]
    if day < cuts[0]:
        assert expected == []
        with pytest.raises(NoTariffError):
            tariff_for("TE2", day, catalogue)
    else:
        assert len(expected) == 1
        chosen = tariff_for("TE2", day, catalogue)
        assert chosen == expected[0]
        assert chosen.effective_from <= day
        assert chosen.effective_to is None or day < chosen.effective_to
