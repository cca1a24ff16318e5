"""Tele-expertise reports from ActRecorded: filed once per expertise, unless the patient refused."""

import uuid
from typing import Any

import pytest

from dentalink_contracts.events import ActRole
from dmp_service.testing import Harness, new_matricule, new_rpps
from servicekit.testing import eventually

pytestmark = pytest.mark.integration


async def reports_of(dmp: Harness, ins: str, practice: str) -> list[dict[str, Any]]:
    headers = dmp.headers(practice=practice, rpps=new_rpps())
    answer = await dmp.http.get(
        f"/v1/patients/{ins}/documents", headers=headers, params={"source": "tele_expertise"}
    )
    assert answer.status_code == 200
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


async def test_act_recorded_delivered_twice_files_one_document(dmp: Harness, practice: str) -> None:
    ins, requis, expertise = new_matricule(), new_rpps(), uuid.uuid4()
    await dmp.qualify(ins, practice=practice)

    event_id = await dmp.act_recorded(ins, practice=practice, requis=requis, expertise_id=expertise)
    await dmp.act_recorded(ins, practice=practice, requis=requis, expertise_id=expertise, event_id=event_id)
    # Re-emitted under a new event id, and the requérant's act carrying the same report.
    await dmp.act_recorded(ins, practice=practice, requis=requis, expertise_id=expertise)
    await dmp.act_recorded(
        ins, practice=practice, requis=new_rpps(), expertise_id=expertise, role=ActRole.REQUERANT
    )
    # A later expertise of the same patient is a report of its own: the marker that all were handled.
    await dmp.act_recorded(ins, practice=practice, requis=requis, expertise_id=uuid.uuid4())

    async def two_reports() -> None:
        assert len(await reports_of(dmp, ins, practice)) == 2

    await eventually(two_reports, timeout=20)
    received = await dmp.rows(
        "SELECT count(*) FROM tele_expertise_reports WHERE expertise_id = :e", e=expertise
    )
    assert received[0][0] == 1
    reports = await reports_of(dmp, ins, practice)
    # The requis's report, authored by the requis; the requérant's act filed nothing.
    assert {report["current"]["author_rpps"] for report in reports} == {requis}
    rows = await dmp.rows(
        "SELECT outcome, document_id FROM tele_expertise_reports WHERE expertise_id = :e", e=expertise
    )
    assert [row[0] for row in rows] == ["filed"]
    report = next(report for report in reports if report["id"] == str(rows[0][1]))
    headers = dmp.headers(practice=practice, rpps=requis)
    content = await dmp.http.get(f"/v1/patients/{ins}/documents/{report['id']}/content", headers=headers)
    assert content.text.startswith("Compte rendu : lésion bénigne")
    log = (await dmp.http.get(f"/v1/patients/{ins}/access-log", headers=headers)).json()["items"]
    filings = [e for e in log if e["operation"] == "file_tele_expertise_report"]
    assert {(e["channel"], e["actor_rpps"], e["outcome"]) for e in filings} == {("event", requis, "allowed")}


async def test_a_refused_requis_gets_nothing_filed_and_the_denial_is_logged(
    dmp: Harness, practice: str
) -> None:
    ins, requis, expertise = new_matricule(), new_rpps(), uuid.uuid4()
    other = dmp.headers(practice=practice, rpps=new_rpps())
    await dmp.qualify(ins, practice=practice)
    refusal = await dmp.http.post(
        f"/v1/patients/{ins}/access-refusals", headers=other, json={"rpps": requis, "on_behalf_of": "patient"}
    )
    assert refusal.status_code == 201

    await dmp.act_recorded(ins, practice=practice, requis=requis, expertise_id=expertise)

    async def refused() -> None:
        rows = await dmp.rows(
            "SELECT outcome FROM tele_expertise_reports WHERE expertise_id = :e", e=expertise
        )
        assert [row[0] for row in rows] == ["refused"]

    await eventually(refused, timeout=20)
    assert await reports_of(dmp, ins, practice) == []
    log = (await dmp.http.get(f"/v1/patients/{ins}/access-log", headers=other)).json()["items"]
    assert [(e["actor_rpps"], e["outcome"], e["reason"]) for e in log if e["channel"] == "event"] == [
        (requis, "denied", "patient_refused_professional")
    ]


async def test_a_report_for_a_patient_not_yet_qualified_waits_for_the_record(
    dmp: Harness, practice: str
) -> None:
    ins, requis, expertise = new_matricule(), new_rpps(), uuid.uuid4()
    await dmp.act_recorded(ins, practice=practice, requis=requis, expertise_id=expertise)

    async def waiting() -> None:
        rows = await dmp.rows(
            "SELECT outcome FROM tele_expertise_reports WHERE expertise_id = :e", e=expertise
        )
        assert [row[0] for row in rows] == ["awaiting_record"]

    await eventually(waiting, timeout=20)
    await dmp.qualify(ins, practice=practice)

    async def filed() -> None:
        assert len(await reports_of(dmp, ins, practice)) == 1

    await eventually(filed, timeout=20)
