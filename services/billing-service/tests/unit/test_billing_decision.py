from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from billing_service.domain import (
    AVENANT_1_IN_FORCE,
    TELE_EXPERTISE_CATALOGUE,
    BillableAct,
    Billed,
    CapWindowMode,
    Rejected,
    TariffCatalogue,
    TariffVersion,
    act_date,
    decide_billing,
    euros,
    outside_dental_convention,
)
from dentalink_contracts.events.billing import BillingRejectionReason, Payer, TeleExpertiseBilled
from dentalink_contracts.events.telemed import ActCode
from dentalink_contracts.values import Profession

CALENDAR = CapWindowMode.CALENDAR_YEAR
ROLLING = CapWindowMode.ROLLING_12_MONTHS
RPPS = "10101010101"
PATIENT = "pk_" + "0123456789abcdef" * 2


def act(code: ActCode, day: date) -> BillableAct:
    return BillableAct(code, day, RPPS, PATIENT)


@pytest.mark.parametrize(
    ("performed_at", "expected"),
    [
        (datetime(2026, 12, 31, 22, 59, tzinfo=UTC), date(2026, 12, 31)),
        (datetime(2026, 12, 31, 23, 0, tzinfo=UTC), date(2027, 1, 1)),
        (datetime(2026, 6, 30, 21, 59, tzinfo=UTC), date(2026, 6, 30)),
        (datetime(2026, 6, 30, 22, 0, tzinfo=UTC), date(2026, 7, 1)),
    ],
)
def test_act_date_is_the_day_in_france(performed_at: datetime, expected: date) -> None:
    assert act_date(performed_at) == expected


def test_act_date_needs_an_aware_instant() -> None:
    with pytest.raises(ValueError, match="timezone"):
        act_date(datetime(2026, 12, 31, 23, 30))


@pytest.mark.parametrize(("code", "amount"), [(ActCode.RQD, "10.00"), (ActCode.TE2, "20.00")])
@pytest.mark.parametrize("mode", [CALENDAR, ROLLING])
def test_first_four_acts_are_billed_and_the_fifth_rejected(
    code: ActCode, amount: str, mode: CapWindowMode
) -> None:
    billed_dates: list[date] = []
    days = [date(2026, month, 10) for month in (2, 4, 6, 8, 10)]
    for rank, day in enumerate(days[:4], start=1):
        decision = decide_billing(act(code, day), billed_dates, TELE_EXPERTISE_CATALOGUE, mode)
        assert isinstance(decision, Billed)
        assert decision.act_code == code
        assert decision.amount == euros(amount)
        assert decision.payer is Payer.AMO
        assert decision.amount == decision.tariff.amount
        assert decision.tariff.effective_from == AVENANT_1_IN_FORCE
        assert decision.acts_in_window == rank
        billed_dates.append(day)
    fifth = decide_billing(act(code, days[4]), billed_dates, TELE_EXPERTISE_CATALOGUE, mode)
    assert isinstance(fifth, Rejected)
    assert fifth.reason is BillingRejectionReason.YEARLY_CAP_REACHED
    assert "cap of 4" in fifth.detail
    assert RPPS not in fifth.detail
    assert PATIENT not in fifth.detail


def test_new_year_opens_a_new_calendar_window_but_not_a_rolling_one() -> None:
    four = [date(2026, 3, 1), date(2026, 4, 1), date(2026, 5, 1), date(2026, 12, 31)]
    new_year = act(ActCode.TE2, date(2027, 1, 1))
    calendar = decide_billing(new_year, four, TELE_EXPERTISE_CATALOGUE, CALENDAR)
    assert isinstance(calendar, Billed)
    assert calendar.acts_in_window == 1
    rolling = decide_billing(new_year, four, TELE_EXPERTISE_CATALOGUE, ROLLING)
    assert isinstance(rolling, Rejected)
    assert rolling.reason is BillingRejectionReason.YEARLY_CAP_REACHED


def test_act_before_the_tariff_exists_is_rejected_for_no_tariff() -> None:
    before = act(ActCode.RQD, AVENANT_1_IN_FORCE - timedelta(days=1))
    decision = decide_billing(before, [], TELE_EXPERTISE_CATALOGUE, CALENDAR)
    assert isinstance(decision, Rejected)
    assert decision.reason is BillingRejectionReason.NO_TARIFF
    assert "RQD" in decision.detail


def test_no_tariff_wins_over_a_reached_cap() -> None:
    day = AVENANT_1_IN_FORCE - timedelta(days=1)
    decision = decide_billing(act(ActCode.RQD, day), [day] * 4, TELE_EXPERTISE_CATALOGUE, CALENDAR)
    assert isinstance(decision, Rejected)
    assert decision.reason is BillingRejectionReason.NO_TARIFF


def test_amount_is_the_one_in_force_on_the_act_date() -> None:
    change = date(2027, 1, 1)
    catalogue = TariffCatalogue(
        (
            TariffVersion(ActCode.TE2, euros("20.00"), AVENANT_1_IN_FORCE, change, "test: current"),
            TariffVersion(ActCode.TE2, euros("25.00"), change, None, "test: future"),
        )
    )
    late_december = decide_billing(act(ActCode.TE2, date(2026, 12, 31)), [], catalogue, CALENDAR)
    january = decide_billing(act(ActCode.TE2, change), [], catalogue, CALENDAR)
    assert isinstance(late_december, Billed)
    assert isinstance(january, Billed)
    assert late_december.amount == euros("20.00")
    assert january.amount == euros("25.00")
    assert january.tariff.source == "test: future"


def test_a_smaller_configured_cap_applies() -> None:
    day = date(2026, 5, 5)
    decision = decide_billing(act(ActCode.RQD, day), [day], TELE_EXPERTISE_CATALOGUE, CALENDAR, cap=1)
    assert isinstance(decision, Rejected)


@given(
    existing=st.lists(st.dates(min_value=date(2025, 2, 1), max_value=date(2028, 12, 31)), max_size=10),
    day=st.dates(min_value=date(2025, 2, 1), max_value=date(2028, 12, 31)),
)
def test_calendar_decision_depends_only_on_acts_of_the_same_year(existing: list[date], day: date) -> None:
    decision = decide_billing(act(ActCode.RQD, day), existing, TELE_EXPERTISE_CATALOGUE, CALENDAR)
    same_year = sum(1 for d in existing if d.year == day.year)
    if same_year < 4:
        assert isinstance(decision, Billed)
        assert decision.acts_in_window == same_year + 1
    else:
        assert isinstance(decision, Rejected)


def test_billed_decision_fills_the_contract_event() -> None:
    decision = decide_billing(act(ActCode.RQD, date(2026, 3, 3)), [], TELE_EXPERTISE_CATALOGUE, CALENDAR)
    assert isinstance(decision, Billed)
    event = TeleExpertiseBilled(
        act_id=uuid4(),
        expertise_id=uuid4(),
        practice_id="cabinet-1",
        practitioner_rpps=RPPS,
        patient_key=PATIENT,
        invoice_id=uuid4(),
        act_code=decision.act_code,
        amount=decision.amount,
        payer=decision.payer,
        billed_at=datetime(2026, 3, 3, 10, 0, tzinfo=UTC),
    )
    body = event.model_dump(mode="json")
    assert body["amount"] == "10.00"
    assert body["payer"] == "amo"


@pytest.mark.parametrize("code", [ActCode.RQD, ActCode.TE2])
@pytest.mark.parametrize(
    "profession", [Profession.NURSE, Profession.PHYSICIAN, Profession.DENTAL_ASSISTANT, Profession.OTHER]
)
def test_an_act_by_a_non_dentist_is_not_billed_under_the_dental_convention(
    code: ActCode, profession: Profession
) -> None:
    # An EHPAD nurse requérant (RQD) or a medical specialist requis of an oral-cancer expertise (TE2).
    by_non_dentist = BillableAct(code, date(2026, 3, 3), RPPS, PATIENT, profession)
    assert outside_dental_convention(by_non_dentist)
    decision = decide_billing(by_non_dentist, [], TELE_EXPERTISE_CATALOGUE, CALENDAR)
    assert isinstance(decision, Rejected)
    assert decision.reason is BillingRejectionReason.PRACTITIONER_NOT_DENTIST
    assert RPPS not in decision.detail and PATIENT not in decision.detail


@pytest.mark.parametrize("code", [ActCode.RQD, ActCode.TE2])
@pytest.mark.parametrize("profession", [Profession.DENTIST, None])
def test_acts_by_dentists_or_by_an_unknown_profession_are_billed(
    code: ActCode, profession: Profession | None
) -> None:
    billable = BillableAct(code, date(2026, 3, 3), RPPS, PATIENT, profession)
    assert not outside_dental_convention(billable)
    assert isinstance(decide_billing(billable, [], TELE_EXPERTISE_CATALOGUE, CALENDAR), Billed)
