"""The sandbox reset of one practice deletes its care sheets (signed ones included), its invoices
and its projection of apCV sessions, and nothing of another practice; only its admin may ask."""

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from billing_service.testing import Billing, headers, new_patient_key, new_rpps, practice, send_all
from dentalink_contracts.events.telemed import ActCode, ActRecorded, ActRole, ReportReference
from dentalink_contracts.events.vitale import ApcvBeneficiary, ApcvSessionOpened
from dentalink_contracts.sealing import development_field_keys
from dentalink_contracts.values import Ins, InsOid, Profession, Role
from servicekit.sandbox_reset import reset_path
from servicekit.testing import assert_problem, eventually

pytestmark = pytest.mark.integration

DENTIST = "10001234567"
KEYS = development_field_keys()
BENEFICIARY = ApcvBeneficiary(
    nir="295109912611193",
    birth_name="MARTIN",
    first_names="LEA",
    birth_date=date(1951, 10, 1),
    quality="assure",
    insurer="01751000",
)
REPORT = ReportReference(title="Avis", content_type="text/plain", content="RAS", sha256="0" * 64)


def session_of(cab: str) -> ApcvSessionOpened:
    start = datetime.now(UTC) - timedelta(minutes=1)
    return ApcvSessionOpened(
        session_id=uuid.uuid4(),
        practice_id=cab,
        practitioner_rpps=DENTIST,
        patient_key=new_patient_key(),
        beneficiary=KEYS.seal(BENEFICIARY, ApcvSessionOpened, "beneficiary"),
        opened_at=start,
        expires_at=start + timedelta(minutes=30),
    )


def act_of(cab: str) -> ActRecorded:
    return ActRecorded(
        act_id=uuid.uuid4(),
        expertise_id=uuid.uuid4(),
        practice_id=cab,
        role=ActRole.REQUIS,
        practitioner_rpps=new_rpps(),
        practitioner_profession=Profession.DENTIST,
        patient_ins=KEYS.seal(
            Ins(matricule="295109912611193", oid=InsOid.NIR_TEST), ActRecorded, "patient_ins"
        ),
        patient_key=new_patient_key(),
        act_code=ActCode.TE2,
        performed_at=datetime.now(UTC) - timedelta(hours=1),
        report=KEYS.seal(REPORT, ActRecorded, "report"),
    )


async def signed_sheet_and_invoice(billing: Billing, cab: str) -> str:
    """A signed care sheet in an apCV session, and a billed act: the practice's billing."""
    session, billed = session_of(cab), act_of(cab)
    await send_all([(session, session.patient_key, None), (billed, billed.patient_key, None)])

    async def projected() -> None:
        seen = await billing.http.get(f"/v1/care-sheet-sessions/{session.session_id}", headers=headers(cab))
        assert seen.status_code == 200, seen.text
        listed = await billing.http.get("/v1/invoices", headers=headers(cab))
        assert len(listed.json()["items"]) == 1, listed.text

    await eventually(projected)
    body = {"session_id": str(session.session_id), "lines": [{"act_code": "C"}]}
    created = await billing.http.post("/v1/care-sheets", json=body, headers=headers(cab))
    assert created.status_code == 201, created.text
    sheet = str(created.json()["id"])
    signed = await billing.http.post(f"/v1/care-sheets/{sheet}/sign", headers=headers(cab))
    assert signed.status_code == 200, signed.text
    return sheet


async def test_reset_deletes_the_practice_billing_only(billing: Billing) -> None:
    reset, kept = practice(), practice()
    gone = await signed_sheet_and_invoice(billing, reset)
    stays = await signed_sheet_and_invoice(billing, kept)

    response = await billing.http.post(reset_path(reset), headers=headers(reset, role=Role.PRACTICE_ADMIN))

    assert response.status_code == 200, response.text
    assert response.json()["deleted"] == {
        "care_sheet_lines": 1,
        "care_sheets": 1,
        "tele_expertise_invoices": 1,
        "apcv_sessions": 1,
    }
    assert (await billing.http.get(f"/v1/care-sheets/{gone}", headers=headers(reset))).status_code == 404
    assert (await billing.http.get("/v1/invoices", headers=headers(reset))).json()["items"] == []
    kept_sheet = await billing.http.get(f"/v1/care-sheets/{stays}", headers=headers(kept))
    assert kept_sheet.json()["status"] == "signed" and len(kept_sheet.json()["lines"]) == 1
    assert len((await billing.http.get("/v1/invoices", headers=headers(kept))).json()["items"]) == 1
    # The signed sheets left are still immutable: the trigger is back on.
    line = await billing.http.post(
        f"/v1/care-sheets/{stays}/lines", json={"act_code": "C"}, headers=headers(kept)
    )
    assert line.status_code == 409, line.text


async def test_only_the_practice_admin_resets_the_practice(billing: Billing) -> None:
    cab = practice()
    for caller_headers in (headers(practice(), role=Role.PRACTICE_ADMIN), headers(cab)):
        assert_problem(await billing.http.post(reset_path(cab), headers=caller_headers), 403)
