"""DocumentFiled on real PostgreSQL and Kafka: one event per version filed, through the outbox, keyed by
the patient key, carrying ids only."""

import base64
import uuid
from typing import Any

import pytest

from dentalink_contracts.events import DocumentFiled
from dmp_service.testing import Harness, key_of, new_matricule, new_rpps
from servicekit.testing import EventProbe

pytestmark = pytest.mark.integration


def deposit(content: bytes, **fields: Any) -> dict[str, Any]:
    return {
        "type_code": "11488-4",
        "title": "Compte rendu de consultation",
        "date_of_care": "2025-06-02",
        "content_type": "text/plain",
        "content_base64": base64.b64encode(content).decode(),
        **fields,
    }


def filed_by(practice: str) -> EventProbe:
    return EventProbe(DocumentFiled, lambda e: e.practice_id == practice)


async def test_a_deposit_and_its_new_version_are_each_announced_once(dmp: Harness, practice: str) -> None:
    ins, dentist = new_matricule(), new_rpps()
    headers = dmp.headers(practice=practice, rpps=dentist)
    await dmp.qualify(ins, practice=practice)
    base = f"/v1/patients/{ins}/documents"
    async with filed_by(practice) as probe:
        filed = await dmp.http.post(base, headers=headers, json=deposit(b"Premier compte rendu\n"))
        assert filed.status_code == 201, filed.text
        refused = await dmp.http.post(base, headers=headers, json=deposit(b"x", sha256="0" * 64))
        assert refused.status_code == 422  # nothing filed, nothing announced
        document = filed.json()
        replaced = await dmp.http.post(
            f"{base}/{document['id']}/versions",
            headers=headers,
            json={**deposit(b"Compte rendu corrige\n"), "replaces_version": 1},
        )
        assert replaced.status_code == 201, replaced.text
        await probe.wait_for(2)
        events = await probe.settle()

    versions = replaced.json()["versions"]
    assert [(str(e.document_id), str(e.version_id), e.version) for e in events] == [
        (document["id"], versions[0]["version_id"], 1),
        (document["id"], versions[1]["version_id"], 2),
    ]
    identity = dmp.identity_id(ins, practice)
    assert {(e.practice_id, e.patient_key, e.identity_id) for e in events} == {
        (practice, key_of(ins), identity)
    }
    # Keyed by the patient key (one patient's filings in order); the version id is the event id.
    assert [(envelope.key, envelope.id) for envelope in probe.envelopes] == [
        (key_of(ins), uuid.UUID(versions[0]["version_id"])),
        (key_of(ins), uuid.UUID(versions[1]["version_id"])),
    ]
    carried = str([envelope.data for envelope in probe.envelopes])
    for personal in (ins, "Compte rendu", "11488-4"):
        assert personal not in carried


async def test_a_tele_expertise_report_filed_from_an_event_is_announced_for_the_requis_practice(
    dmp: Harness, practice: str
) -> None:
    ins, requis, expertise = new_matricule(), new_rpps(), uuid.uuid4()
    await dmp.qualify(ins, practice=practice)
    async with filed_by(practice) as probe:
        event_id = await dmp.act_recorded(ins, practice=practice, requis=requis, expertise_id=expertise)
        # The same act redelivered files nothing more, so announces nothing more.
        await dmp.act_recorded(
            ins, practice=practice, requis=requis, expertise_id=expertise, event_id=event_id
        )
        await probe.wait_for(1)
        [event] = await probe.settle()

    assert (event.version, event.patient_key, event.identity_id) == (
        1,
        key_of(ins),
        dmp.identity_id(ins, practice),
    )
    rows = await dmp.rows(
        "SELECT document_id FROM tele_expertise_reports WHERE expertise_id = :e", e=expertise
    )
    assert event.document_id == rows[0][0]
