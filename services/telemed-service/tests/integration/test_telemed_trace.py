"""The immutable trace (CSP R6316-4), its PDF export, incidents, and attachments stored with their SHA-256."""

import base64
import hashlib
from datetime import datetime

import asyncpg
import pytest

from telemed_service.testing import (
    REPORT,
    Service,
    answered,
    execute,
    fetch,
    headers,
    new_parties,
    open_request,
    practice,
)

pytestmark = pytest.mark.integration

# A 1×1 PNG: small, but a real image.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


async def test_the_trace_holds_every_step_the_report_and_the_professionals(service: Service) -> None:
    parties = await new_parties(service)
    expertise = await answered(service, parties)
    path = f"/v1/tele-expertises/{expertise['id']}"
    incident = await service.http.post(
        f"{path}/incidents",
        json={"description": "Images re-transmises après une coupure réseau."},
        headers=parties.requerant,
    )
    assert incident.status_code == 201, incident.text
    assert incident.json()["action"] == "record_incident"
    assert incident.json()["actor_rpps"] == parties.rpps

    trace = (await service.http.get(f"{path}/trace", headers=parties.requis)).json()
    steps = [(e["action"], e["actor_role"], e["actor_rpps"], e["to_status"]) for e in trace["entries"]]
    assert steps == [
        ("request", "requerant", parties.rpps, "requested"),
        ("accept", "requis", parties.requis_rpps, "accepted"),
        ("answer", "requis", parties.requis_rpps, "answered"),
        ("record_incident", "requerant", parties.rpps, "answered"),
    ]
    assert [e["actor_practice_id"] for e in trace["entries"]] == [
        parties.practice,
        parties.requis_practice,
        parties.requis_practice,
        parties.practice,
    ]
    # Date and time with an offset, to the microsecond.
    assert all(datetime.fromisoformat(e["at"]).utcoffset() is not None for e in trace["entries"])
    assert trace["requerant"]["rpps"] == parties.rpps
    assert trace["requis"] == {
        "rpps": parties.requis_rpps,
        "profession": "dentist",
        "specialty": "oral_medicine",
        "establishment_finess": None,
        "practice_id": parties.requis_practice,
    }
    assert trace["report"]["text"] == REPORT["text"]
    assert trace["report"]["acts"] == REPORT["acts"]
    assert trace["report"]["prescriptions"] == REPORT["prescriptions"]
    assert {act["code"] for act in trace["acts"]} == {"RQD", "TE2"}

    pdf = await service.http.get(f"{path}/trace", headers={**parties.requerant, "Accept": "application/pdf"})
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    assert len(pdf.content) > 1000
    json_preferred = await service.http.get(
        f"{path}/trace", headers={**parties.requerant, "Accept": "application/json, application/pdf;q=0.5"}
    )
    assert json_preferred.headers["content-type"].startswith("application/json")


async def test_the_trace_cannot_be_rewritten(service: Service) -> None:
    parties = await new_parties(service)
    expertise = await answered(service, parties)
    for statement in (
        "UPDATE expertise_trace SET details = 'rewritten' WHERE expertise_id = $1",
        "DELETE FROM expertise_trace WHERE expertise_id = $1",
        "UPDATE expertise_reports SET text = 'rewritten' WHERE expertise_id = $1",
        "DELETE FROM expertise_attachments WHERE expertise_id = $1",
    ):
        with pytest.raises(asyncpg.InsufficientPrivilegeError, match="append-only"):
            await execute(service.url, statement, expertise["id"])
    rows = await fetch(
        service.url, "SELECT details FROM expertise_trace WHERE expertise_id = $1", expertise["id"]
    )
    assert len(rows) == 3
    assert "rewritten" not in {row["details"] for row in rows}


async def test_incidents_are_for_the_parties_only(service: Service) -> None:
    parties = await new_parties(service)
    expertise = await open_request(service, parties)
    path = f"/v1/tele-expertises/{expertise['id']}/incidents"
    colleague = await service.http.post(
        path, json={"description": "Panne"}, headers=headers(parties.practice, "19999999999")
    )
    assert colleague.status_code == 403
    stranger = await service.http.post(
        path, json={"description": "Panne"}, headers=headers(practice(), "19999999999")
    )
    assert stranger.status_code == 404
    blank = await service.http.post(path, json={"description": "   "}, headers=parties.requerant)
    assert blank.status_code == 422


async def test_attachments_are_stored_with_their_sha256_and_checked(service: Service) -> None:
    parties = await new_parties(service)
    digest = hashlib.sha256(PNG).hexdigest()
    file = {
        "name": "langue.png",
        "content_type": "image/png",
        "content_base64": base64.b64encode(PNG).decode(),
    }
    expertise = await open_request(service, parties, attachments=[{**file, "sha256": digest}])
    [stored] = expertise["attachments"]
    assert (stored["sha256"], stored["size_bytes"], stored["content_type"]) == (digest, len(PNG), "image/png")

    download = await service.http.get(
        f"/v1/tele-expertises/{expertise['id']}/attachments/{stored['id']}", headers=parties.requis
    )
    assert download.status_code == 200
    assert download.content == PNG
    assert download.headers["content-type"] == "image/png"
    assert (
        download.headers["repr-digest"]
        == f"sha-256=:{base64.b64encode(hashlib.sha256(PNG).digest()).decode()}:"
    )
    other = await service.http.get(
        f"/v1/tele-expertises/{expertise['id']}/attachments/{stored['id']}",
        headers=headers(practice(), "19999999999"),
    )
    assert other.status_code == 404

    tampered = await service.http.post(
        "/v1/tele-expertises",
        json=parties.request_body(attachments=[{**file, "sha256": "0" * 64}]),
        headers=parties.requerant,
    )
    assert tampered.status_code == 422
    assert tampered.json()["type"].endswith("/attachment-checksum-mismatch")

    wrong_type = await service.http.post(
        "/v1/tele-expertises",
        json=parties.request_body(attachments=[{**file, "content_type": "application/zip"}]),
        headers=parties.requerant,
    )
    assert wrong_type.status_code == 422
    assert wrong_type.json()["rule"] == "attachment_type_not_allowed"

    not_base64 = await service.http.post(
        "/v1/tele-expertises",
        json=parties.request_body(attachments=[{**file, "content_base64": "***"}]),
        headers=parties.requerant,
    )
    assert not_base64.status_code == 422
    assert not_base64.json()["errors"][0]["field"] == "body.attachments.0.content_base64"


async def test_a_report_can_carry_files(service: Service) -> None:
    parties = await new_parties(service)
    expertise = await open_request(service, parties)
    path = f"/v1/tele-expertises/{expertise['id']}"
    await service.http.post(f"{path}/acceptance", headers=parties.requis)
    pdf = b"%PDF-1.4 schema"
    file = {
        "name": "schema.pdf",
        "content_type": "application/pdf",
        "content_base64": base64.b64encode(pdf).decode(),
    }
    reported = await service.http.post(
        f"{path}/report", json={**REPORT, "attachments": [file]}, headers=parties.requis
    )
    assert reported.status_code == 200, reported.text
    body = reported.json()
    assert body["attachments"] == []
    [stored] = body["report"]["attachments"]
    assert stored["sha256"] == hashlib.sha256(pdf).hexdigest()
    assert body["report"]["document"]["content_type"] == "text/plain"
