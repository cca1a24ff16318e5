"""Plans that stay flat: every list query of billing-service (invoices by patient, practitioner,
month, status, open periods; care sheets by session and status; the monthly summary and export
reads of invoices and signed care-sheet lines), on 100 k invoices, care sheets and lines, plans no
sequential scan and filters no more than a page's worth of rows, as a custom plan and as the
generic plan a prepared statement switches to; and a month's page sorts at most a page per act
day, not the month."""

import hashlib
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest

from billing_service.domain import CareSheetStatus, InvoiceStatus
from billing_service.main import MIGRATIONS
from billing_service.store import InvoiceFilter, PageAfter, SqlBillingStore
from servicekit.testing import (
    StatementRecorder,
    explain_plans,
    plans_with_problems,
    seeded_database,
)

ROWS = 100_000
PRACTICE = "cabinet-big"
BIG = {"tele_expertise_invoices", "care_sheets", "care_sheet_lines", "apcv_sessions"}
START = "TIMESTAMPTZ '2023-01-01 08:00+00'"


def seed(rows: int) -> str:
    """`rows` invoices, sessions, care sheets and lines. Invoice i: 9 in 10 in the big practice, 5
    dentists, 20 k patients, acts spread over three years whatever their number (one every ~16
    minutes at 100 k; bench/query_plans.py seeds other sizes), decided a minute later; 1 in 20
    rejected. Sheet i, of session i, holds one line of the act's day; 1 in 50 draft, 1 in 50
    cancelled. Rejected invoices and draft sheets are picked by i / 10, so they are spread over every
    practice and dentist (i % 10 and i % 5 decide those) and the lists filtered on them have rows to
    find."""
    every = f"INTERVAL '{3 * 365 * 24 * 60 / rows:.4f} minutes'"
    return f"""
INSERT INTO tele_expertise_invoices (
    id, act_id, expertise_id, event_id, practice_id, practitioner_rpps, patient_key, role, act_code,
    performed_at, performed_on, status, amount_cents, payer, rejection_reason, created_at)
SELECT md5('invoice' || i)::uuid, md5('act' || i)::uuid, md5('expertise' || i)::uuid,
       md5('event' || i)::uuid,
       CASE WHEN i % 10 = 0 THEN 'cabinet-' || (i % 7) ELSE '{PRACTICE}' END,
       '1000000000' || (i % 5), 'pk_' || md5('patient' || (i % 20000)), 'requis', 'TE2',
       {START} + i * {every}, ({START} + i * {every})::date,
       CASE WHEN (i / 10) % 20 = 7 THEN 'rejected' ELSE 'billed' END,
       CASE WHEN (i / 10) % 20 = 7 THEN NULL ELSE 2000 END,
       CASE WHEN (i / 10) % 20 = 7 THEN NULL ELSE 'amo' END,
       CASE WHEN (i / 10) % 20 = 7 THEN 'cap_reached' END,
       {START} + i * {every} + INTERVAL '1 minute'
FROM generate_series(1, {rows}) AS i;

INSERT INTO apcv_sessions (session_id, practice_id, patient_key, practitioner_rpps, opened_at, expires_at)
SELECT md5('session' || i)::uuid, CASE WHEN i % 10 = 0 THEN 'cabinet-' || (i % 7) ELSE '{PRACTICE}' END,
       'pk_' || md5('patient' || (i % 20000)), '1000000000' || (i % 5),
       {START} + i * {every}, {START} + i * {every} + INTERVAL '30 minutes'
FROM generate_series(1, {rows}) AS i;

INSERT INTO care_sheets (id, practice_id, session_id, practitioner_rpps, patient_key, beneficiary, status,
                         total_cents, created_at, created_by_rpps)
SELECT md5('sheet' || i)::uuid, CASE WHEN i % 10 = 0 THEN 'cabinet-' || (i % 7) ELSE '{PRACTICE}' END,
       md5('session' || i)::uuid, '1000000000' || (i % 5), 'pk_' || md5('patient' || (i % 20000)), '{{}}',
       CASE WHEN (i / 10) % 50 = 7 THEN 'draft' WHEN i % 50 = 1 THEN 'cancelled' ELSE 'signed' END, 2300,
       {START} + i * {every} + INTERVAL '5 minutes', '1000000000' || (i % 5)
FROM generate_series(1, {rows}) AS i;

-- The lines trigger would copy the sheet's practice, dentist and status row by row: given here.
ALTER TABLE care_sheet_lines DISABLE TRIGGER USER;
INSERT INTO care_sheet_lines (care_sheet_id, position, act_code, label, performed_on, unit_cents, quantity,
                              amount_cents, tariff_source, practice_id, practitioner_rpps, sheet_status)
SELECT md5('sheet' || i)::uuid, 1, 'HBQK002', 'Radio', ({START} + i * {every})::date,
       2300, 1, 2300, 'CCAM', CASE WHEN i % 10 = 0 THEN 'cabinet-' || (i % 7) ELSE '{PRACTICE}' END,
       '1000000000' || (i % 5),
       CASE WHEN (i / 10) % 50 = 7 THEN 'draft' WHEN i % 50 = 1 THEN 'cancelled' ELSE 'signed' END
FROM generate_series(1, {rows}) AS i;
ALTER TABLE care_sheet_lines ENABLE TRIGGER USER;
"""


SEED = seed(ROWS)


def patient(i: int) -> str:
    return "pk_" + hashlib.md5(f"patient{i}".encode()).hexdigest()


def session_id(i: int) -> uuid.UUID:
    return uuid.UUID(hashlib.md5(f"session{i}".encode()).hexdigest())


@pytest.fixture(scope="module")
async def seeded() -> AsyncIterator[Any]:
    async with seeded_database("billing_plans", MIGRATIONS, SEED, BIG) as connection:
        yield connection


PAGE = 50
MONTH = (date(2024, 6, 1), date(2024, 6, 30))
AFTER = (datetime(2024, 1, 1, tzinfo=UTC), uuid.UUID(int=0))
DENTIST = "10000000003"


def invoice_lists() -> dict[str, tuple[InvoiceFilter, PageAfter | None]]:
    """The invoice list's filters, alone and combined, and the cursor of each case."""
    mid_month = (datetime(2024, 6, 15, tzinfo=UTC), uuid.UUID(int=0))
    return {
        "invoices": (InvoiceFilter(), None),
        "invoices after a cursor": (InvoiceFilter(), AFTER),
        "invoices ?patient=": (InvoiceFilter(patient_key=patient(4242)), None),
        "invoices ?patient= after a cursor": (InvoiceFilter(patient_key=patient(4242)), AFTER),
        "invoices ?practitioner=": (InvoiceFilter(practitioner_rpps=DENTIST), None),
        "invoices one month": (InvoiceFilter(start=MONTH[0], end=MONTH[1]), None),
        "invoices one month after a cursor": (InvoiceFilter(start=MONTH[0], end=MONTH[1]), mid_month),
        "invoices one month ?practitioner=": (
            InvoiceFilter(practitioner_rpps=DENTIST, start=MONTH[0], end=MONTH[1]),
            None,
        ),
        "invoices one month ?status=rejected": (
            InvoiceFilter(status=InvoiceStatus.REJECTED, start=MONTH[0], end=MONTH[1]),
            None,
        ),
        "invoices from a day on": (InvoiceFilter(start=MONTH[0]), None),
        "invoices up to a day": (InvoiceFilter(end=MONTH[1]), None),
        "invoices ?status=rejected": (InvoiceFilter(status=InvoiceStatus.REJECTED), None),
        "invoices ?patient= one month": (
            InvoiceFilter(patient_key=patient(4242), start=MONTH[0], end=MONTH[1]),
            None,
        ),
    }


def calls() -> dict[str, Callable[[SqlBillingStore], Awaitable[Any]]]:
    def invoices(
        where: InvoiceFilter, after: PageAfter | None
    ) -> Callable[[SqlBillingStore], Awaitable[Any]]:
        return lambda store: store.invoices(PRACTICE, where, after, PAGE)

    return {name: invoices(where, after) for name, (where, after) in invoice_lists().items()} | {
        "summary: billed invoices of a month": lambda store: store.billed_invoices(
            PRACTICE, None, MONTH[0], MONTH[1]
        ),
        "summary: billed invoices of a month, one dentist": lambda store: store.billed_invoices(
            PRACTICE, DENTIST, MONTH[0], MONTH[1]
        ),
        "summary: signed care-sheet lines of a month": lambda store: store.signed_care_lines(
            PRACTICE, None, MONTH[0], MONTH[1]
        ),
        "summary: signed care-sheet lines of a month, one dentist": lambda store: store.signed_care_lines(
            PRACTICE, DENTIST, MONTH[0], MONTH[1]
        ),
        "care sheets": lambda store: store.care_sheets(PRACTICE, None, None, None, PAGE),
        "care sheets ?session=": lambda store: store.care_sheets(PRACTICE, session_id(77), None, None, PAGE),
        "care sheets ?status=draft": lambda store: store.care_sheets(
            PRACTICE, None, CareSheetStatus.DRAFT, None, PAGE
        ),
    }


async def statements(
    which: dict[str, Callable[[SqlBillingStore], Awaitable[Any]]] | None = None,
) -> dict[str, Any]:
    recorder = StatementRecorder()
    store = SqlBillingStore(recorder)  # type: ignore[arg-type]
    found = {}
    for name, call in (calls() if which is None else which).items():
        await call(store)
        found[name] = recorder.last()
    return found


async def test_every_list_query_plans_flat(seeded: Any) -> None:
    found = await plans_with_problems(seeded, (await statements()), big_tables=BIG)
    assert not found, "\n".join(f"{name}: {problems}" for name, problems in found.items())


def rows_sorted_for_a_page(node: dict[str, Any]) -> int:
    """The most rows any `Sort` under a `Limit` of the plan sorted (ANALYZE counts): what one page cost."""
    most = 0
    for child in node.get("Plans", []):
        if node["Node Type"] == "Limit" and child["Node Type"] == "Sort":
            sorted_input = child["Plans"][0]
            most = max(most, int(sorted_input["Actual Rows"]) * int(sorted_input.get("Actual Loops", 1)))
        most = max(most, rows_sorted_for_a_page(child))
    return most


async def test_a_period_page_sorts_at_most_a_page_per_day(seeded: Any) -> None:
    """A month's page merges a page per act day at most, never the month's invoices (2.4 k here)."""
    month = {name: call for name, call in calls().items() if name.startswith("invoices one month")}
    bound = ((MONTH[1] - MONTH[0]).days + 1) * (PAGE + 1)
    costs = {}
    for name, statement in (await statements(month)).items():
        for mode, plan in (await explain_plans(seeded, statement)).items():
            costs[f"{name} [{mode}]"] = rows_sorted_for_a_page(plan[0]["Plan"])
    assert all(rows <= bound for rows in costs.values()), (bound, costs)
