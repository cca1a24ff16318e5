"""Care sheets (FSE) only inside an open apCV session, projected from vitale's events (issue 7)."""

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import asyncpg
import httpx
import pytest

from billing_service.testing import Billing, headers, new_patient_key, practice, send_all
from dentalink_contracts.events.vitale import (
    ApcvBeneficiary,
    ApcvSessionClosed,
    ApcvSessionOpened,
    SessionCloseReason,
)
from dentalink_contracts.sealing import development_field_keys
from dentalink_contracts.values import Role
from servicekit.testing import database_connection, eventually

pytestmark = pytest.mark.integration

DENTIST = "10001234567"
KEYS = development_field_keys()
BENEFICIARY = ApcvBeneficiary(
    nir="295109912611193",
    birth_name="D'ARTAGNAN DE L'HERAULT",
    first_names="MARIE ANNE",
    birth_date=date(1951, 10, 1),
    quality="assure",
    insurer="01751000",
)


def opened(
    cab: str, patient: str, *, opened_at: datetime | None = None, minutes: int = 30
) -> ApcvSessionOpened:
    start = opened_at or datetime.now(UTC) - timedelta(minutes=1)
    return ApcvSessionOpened(
        session_id=uuid.uuid4(),
        practice_id=cab,
        practitioner_rpps=DENTIST,
        patient_key=patient,
        beneficiary=KEYS.seal(BENEFICIARY, ApcvSessionOpened, "beneficiary"),
        opened_at=start,
        expires_at=start + timedelta(minutes=minutes),
    )


def closed(session: ApcvSessionOpened, at: datetime | None = None) -> ApcvSessionClosed:
    return ApcvSessionClosed(
        session_id=session.session_id,
        practice_id=session.practice_id,
        patient_key=session.patient_key,
        reason=SessionCloseReason.CLOSED,
        closed_at=at or datetime.now(UTC),
    )


async def projected(billing: Billing, session: ApcvSessionOpened, status: str) -> None:
    """Wait until billing's projection of the session says `status`."""

    async def check() -> None:
        response = await billing.http.get(
            f"/v1/care-sheet-sessions/{session.session_id}", headers=headers(session.practice_id)
        )
        assert response.status_code == 200 and response.json()["status"] == status, response.text

    await eventually(check)


async def open_session(billing: Billing, cab: str | None = None, **kwargs: Any) -> ApcvSessionOpened:
    cab = cab or practice()
    session = opened(cab, new_patient_key(), **kwargs)
    await send_all([(session, session.patient_key, None)])
    await projected(billing, session, "open")
    return session


def sheet_request(session: ApcvSessionOpened, *lines: dict[str, Any]) -> dict[str, Any]:
    return {"session_id": str(session.session_id), "lines": list(lines) or [{"act_code": "C"}]}


async def create_sheet(
    billing: Billing, session: ApcvSessionOpened, practice_id: str | None = None
) -> httpx.Response:
    return await billing.http.post(
        "/v1/care-sheets", json=sheet_request(session), headers=headers(practice_id or session.practice_id)
    )


def paris_today() -> date:
    return datetime.now(ZoneInfo("Europe/Paris")).date()


async def test_a_care_sheet_inside_the_window_is_made_signed_then_immutable(billing: Billing) -> None:
    session = await open_session(billing)
    cab = session.practice_id
    created = await billing.http.post(
        "/v1/care-sheets",
        json=sheet_request(session, {"act_code": "C"}, {"act_code": "HBQK389", "quantity": 2}),
        headers=headers(cab, role=Role.DENTAL_ASSISTANT, rpps="10009999999"),
    )
    assert created.status_code == 201, created.text
    sheet = created.json()
    assert sheet["status"] == "draft"
    assert [(line["act_code"], line["amount"]) for line in sheet["lines"]] == [
        ("C", "23.00"),
        ("HBQK389", "15.96"),
    ]
    assert sheet["total"] == "38.96"
    assert sheet["beneficiary"]["birth_name"] == "D'ARTAGNAN DE L'HERAULT"
    assert (sheet["practitioner_rpps"], sheet["created_by_rpps"]) == (DENTIST, "10009999999")

    added = await billing.http.post(
        f"/v1/care-sheets/{sheet['id']}/lines", json={"act_code": "HBJD001"}, headers=headers(cab)
    )
    assert added.status_code == 200 and added.json()["total"] == "67.88"

    assistant_signs = await billing.http.post(
        f"/v1/care-sheets/{sheet['id']}/sign", headers=headers(cab, role=Role.DENTAL_ASSISTANT)
    )
    assert assistant_signs.status_code == 403
    another_dentist = await billing.http.post(
        f"/v1/care-sheets/{sheet['id']}/sign", headers=headers(cab, rpps="10007777777")
    )
    assert another_dentist.json()["type"].endswith("/not-session-practitioner")

    signed = await billing.http.post(f"/v1/care-sheets/{sheet['id']}/sign", headers=headers(cab))
    assert signed.status_code == 200 and signed.json()["status"] == "signed"
    assert signed.json()["signed_by_rpps"] == DENTIST

    again = await billing.http.post(
        f"/v1/care-sheets/{sheet['id']}/lines", json={"act_code": "C"}, headers=headers(cab)
    )
    assert again.status_code == 409 and again.json()["type"].endswith("/care-sheet-not-editable")
    resigned = await billing.http.post(f"/v1/care-sheets/{sheet['id']}/sign", headers=headers(cab))
    assert resigned.status_code == 409

    month = paris_today().strftime("%Y-%m")
    summary = await billing.http.get("/v1/billing-summaries", params={"month": month}, headers=headers(cab))
    assert summary.json()["count"] == 4 and summary.json()["total"] == "67.88"


async def test_a_correction_cancels_the_signed_sheet_and_replaces_it(billing: Billing) -> None:
    session = await open_session(billing)
    cab = session.practice_id
    first = (
        await billing.http.post("/v1/care-sheets", json=sheet_request(session), headers=headers(cab))
    ).json()
    draft_replacement = await billing.http.post(
        f"/v1/care-sheets/{first['id']}/replacement", json=sheet_request(session), headers=headers(cab)
    )
    assert draft_replacement.status_code == 409
    assert draft_replacement.json()["type"].endswith("/care-sheet-not-signed")
    await billing.http.post(f"/v1/care-sheets/{first['id']}/sign", headers=headers(cab))

    replacement = await billing.http.post(
        f"/v1/care-sheets/{first['id']}/replacement",
        json=sheet_request(session, {"act_code": "HBJD001"}),
        headers=headers(cab),
    )
    assert replacement.status_code == 201, replacement.text
    new = replacement.json()
    assert (new["status"], new["replaces"], new["total"]) == ("draft", first["id"], "28.92")
    old = (await billing.http.get(f"/v1/care-sheets/{first['id']}", headers=headers(cab))).json()
    assert (old["status"], old["replaced_by"], old["total"]) == ("cancelled", new["id"], "23.00")
    twice = await billing.http.post(
        f"/v1/care-sheets/{first['id']}/replacement", json=sheet_request(session), headers=headers(cab)
    )
    assert twice.status_code == 409

    listed = await billing.http.get(
        "/v1/care-sheets", params={"session_id": str(session.session_id)}, headers=headers(cab)
    )
    assert [s["status"] for s in listed.json()["items"]] == ["cancelled", "draft"]

    # The summary reads the lines' copy of their sheet's status: it follows the sheet.
    async def summary() -> tuple[int, str]:
        month = {"month": paris_today().strftime("%Y-%m")}
        body = (await billing.http.get("/v1/billing-summaries", params=month, headers=headers(cab))).json()
        return body["count"], body["total"]

    assert await summary() == (0, "0.00")
    await billing.http.post(f"/v1/care-sheets/{new['id']}/sign", headers=headers(cab))
    assert await summary() == (1, "28.92")


async def test_a_signed_line_keeps_its_content_and_its_copy_of_the_sheet(billing: Billing) -> None:
    """Under the API: the database refuses to change a signed sheet's line, and a line's copies of
    its sheet's practice, dentist and status are the sheet's whatever a write says."""
    session = await open_session(billing)
    cab = session.practice_id
    sheet = (
        await billing.http.post("/v1/care-sheets", json=sheet_request(session), headers=headers(cab))
    ).json()
    await billing.http.post(f"/v1/care-sheets/{sheet['id']}/sign", headers=headers(cab))
    async with database_connection(billing.url) as connection:
        with pytest.raises(asyncpg.IntegrityConstraintViolationError, match="non-draft"):
            await connection.execute(
                "UPDATE care_sheet_lines SET quantity = 2 WHERE care_sheet_id = $1", uuid.UUID(sheet["id"])
            )
        await connection.execute(
            "UPDATE care_sheet_lines SET sheet_status = 'draft', practice_id = 'cab-other' "
            "WHERE care_sheet_id = $1",
            uuid.UUID(sheet["id"]),
        )
        copies = await connection.fetchrow(
            "SELECT practice_id, practitioner_rpps, sheet_status FROM care_sheet_lines"
            " WHERE care_sheet_id = $1",
            uuid.UUID(sheet["id"]),
        )
    assert tuple(copies) == (cab, DENTIST, "signed")


async def test_a_care_sheet_after_the_session_closed_is_refused(billing: Billing) -> None:
    session = await open_session(billing)
    await send_all([(closed(session), session.patient_key, None)])
    await projected(billing, session, "closed")
    response = await create_sheet(billing, session)
    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "https://dentalink.fr/problems/apcv-session-closed"
    assert BENEFICIARY.nir not in response.text


async def test_a_closure_learnt_before_the_opening_still_closes_the_session(billing: Billing) -> None:
    session = opened(practice(), new_patient_key())
    await send_all([(closed(session), session.patient_key, None)])
    await send_all([(session, session.patient_key, None)])
    await projected(billing, session, "closed")
    response = await create_sheet(billing, session)
    assert response.status_code == 409


async def test_a_care_sheet_after_the_thirty_minutes_is_gone(billing: Billing) -> None:
    long_ago = datetime.now(UTC) - timedelta(minutes=45)
    session = opened(practice(), new_patient_key(), opened_at=long_ago)
    await send_all([(session, session.patient_key, None)])
    await projected(billing, session, "expired")
    response = await create_sheet(billing, session)
    assert response.status_code == 410
    assert response.json()["type"].endswith("/apcv-session-expired")


async def test_a_draft_cannot_be_signed_once_the_session_expired(billing: Billing) -> None:
    session = await open_session(billing)
    cab = session.practice_id
    draft = (
        await billing.http.post("/v1/care-sheets", json=sheet_request(session), headers=headers(cab))
    ).json()
    billing.clock.offset = timedelta(minutes=30)
    try:
        late = await billing.http.post(f"/v1/care-sheets/{draft['id']}/sign", headers=headers(cab))
    finally:
        billing.clock.offset = timedelta()
    assert late.status_code == 410
    assert (await billing.http.get(f"/v1/care-sheets/{draft['id']}", headers=headers(cab))).json()[
        "status"
    ] == "draft"


async def test_unknown_sessions_other_practices_and_unknown_acts(billing: Billing) -> None:
    session = await open_session(billing)
    cab = session.practice_id
    unknown = {"session_id": str(uuid.uuid4()), "lines": [{"act_code": "C"}]}
    response = await billing.http.post("/v1/care-sheets", json=unknown, headers=headers(cab))
    assert response.status_code == 404 and response.json()["type"].endswith("/apcv-session-not-found")
    foreign = await billing.http.post(
        "/v1/care-sheets", json=sheet_request(session), headers=headers(practice())
    )
    assert foreign.status_code == 404

    bad_lines = await billing.http.post(
        "/v1/care-sheets",
        json=sheet_request(session, {"act_code": "C"}, {"act_code": "XYZ123"}),
        headers=headers(cab),
    )
    assert bad_lines.status_code == 422
    assert [e["field"] for e in bad_lines.json()["errors"]] == ["lines.1.act_code"]
    tomorrow = (paris_today() + timedelta(days=2)).isoformat()
    future = await billing.http.post(
        "/v1/care-sheets",
        json=sheet_request(session, {"act_code": "C", "performed_on": tomorrow}),
        headers=headers(cab),
    )
    assert future.status_code == 422 and future.json()["type"].endswith("/act-date-in-future")

    sheet = (
        await billing.http.post("/v1/care-sheets", json=sheet_request(session), headers=headers(cab))
    ).json()
    other = await billing.http.get(f"/v1/care-sheets/{sheet['id']}", headers=headers(practice()))
    assert other.status_code == 404 and other.json()["type"].endswith("/care-sheet-not-found")


async def test_the_care_act_catalogue_is_listed_with_its_prices(billing: Billing) -> None:
    response = await billing.http.get(
        "/v1/care-acts", params={"on": "2026-03-03"}, headers=headers(practice())
    )
    assert response.status_code == 200
    assert {a["act_code"]: a["amount"] for a in response.json()} == {
        "C": "23.00",
        "HBJD001": "28.92",
        "HBQK389": "7.98",
    }
