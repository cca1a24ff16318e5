"""Pure pieces around the workflows: problem mapping, months, slots, session status."""

from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from billing_service.api.care_sheets import ApcvSessionStatus, session_status
from billing_service.domain import (
    TELE_EXPERTISE_CATALOGUE,
    ApcvSession,
    BillableAct,
    Billed,
    CapWindowMode,
    InvalidMonthError,
    Rejected,
    SessionClosedError,
    SessionExpiredError,
    SessionNotOpenError,
    decide_billing,
    month_bounds,
    slot_or_cap,
)
from billing_service.problems import problem_for, session_refusal
from billing_service.workflows import invoice_id_for
from dentalink_contracts.events.billing import BillingRejectionReason
from dentalink_contracts.events.telemed import ActCode

OPENED = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
CALENDAR = CapWindowMode.CALENDAR_YEAR


def row(closed_at: datetime | None = None, *, opened: bool = True) -> ApcvSession:
    return ApcvSession(
        session_id=uuid4(),
        practice_id="cab",
        patient_key="pk_" + "0" * 32,
        opened_at=OPENED if opened else None,
        expires_at=OPENED + timedelta(minutes=30) if opened else None,
        closed_at=closed_at,
    )


@pytest.mark.parametrize(
    ("error", "status", "kind"),
    [
        (SessionClosedError, 409, "apcv-session-closed"),
        (SessionNotOpenError, 409, "apcv-session-not-open"),
        (SessionExpiredError, 410, "apcv-session-expired"),
    ],
)
def test_session_refusals_map_to_409_or_410(error: type, status: int, kind: str) -> None:
    problem = session_refusal(error(uuid4(), "x"))
    assert (problem.status, problem.kind) == (status, kind)


@pytest.mark.parametrize(
    ("now", "closed_at", "expected"),
    [
        (OPENED + timedelta(minutes=29, seconds=59), None, ApcvSessionStatus.OPEN),
        (OPENED + timedelta(minutes=30), None, ApcvSessionStatus.EXPIRED),
        (OPENED - timedelta(seconds=1), None, ApcvSessionStatus.NOT_OPEN_YET),
        (OPENED + timedelta(minutes=5), OPENED + timedelta(minutes=10), ApcvSessionStatus.CLOSED),
    ],
)
def test_session_status_at_the_window_edges(
    now: datetime, closed_at: datetime | None, expected: ApcvSessionStatus
) -> None:
    assert session_status(row(closed_at), now) is expected


def test_a_session_known_only_by_its_closure_is_closed_and_refuses_care_sheets() -> None:
    closure_only = row(OPENED, opened=False)
    assert session_status(closure_only, OPENED) is ApcvSessionStatus.CLOSED
    with pytest.raises(SessionClosedError) as refused:
        closure_only.open_state()
    assert problem_for(refused.value).kind == "apcv-session-closed"


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2026-02", date(2026, 2, 1), date(2026, 2, 28)),
        ("2028-02", date(2028, 2, 1), date(2028, 2, 29)),
        ("2026-12", date(2026, 12, 1), date(2026, 12, 31)),
    ],
)
def test_month_bounds(text: str, first: date, last: date) -> None:
    assert month_bounds(text) == (first, last)


@pytest.mark.parametrize(
    "text",
    ["2026-13", "2026-00", "2026-1", "26-01", "2026-01-01", "0000-01", "9999-12", "1999-12", "2100-01"],
)
def test_malformed_months_are_a_400_problem(text: str) -> None:
    with pytest.raises(InvalidMonthError) as bad:
        month_bounds(text)
    problem = problem_for(bad.value)
    assert (problem.status, problem.kind) == (400, "invalid-month")


def first_te2_of(day: date) -> Billed:
    decision = decide_billing(
        BillableAct(ActCode.TE2, day, "1" * 11, "pk_" + "0" * 32), [], TELE_EXPERTISE_CATALOGUE, CALENDAR
    )
    assert isinstance(decision, Billed)
    return decision


def test_a_billed_act_takes_the_smallest_free_slot_of_its_calendar_year() -> None:
    day = date(2026, 6, 1)
    billed = decide_billing(
        BillableAct(ActCode.TE2, day, "1" * 11, "pk_" + "0" * 32), [], TELE_EXPERTISE_CATALOGUE, CALENDAR
    )
    taken = [(date(2026, 1, 1), "2026", 1), (date(2026, 2, 1), "2026", 3), (date(2025, 5, 1), "2025", 2)]
    assert slot_or_cap(billed, day, taken, CALENDAR)[1:] == ("2026", 2)
    assert slot_or_cap(billed, day, taken, CapWindowMode.ROLLING_12_MONTHS)[1:] == (None, None)


def test_stored_slots_win_over_dates_when_they_disagree() -> None:
    day = date(2026, 6, 1)
    billed = decide_billing(
        BillableAct(ActCode.TE2, day, "1" * 11, "pk_" + "0" * 32), [], TELE_EXPERTISE_CATALOGUE, CALENDAR
    )
    assert isinstance(billed, Billed)
    full = [(date(2026, 1, 1), "2026", slot) for slot in range(1, 5)]
    decision, window, slot = slot_or_cap(billed, day, full, CALENDAR)
    assert isinstance(decision, Rejected) and decision.reason is BillingRejectionReason.YEARLY_CAP_REACHED
    assert (window, slot) == (None, None)


@given(st.uuids(), st.uuids())
def test_one_act_one_invoice_id(first: UUID, second: UUID) -> None:
    assert invoice_id_for(first) == invoice_id_for(first)
    assert (invoice_id_for(first) == invoice_id_for(second)) == (first == second)
