import dataclasses
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from billing_service.domain import (
    DENTAL_CARE_CATALOGUE,
    CareSheetLine,
    CareSheetStateError,
    CareSheetStatus,
    NoTariffError,
    SessionClosedError,
    SessionExpiredError,
    SessionNotOpenError,
    SessionRefusalReason,
    SessionState,
    SessionUnavailableError,
    add_line,
    can_create_care_sheet,
    cancel_and_replace,
    care_sheet_line,
    draft_care_sheet,
    euros,
    from_cents,
    sign_care_sheet,
    to_cents,
)

OPENED = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
EXPIRES = OPENED + timedelta(minutes=30)
TINY = timedelta(microseconds=1)
TODAY = date(2026, 3, 3)


def session(closed_at: datetime | None = None) -> SessionState:
    return SessionState(uuid4(), OPENED, EXPIRES, closed_at)


def line(code: str = "C", quantity: int = 1) -> CareSheetLine:
    return care_sheet_line(code, TODAY, DENTAL_CARE_CATALOGUE, quantity)


@pytest.mark.parametrize("now", [OPENED, OPENED + timedelta(minutes=15), EXPIRES - TINY])
def test_care_sheet_allowed_while_the_session_is_open(now: datetime) -> None:
    open_session = session()
    can_create_care_sheet(open_session, now)  # a refusal would raise
    sheet = draft_care_sheet(uuid4(), open_session, now, [line()])
    assert (sheet.session_id, sheet.created_at, sheet.status) == (
        open_session.session_id,
        now,
        CareSheetStatus.DRAFT,
    )


@pytest.mark.parametrize(
    ("now", "error", "reason"),
    [
        (OPENED - TINY, SessionNotOpenError, SessionRefusalReason.SESSION_NOT_OPEN),
        (EXPIRES, SessionExpiredError, SessionRefusalReason.SESSION_EXPIRED),
        (EXPIRES + timedelta(hours=5), SessionExpiredError, SessionRefusalReason.SESSION_EXPIRED),
    ],
)
def test_care_sheet_refused_outside_the_session_window(
    now: datetime, error: type[SessionUnavailableError], reason: SessionRefusalReason
) -> None:
    open_session = session()
    with pytest.raises(error) as refused:
        can_create_care_sheet(open_session, now)
    assert isinstance(refused.value, SessionUnavailableError)
    assert refused.value.reason is reason
    assert refused.value.session_id == open_session.session_id


@pytest.mark.parametrize("now", [OPENED + timedelta(minutes=5), OPENED + timedelta(minutes=20), EXPIRES])
def test_a_closed_session_refuses_whatever_the_time(now: datetime) -> None:
    with pytest.raises(SessionClosedError) as refused:
        can_create_care_sheet(session(closed_at=OPENED + timedelta(minutes=10)), now)
    assert refused.value.reason.value == "session_closed"


def test_a_closure_at_expiry_is_an_expiry() -> None:
    with pytest.raises(SessionExpiredError) as refused:
        can_create_care_sheet(session(closed_at=EXPIRES), OPENED + timedelta(minutes=5))
    assert refused.value.reason.value == "session_expired"


def test_instants_must_be_timezone_aware() -> None:
    naive = datetime(2026, 3, 3, 9, 0)
    with pytest.raises(ValueError, match="timezone"):
        can_create_care_sheet(session(), naive)
    with pytest.raises(ValueError, match="timezone"):
        SessionState(uuid4(), naive, EXPIRES)


def test_a_session_expires_after_it_opens() -> None:
    with pytest.raises(ValueError, match="expires after"):
        SessionState(uuid4(), OPENED, OPENED)


def test_line_takes_label_and_tariff_from_the_catalogue() -> None:
    radio = line("HBQK389", quantity=2)
    assert radio.unit_amount == euros("7.98")
    assert radio.amount == euros("15.96")
    assert radio.label.startswith("Radiographie intrabuccale")
    assert "HBQK389" in radio.tariff_source


def test_line_for_an_unknown_act_has_no_tariff() -> None:
    with pytest.raises(NoTariffError):
        line("ZZZZ999")


@pytest.mark.parametrize("quantity", [0, -1, 100])
def test_line_quantity_is_bounded(quantity: int) -> None:
    with pytest.raises(ValueError, match="quantity"):
        CareSheetLine("C", "x", TODAY, euros("23.00"), quantity)


def test_draft_then_sign_freezes_the_sheet() -> None:
    open_session = session()
    sheet = draft_care_sheet(uuid4(), open_session, OPENED, [line("C")])
    sheet = add_line(sheet, line("HBJD001"))
    assert sheet.status is CareSheetStatus.DRAFT
    assert sheet.total == euros("51.92")
    signed = sign_care_sheet(sheet, open_session, OPENED + timedelta(minutes=3))
    assert signed.status is CareSheetStatus.SIGNED
    assert signed.signed_at == OPENED + timedelta(minutes=3)
    with pytest.raises(CareSheetStateError, match="signed"):
        add_line(signed, line("HBQK389"))
    with pytest.raises(CareSheetStateError):
        sign_care_sheet(signed, open_session, OPENED + timedelta(minutes=4))
    with pytest.raises(dataclasses.FrozenInstanceError):
        signed.lines = ()  # type: ignore[misc]  # assigning a frozen field is what is tested
    assert sheet.status is CareSheetStatus.DRAFT


def test_draft_needs_an_open_session() -> None:
    with pytest.raises(SessionExpiredError):
        draft_care_sheet(uuid4(), session(), EXPIRES, [line()])


def test_signing_after_expiry_is_refused() -> None:
    open_session = session()
    sheet = draft_care_sheet(uuid4(), open_session, OPENED, [line()])
    with pytest.raises(SessionExpiredError):
        sign_care_sheet(sheet, open_session, EXPIRES)


def test_empty_sheet_cannot_be_signed() -> None:
    open_session = session()
    with pytest.raises(CareSheetStateError, match="empty"):
        sign_care_sheet(draft_care_sheet(uuid4(), open_session, OPENED, []), open_session, OPENED)


def test_sheet_is_signed_in_its_own_session() -> None:
    sheet = draft_care_sheet(uuid4(), session(), OPENED, [line()])
    with pytest.raises(ValueError, match="another session"):
        sign_care_sheet(sheet, session(), OPENED)


def test_cancel_and_replace_keeps_the_signed_sheet_as_it_was() -> None:
    first_session = session()
    signed = sign_care_sheet(
        draft_care_sheet(uuid4(), first_session, OPENED, [line("C")]), first_session, OPENED
    )
    later = SessionState(uuid4(), OPENED + timedelta(days=1), EXPIRES + timedelta(days=1))
    now = OPENED + timedelta(days=1, minutes=1)
    new_id = uuid4()
    cancelled, replacement = cancel_and_replace(signed, new_id, later, now, [line("C"), line("HBQK389")])
    assert cancelled.status is CareSheetStatus.CANCELLED
    assert cancelled.cancelled_at == now
    assert cancelled.replaced_by == new_id
    assert cancelled.lines == signed.lines
    assert cancelled.signed_at == signed.signed_at
    assert replacement.sheet_id == new_id
    assert replacement.replaces == signed.sheet_id
    assert replacement.session_id == later.session_id
    assert replacement.status is CareSheetStatus.DRAFT
    assert replacement.total == euros("30.98")
    assert signed.status is CareSheetStatus.SIGNED


def test_only_a_signed_sheet_can_be_cancelled() -> None:
    open_session = session()
    draft = draft_care_sheet(uuid4(), open_session, OPENED, [line()])
    with pytest.raises(CareSheetStateError, match="draft"):
        cancel_and_replace(draft, uuid4(), open_session, OPENED, [line()])
    signed = sign_care_sheet(draft, open_session, OPENED)
    cancelled, _ = cancel_and_replace(signed, uuid4(), open_session, OPENED, [line()])
    with pytest.raises(CareSheetStateError, match="cancelled"):
        cancel_and_replace(cancelled, uuid4(), open_session, OPENED, [line()])


def test_correction_needs_an_open_session_and_its_own_id() -> None:
    open_session = session()
    signed = sign_care_sheet(draft_care_sheet(uuid4(), open_session, OPENED, [line()]), open_session, OPENED)
    with pytest.raises(SessionExpiredError):
        cancel_and_replace(signed, uuid4(), open_session, EXPIRES, [line()])
    with pytest.raises(ValueError, match="own id"):
        cancel_and_replace(signed, signed.sheet_id, open_session, OPENED, [line()])


@given(
    st.lists(
        st.tuples(st.integers(min_value=1, max_value=10**9), st.integers(min_value=1, max_value=99)),
        max_size=20,
    )
)
def test_sheet_total_is_exact(priced: list[tuple[int, int]]) -> None:
    lines = [CareSheetLine("C", "x", TODAY, from_cents(cents), quantity) for cents, quantity in priced]
    sheet = draft_care_sheet(uuid4(), session(), OPENED, lines)
    assert to_cents(sheet.total) == sum(cents * quantity for cents, quantity in priced)
    assert isinstance(sheet.total, Decimal)
