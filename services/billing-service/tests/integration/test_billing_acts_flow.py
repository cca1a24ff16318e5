"""Tele-expertise billing on the real broker and database: exactly once, never past the cap (issue 7)."""

import asyncio
import dataclasses
import re
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from billing_service.domain import CapWindowMode
from billing_service.testing import Billing, headers, new_patient_key, new_rpps, practice, send_all
from billing_service.workflows import bill_act
from dentalink_contracts.events.billing import (
    BillingRejectionReason,
    TeleExpertiseBilled,
    TeleExpertiseBillingRejected,
)
from dentalink_contracts.events.telemed import ActCode, ActRecorded, ActRole, ReportReference
from dentalink_contracts.sealing import development_field_keys
from dentalink_contracts.values import Ins, InsOid, Profession, Role
from servicekit.db import Database
from servicekit.testing import EventProbe, eventually

pytestmark = pytest.mark.integration

KEYS = development_field_keys()
REPORT = ReportReference(title="Avis", content_type="text/plain", content="RAS", sha256="0" * 64)


def act(
    practice_id: str,
    rpps: str,
    patient_key: str,
    performed_at: datetime,
    code: ActCode = ActCode.TE2,
    act_id: uuid.UUID | None = None,
) -> ActRecorded:
    return ActRecorded(
        act_id=act_id or uuid.uuid4(),
        expertise_id=uuid.uuid4(),
        practice_id=practice_id,
        role=ActRole.REQUIS if code is ActCode.TE2 else ActRole.REQUERANT,
        practitioner_rpps=rpps,
        practitioner_profession=Profession.DENTIST,
        patient_ins=KEYS.seal(
            Ins(matricule="295109912611193", oid=InsOid.NIR_TEST), ActRecorded, "patient_ins"
        ),
        patient_key=patient_key,
        act_code=code,
        performed_at=performed_at,
        report=KEYS.seal(REPORT, ActRecorded, "report"),
    )


def in_2026(month: int, day: int = 10) -> datetime:
    return datetime(2026, month, day, 9, 30, tzinfo=UTC)


async def invoices(billing: Billing, practice_id: str, **params: str) -> list[dict[str, Any]]:
    response = await billing.http.get("/v1/invoices", params=params, headers=headers(practice_id))
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def test_five_acts_in_one_year_bill_four_and_reject_the_fifth_with_its_event(billing: Billing) -> None:
    cab, rpps, patient = practice(), new_rpps(), new_patient_key()
    acts = [act(cab, rpps, patient, in_2026(month)) for month in (1, 3, 5, 7, 9)]
    async with (
        EventProbe(TeleExpertiseBilled, lambda e: e.practice_id == cab) as billed,
        EventProbe(TeleExpertiseBillingRejected, lambda e: e.practice_id == cab) as rejected,
    ):
        for recorded in acts:  # one after the other, in date order
            await send_all([(recorded, patient, None)])
        await billed.wait_for(4)
        await rejected.wait_for(1)
        billed_events, rejected_events = await billed.settle(), list(rejected.seen)

    assert len(billed_events) == 4 and len(rejected_events) == 1
    assert {e.act_id for e in billed_events} == {a.act_id for a in acts[:4]}
    assert all(e.amount == 20 and str(e.model_dump(mode="json")["amount"]) == "20.00" for e in billed_events)
    assert {e.payer for e in billed_events} == {"amo"}
    (refusal,) = rejected_events
    assert refusal.act_id == acts[4].act_id
    assert refusal.reason is BillingRejectionReason.YEARLY_CAP_REACHED
    assert patient not in refusal.detail and rpps not in refusal.detail

    listed = await invoices(billing, cab)
    assert sorted(i["status"] for i in listed) == ["billed"] * 4 + ["rejected"]
    assert sorted(i["cap_slot"] for i in listed if i["status"] == "billed") == [1, 2, 3, 4]
    assert [i["amount"] for i in listed if i["status"] == "rejected"] == [None]


async def test_the_first_act_of_the_next_year_is_billed_again(billing: Billing) -> None:
    cab, rpps, patient = practice(), new_rpps(), new_patient_key()
    # 23:30 UTC on 31 December 2026 is already 2027 in Paris: it opens a new calendar-year window.
    dates = [in_2026(month) for month in (2, 4, 6, 8)] + [datetime(2026, 12, 31, 23, 30, tzinfo=UTC)]
    async with EventProbe(TeleExpertiseBilled, lambda e: e.practice_id == cab) as billed:
        await send_all([(act(cab, rpps, patient, day), patient, None) for day in dates])
        assert len(await billed.wait_for(5)) == 5
    listed = await invoices(billing, cab, status="billed", **{"from": "2027-01-01"})
    assert [(i["performed_on"], i["cap_slot"]) for i in listed] == [("2027-01-01", 1)]


async def test_an_ehpad_nurse_requerant_is_not_billed_but_the_dentist_requis_is(billing: Billing) -> None:
    cab, nurse, dentist, patient = practice(), new_rpps(), new_rpps(), new_patient_key()
    request = act(cab, nurse, patient, in_2026(4), code=ActCode.RQD)
    request = request.model_copy(update={"practitioner_profession": Profession.NURSE})
    answer = act(cab, dentist, patient, in_2026(4)).model_copy(
        update={"practitioner_profession": Profession.DENTIST, "expertise_id": request.expertise_id}
    )
    async with (
        EventProbe(TeleExpertiseBilled, lambda e: e.practice_id == cab) as billed,
        EventProbe(TeleExpertiseBillingRejected, lambda e: e.practice_id == cab) as rejected,
    ):
        await send_all([(request, patient, None), (answer, patient, None)])
        (refusal,) = await rejected.wait_for(1)
        (line,) = await billed.wait_for(1)
    assert (refusal.act_id, refusal.reason) == (
        request.act_id,
        BillingRejectionReason.PRACTITIONER_NOT_DENTIST,
    )
    assert (line.act_id, line.act_code, str(line.amount)) == (answer.act_id, ActCode.TE2, "20.00")


async def test_a_duplicated_act_recorded_bills_once(billing: Billing) -> None:
    cab, rpps, patient = practice(), new_rpps(), new_patient_key()
    recorded = act(cab, rpps, patient, in_2026(4), code=ActCode.RQD)
    event_id = uuid.uuid4()
    async with EventProbe(TeleExpertiseBilled, lambda e: e.practice_id == cab) as billed:
        # The same event delivered twice, then the same act re-emitted under a new event id.
        await send_all([(recorded, patient, event_id), (recorded, patient, event_id)])
        await send_all([(recorded, patient, None)])
        await billed.wait_for(1)
        assert len(await billed.settle()) == 1
    (line,) = await invoices(billing, cab)
    assert (line["act_code"], line["amount"], line["role"]) == ("RQD", "10.00", "requerant")


async def test_twenty_acts_sent_at_once_for_the_same_pair_bill_exactly_four(billing: Billing) -> None:
    cab, rpps, patient = practice(), new_rpps(), new_patient_key()
    burst = [act(cab, rpps, patient, in_2026(6) + timedelta(minutes=n)) for n in range(20)]
    async with (
        EventProbe(TeleExpertiseBilled, lambda e: e.practice_id == cab) as billed,
        EventProbe(TeleExpertiseBillingRejected, lambda e: e.practice_id == cab) as rejected,
    ):
        await send_all([(recorded, patient, None) for recorded in burst])
        await rejected.wait_for(16)
        await billed.wait_for(4)
        assert len(await billed.settle()) == 4
        assert len(rejected.seen) == 16
    assert len(await invoices(billing, cab, status="billed")) == 4


@pytest.mark.parametrize("mode", list(CapWindowMode))
async def test_twenty_concurrent_decisions_for_the_same_pair_store_exactly_four(
    billing: Billing, mode: CapWindowMode
) -> None:
    """Straight at the workflow: 20 transactions racing on one cap counter, and 20 more re-deciding them."""
    cab, rpps, patient = practice(), new_rpps(), new_patient_key()
    acts = [act(cab, rpps, patient, in_2026(9) + timedelta(minutes=n)) for n in range(20)]
    database = Database(billing.url, pool_size=20)
    context = dataclasses.replace(billing.context_over(database), cap_window_mode=mode)

    async def decide(recorded: ActRecorded) -> bool:
        async with context.units_of_work() as uow:
            return (await bill_act(uow, context, recorded, uuid.uuid4())).decided_now

    try:
        made = await asyncio.gather(*(decide(recorded) for recorded in acts + acts))
    finally:
        await database.close()
    assert sum(made) == 20  # the twin of each act found its decision
    listed = await invoices(billing, cab, limit="100")
    assert len(listed) == 20
    billed_slots = sorted(i["cap_slot"] or 0 for i in listed if i["status"] == "billed")
    assert billed_slots == ([1, 2, 3, 4] if mode is CapWindowMode.CALENDAR_YEAR else [0, 0, 0, 0])


async def test_an_act_whose_code_contradicts_its_role_is_dead_lettered_not_billed(billing: Billing) -> None:
    cab, rpps, patient = practice(), new_rpps(), new_patient_key()
    wrong = act(cab, rpps, patient, in_2026(5)).model_copy(update={"act_code": ActCode.RQD})
    (event_id,) = await send_all([(wrong, patient, None)])
    database = Database(billing.url)

    async def dead_lettered() -> None:
        async with database.transaction() as session:
            outcome = await session.scalar(
                text("SELECT outcome FROM inbox_messages WHERE event_id = :id"), {"id": event_id}
            )
        assert outcome == "dead_lettered"

    try:
        await eventually(dead_lettered)
    finally:
        await database.close()
    assert await invoices(billing, cab) == []


async def test_the_database_refuses_a_fifth_slot_and_a_second_decision_on_an_act(billing: Billing) -> None:
    cab, rpps, patient = practice(), new_rpps(), new_patient_key()
    async with EventProbe(TeleExpertiseBilled, lambda e: e.practice_id == cab) as billed:
        await send_all([(act(cab, rpps, patient, in_2026(2, n)), patient, None) for n in range(1, 5)])
        await billed.wait_for(4)
    database = Database(billing.url)
    copy_row = (
        "INSERT INTO tele_expertise_invoices SELECT gen_random_uuid(), {act}, expertise_id, event_id,"
        " practice_id, practitioner_rpps, patient_key, role, act_code, performed_at, performed_on, status,"
        " amount_cents, payer, tariff_source, rejection_reason, rejection_detail, cap_window_key, {slot},"
        " created_at FROM tele_expertise_invoices WHERE practice_id = :cab AND cap_slot = 1"
    )
    try:
        for act_expr, slot in (("gen_random_uuid()", "5"), ("gen_random_uuid()", "2"), ("act_id", "NULL")):
            with pytest.raises(IntegrityError):
                async with database.transaction() as session:
                    await session.execute(text(copy_row.format(act=act_expr, slot=slot)), {"cab": cab})
    finally:
        await database.close()


async def test_invoices_filter_paginate_and_stay_in_the_practice(billing: Billing) -> None:
    cab, other_cab = practice(), practice()
    dentist_a, dentist_b, patient_1, patient_2 = new_rpps(), new_rpps(), new_patient_key(), new_patient_key()
    acts = [
        act(cab, dentist_a, patient_1, in_2026(3, 2)),
        act(cab, dentist_a, patient_2, in_2026(3, 5), code=ActCode.RQD),
        act(cab, dentist_b, patient_1, in_2026(3, 9)),
        act(cab, dentist_a, patient_1, in_2026(4, 1), code=ActCode.RQD),
    ]
    async with EventProbe(TeleExpertiseBilled, lambda e: e.practice_id == cab) as billed:
        await send_all([(recorded, recorded.patient_key, None) for recorded in acts])
        await billed.wait_for(4)

    assert len(await invoices(billing, cab, practitioner=dentist_a)) == 3
    assert len(await invoices(billing, cab, patient=patient_1)) == 3
    assert len(await invoices(billing, cab, **{"from": "2026-03-03", "to": "2026-03-31"})) == 2
    assert await invoices(billing, cab, status="rejected") == []

    first = await billing.http.get("/v1/invoices", params={"limit": 3}, headers=headers(cab))
    second = await billing.http.get(
        "/v1/invoices", params={"limit": 3, "cursor": first.json()["next_cursor"]}, headers=headers(cab)
    )
    assert second.json()["next_cursor"] is None
    ids = [i["id"] for i in first.json()["items"] + second.json()["items"]]
    assert len(ids) == len(set(ids)) == 4

    one = await billing.http.get(f"/v1/invoices/{ids[0]}", headers=headers(cab))
    assert one.status_code == 200 and one.json()["practice_id"] == cab
    foreign = await billing.http.get(f"/v1/invoices/{ids[0]}", headers=headers(other_cab))
    assert foreign.status_code == 404
    assert foreign.json()["type"] == "https://dentalink.fr/problems/invoice-not-found"
    assert await invoices(billing, other_cab) == []

    bad = await billing.http.get(
        "/v1/invoices", params={"from": "2026-05-01", "to": "2026-04-01"}, headers=headers(cab)
    )
    assert bad.status_code == 400 and bad.json()["type"].endswith("/invalid-period")


async def test_monthly_summary_and_csv_export(billing: Billing) -> None:
    cab, dentist, other = practice(), new_rpps(), new_rpps()
    acts = [
        act(cab, dentist, new_patient_key(), in_2026(10, 1), code=ActCode.RQD),
        act(cab, dentist, new_patient_key(), in_2026(10, 2), code=ActCode.RQD),
        act(cab, dentist, new_patient_key(), in_2026(10, 3)),
        act(cab, other, new_patient_key(), in_2026(10, 4)),
        act(cab, dentist, new_patient_key(), in_2026(11, 1)),
    ]
    async with EventProbe(TeleExpertiseBilled, lambda e: e.practice_id == cab) as billed:
        await send_all([(recorded, recorded.patient_key, None) for recorded in acts])
        await billed.wait_for(5)

    response = await billing.http.get(
        "/v1/billing-summaries", params={"practitioner": dentist, "month": "2026-10"}, headers=headers(cab)
    )
    assert response.status_code == 200
    assert response.json() == {
        "month": "2026-10",
        "practitioner_rpps": dentist,
        "lines": [
            {"act_code": "RQD", "kind": "tele_expertise", "count": 2, "total": "20.00"},
            {"act_code": "TE2", "kind": "tele_expertise", "count": 1, "total": "20.00"},
        ],
        "count": 3,
        "total": "40.00",
    }
    whole = await billing.http.get("/v1/billing-summaries", params={"month": "2026-10"}, headers=headers(cab))
    assert (whole.json()["count"], whole.json()["total"]) == (4, "60.00")
    for month in ("2026-13", "0000-01", "9999-12"):  # year 0 and 9999 overflowed date() into a 500
        bad = await billing.http.get("/v1/billing-summaries", params={"month": month}, headers=headers(cab))
        assert (bad.status_code, bad.json()["type"]) == (400, "https://dentalink.fr/problems/invalid-month")

    export = await billing.http.get(
        "/v1/invoices/export.csv", params={"from": "2026-10-01", "to": "2026-10-31"}, headers=headers(cab)
    )
    assert export.status_code == 200
    assert export.headers["content-type"].startswith("text/csv")
    rows = [line.split(";") for line in export.text.split("\r\n") if line]
    assert rows[0] == [
        "performed_on",
        "kind",
        "document_id",
        "practitioner_rpps",
        "act_code",
        "quantity",
        "amount_eur",
        "payer",
    ]
    assert [(r[0], r[4], r[6]) for r in rows[1:]] == [
        ("2026-10-01", "RQD", "10.00"),
        ("2026-10-02", "RQD", "10.00"),
        ("2026-10-03", "TE2", "20.00"),
        ("2026-10-04", "TE2", "20.00"),
    ]
    assert all(act.patient_key not in export.text for act in acts)


async def billed_euros(billing: Billing, code: str) -> float:
    metrics = (await billing.http.get("/metrics")).text
    found = re.search(
        rf'^dentalink_billing_billed_euros_total{{act_code="{code}"[^}}]*}} (\S+)$', metrics, re.M
    )
    return float(found[1]) if found else 0.0


async def test_billed_euros_are_counted_once_without_personal_labels(billing: Billing) -> None:
    cab, rpps, patient = practice(), new_rpps(), new_patient_key()
    before = await billed_euros(billing, "RQD")
    recorded = act(cab, rpps, patient, in_2026(12), code=ActCode.RQD)
    async with EventProbe(TeleExpertiseBilled, lambda e: e.practice_id == cab) as billed:
        await send_all([(recorded, patient, None), (recorded, patient, None)])
        await billed.wait_for(1)

    async def counted() -> None:
        assert await billed_euros(billing, "RQD") == before + 10.0

    await eventually(counted)
    metrics = (await billing.http.get("/metrics")).text
    assert rpps not in metrics and patient not in metrics and cab not in metrics


async def test_roles_outside_billing_cannot_read_invoices(billing: Billing) -> None:

    response = await billing.http.get(
        "/v1/invoices", headers=headers(practice(), role=Role.EHPAD_PROFESSIONAL)
    )
    assert response.status_code == 403


# base64 of ["2025-01-01T00:00:00+00:00","x"]: a well-formed cursor whose id is not a UUID.
TAMPERED_CURSOR = "WyIyMDI1LTAxLTAxVDAwOjAwOjAwKzAwOjAwIiwieCJd"


@pytest.mark.parametrize("path", ["/v1/invoices", "/v1/care-sheets"])
async def test_a_tampered_cursor_is_a_400_problem(billing: Billing, path: str) -> None:
    response = await billing.http.get(path, params={"cursor": TAMPERED_CURSOR}, headers=headers(practice()))
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "https://dentalink.fr/problems/invalid-cursor"
