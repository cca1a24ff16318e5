"""The sandbox reset of one practice deletes what it filed, wrote and was logged for in a record it
shares with another practice, and nothing the other practice did; only its admin may ask."""

import base64
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from dentalink_contracts.values import Role
from dmp_service.testing import Harness, new_matricule, new_rpps
from servicekit.sandbox_reset import reset_path
from servicekit.testing import assert_problem, unique_group

pytestmark = pytest.mark.integration

# Per table: the column naming the practice whose rows they are.
BY_PRACTICE = {
    "document_versions": "filed_by_practice",
    "profile_entry_versions": "practice_id",
    "messages": "sender_practice",
    "appointments": "practice_id",
    "access_refusals": "recorded_by_practice",
    "access_log": "practice_id",
    "practice_identity_statuses": "practice_id",
}


async def expect(dmp: Harness, method: str, path: str, headers: dict[str, str], body: Any) -> dict[str, Any]:
    answer = await dmp.http.request(method, path, headers=headers, json=body)
    assert answer.status_code == 201, answer.text
    result: dict[str, Any] = answer.json()
    return result


async def fill_the_record(dmp: Harness, ins: str, practice: str) -> None:
    """A document, a profile entry, a refusal, a message and an appointment, by the practice."""
    headers = dmp.headers(practice=practice, rpps=new_rpps())
    base = f"/v1/patients/{ins}"
    content = base64.b64encode(f"Compte rendu {practice}".encode()).decode()
    document = {
        "type_code": "11488-4",
        "title": "Compte rendu de consultation",
        "date_of_care": "2025-06-02",
        "content_type": "text/plain",
        "content_base64": content,
    }
    await expect(dmp, "POST", f"{base}/documents", headers, document)
    await expect(dmp, "POST", f"{base}/profile/allergies", headers, {"text": "Latex"})
    refusal = {"rpps": new_rpps(), "areas": ["dmp"], "on_behalf_of": "patient"}
    await expect(dmp, "POST", f"{base}/access-refusals", headers, refusal)
    await expect(dmp, "POST", f"{base}/messages", headers, {"subject": "Rappel", "body": "Bonjour."})
    starts_at = (datetime.now(UTC) + timedelta(days=30)).isoformat()
    appointment = {"starts_at": starts_at, "title": "Contrôle", "added_by": "professional"}
    await expect(dmp, "POST", f"{base}/appointments", headers, appointment)


async def counts(dmp: Harness, practice: str) -> dict[str, int]:
    found = {}
    for table, column in BY_PRACTICE.items():
        rows = await dmp.rows(f"SELECT count(*) FROM {table} WHERE {column} = :p", p=practice)
        found[table] = rows[0][0]
    return found


async def test_reset_deletes_what_the_practice_did_in_a_shared_record_only(dmp: Harness) -> None:
    ins = new_matricule()
    reset, kept = unique_group("cab"), unique_group("cab")
    for practice in (reset, kept):
        await dmp.qualify(ins, practice=practice)
        await fill_the_record(dmp, ins, practice)
    before = await counts(dmp, kept)
    assert all(before.values()), before

    admin = dmp.headers(practice=reset, rpps=new_rpps(), role=Role.PRACTICE_ADMIN)
    response = await dmp.http.post(reset_path(reset), headers=admin)

    assert response.status_code == 200, response.text
    deleted = response.json()["deleted"]
    assert {
        table: deleted[table] for table in ("documents", "profile_entries", "messages", "appointments")
    } == {
        "documents": 1,
        "profile_entries": 1,
        "messages": 1,
        "appointments": 1,
    }
    assert deleted["access_refusals"] == 1
    assert deleted["practice_identity_statuses"] == 1
    assert await counts(dmp, reset) == dict.fromkeys(BY_PRACTICE, 0)
    assert await counts(dmp, kept) == before
    assert await dmp.rows("SELECT 1 FROM patient_records WHERE matricule = :m", m=ins)
    documents = await dmp.http.get(
        f"/v1/patients/{ins}/documents", headers=dmp.headers(practice=kept, rpps=new_rpps())
    )
    assert len(documents.json()["items"]) == 1, documents.text
    dentist = dmp.headers(practice=reset, rpps=new_rpps())
    refused = await dmp.http.get(f"/v1/patients/{ins}/documents", headers=dentist)
    assert refused.json()["type"].endswith("/identity-not-qualified"), refused.text


async def test_only_the_practice_admin_resets_the_practice(dmp: Harness) -> None:
    practice = unique_group("cab")
    for headers in (
        dmp.headers(practice=unique_group("cab"), rpps=new_rpps(), role=Role.PRACTICE_ADMIN),
        dmp.headers(practice=practice, rpps=new_rpps()),
    ):
        assert_problem(await dmp.http.post(reset_path(practice), headers=headers), 403)
