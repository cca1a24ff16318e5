"""FHIR conformance of what dmp-service emits (issue 16): every resource it can answer, produced
through the API, passes the HL7 FHIR R4 validator (HAPI FHIR, base R4) with 0 errors; documents are
read back at their FHIR id; errors on FHIR requests are OperationOutcomes; other formats get 406."""

import asyncio
import base64
from datetime import date
from typing import Any

import httpx
import pytest

from dentalink_contracts.values import Sex
from dmp_service.testing import Harness, new_matricule, new_rpps
from servicekit.fhir_validation import errors_of, validate

pytestmark = pytest.mark.integration

FHIR = "application/fhir+json"


def deposit(content: bytes, **fields: Any) -> dict[str, Any]:
    return {
        "type_code": "11488-4",
        "title": "Compte rendu de consultation",
        "date_of_care": "2025-06-02",
        "content_type": "text/plain",
        "content_base64": base64.b64encode(content).decode(),
        **fields,
    }


def fhir_body(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == FHIR
    body: dict[str, Any] = response.json()
    return body


async def test_every_fhir_resource_of_the_record_validates(dmp: Harness, practice: str) -> None:
    ins, child = new_matricule(), new_matricule()
    headers = dmp.headers(practice=practice, rpps=new_rpps())
    fhir_headers = {**headers, "Accept": FHIR}
    await dmp.qualify(ins, practice=practice)
    await dmp.qualify(child, practice=practice, birth_date=date(2019, 5, 10), sex=Sex.MALE)
    base = f"/v1/patients/{ins}/documents"

    filed = fhir_body(await dmp.http.post(base, headers=fhir_headers, json=deposit(b"Premier")), 201)
    await dmp.http.post(base, headers=headers, json=deposit(b"Radio", type_code="18748-4"))
    replaced = fhir_body(
        await dmp.http.post(
            f"{base}/{filed['id']}/versions",
            headers=fhir_headers,
            json={**deposit(b"Corrige"), "replaces_version": 1},
        ),
        201,
    )
    read = fhir_body(await dmp.http.get(f"{base}/{filed['id']}", headers=fhir_headers), 200)
    first_page = fhir_body(await dmp.http.get(base, headers=fhir_headers, params={"limit": 1}), 200)
    assert [link["relation"] for link in first_page["link"]] == ["self", "next"]
    empty = fhir_body(await dmp.http.get(base, headers=fhir_headers, params={"type_code": "none"}), 200)
    plan = fhir_body(
        await dmp.http.get(f"/v1/patients/{child}/agenda", headers=fhir_headers, params={"on": "2025-06-01"}),
        200,
    )
    assert plan["activity"]
    no_item = fhir_body(
        await dmp.http.get(
            f"/v1/patients/{ins}/agenda", headers=fhir_headers, params={"on": "2025-06-01", "status": "done"}
        ),
        200,
    )
    assert "activity" not in no_item
    missing = fhir_body(
        await dmp.http.get(f"{base}/00000000-0000-0000-0000-000000000000", headers=fhir_headers), 404
    )
    invalid = fhir_body(await dmp.http.get(base, headers=fhir_headers, params={"limit": 0}), 422)
    # No record here (the refusal's status is the access rules' business, not this test's).
    unknown_record = await dmp.http.get(f"/v1/patients/{new_matricule()}/documents", headers=fhir_headers)
    unknown = fhir_body(unknown_record, unknown_record.status_code)
    assert unknown_record.status_code in (403, 404)
    unserved = fhir_body(await dmp.http.get(base, headers={**headers, "Accept": "application/fhir+xml"}), 406)
    capabilities = fhir_body(await dmp.http.get("/v1/fhir/metadata", headers=fhir_headers), 200)

    emitted = [filed, replaced, read, first_page, empty, plan, no_item, missing, invalid, unknown]
    emitted += [unserved, capabilities]
    reports = await asyncio.to_thread(validate, emitted)
    assert not errors_of(reports), errors_of(reports)


async def test_a_document_reference_is_read_back_at_its_id_with_its_version(
    dmp: Harness, practice: str
) -> None:
    ins = new_matricule()
    headers = {**dmp.headers(practice=practice, rpps=new_rpps()), "Accept": FHIR}
    await dmp.qualify(ins, practice=practice)
    base = f"/v1/patients/{ins}/documents"
    filed = fhir_body(await dmp.http.post(base, headers=headers, json=deposit(b"v1")), 201)
    replaced = fhir_body(
        await dmp.http.post(
            f"{base}/{filed['id']}/versions", headers=headers, json={**deposit(b"v2"), "replaces_version": 1}
        ),
        201,
    )

    read = fhir_body(await dmp.http.get(f"{base}/{replaced['id']}", headers=headers), 200)
    assert read["id"] == filed["id"] == replaced["id"]
    assert (filed["meta"]["versionId"], read["meta"]["versionId"]) == ("1", "2")
    assert read["identifier"] == [{"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{filed['id']}"}]
    # Version-specific (R4 masterIdentifier), and the version id the JSON rendering gives.
    history = (
        await dmp.http.get(f"{base}/{filed['id']}", headers={**headers, "Accept": "application/json"})
    ).json()
    assert read["masterIdentifier"]["value"] == f"urn:uuid:{history['current']['version_id']}"
    assert filed["masterIdentifier"]["value"] == f"urn:uuid:{history['versions'][0]['version_id']}"
    assert "relatesTo" not in read
    assert read["content"][0]["attachment"]["url"].endswith(f"/documents/{filed['id']}/content?version=2")

    bundle = fhir_body(await dmp.http.get(base, headers=headers), 200)
    assert [(entry["fullUrl"], entry["resource"]["id"]) for entry in bundle["entry"]] == [
        (f"urn:uuid:{filed['id']}", filed["id"])
    ]
    assert bundle["entry"][0]["search"] == {"mode": "match"}


async def test_errors_on_fhir_requests_are_operation_outcomes_with_the_same_status(
    dmp: Harness, practice: str
) -> None:
    ins = new_matricule()
    headers = dmp.headers(practice=practice, rpps=new_rpps())
    await dmp.qualify(ins, practice=practice)
    base = f"/v1/patients/{ins}/documents"

    as_problem = await dmp.http.get(f"{base}/00000000-0000-0000-0000-000000000000", headers=headers)
    assert as_problem.headers["content-type"] == "application/problem+json"
    outcome = fhir_body(
        await dmp.http.get(
            f"{base}/00000000-0000-0000-0000-000000000000", headers={**headers, "Accept": FHIR}
        ),
        404,
    )
    assert outcome["resourceType"] == "OperationOutcome"
    (issue,) = outcome["issue"]
    assert (issue["severity"], issue["code"]) == ("error", "not-found")
    assert issue["details"]["coding"] == [
        {"system": "https://dentalink.fr/problems/", "code": "document-not-found"}
    ]

    invalid = fhir_body(
        await dmp.http.get(base, headers=headers, params={"limit": 0, "_format": "json"}), 422
    )
    assert [issue["expression"] for issue in invalid["issue"][1:]] == [["query.limit"]]

    unauthenticated = fhir_body(await dmp.http.get(base, headers={"Accept": FHIR}), 401)
    assert unauthenticated["issue"][0]["code"] == "login"


@pytest.mark.parametrize(
    ("accept", "query"),
    [
        ("application/fhir+xml", {}),
        ("application/xml+fhir", {}),
        (FHIR, {"_format": "xml"}),
        ("*/*", {"_format": "ttl"}),
    ],
)
async def test_fhir_formats_not_served_are_refused_with_406(
    dmp: Harness, practice: str, accept: str, query: dict[str, str]
) -> None:
    ins = new_matricule()
    headers = {**dmp.headers(practice=practice, rpps=new_rpps()), "Accept": accept}
    await dmp.qualify(ins, practice=practice)
    refused = fhir_body(
        await dmp.http.get(f"/v1/patients/{ins}/documents", headers=headers, params=query), 406
    )
    assert refused["issue"][0]["code"] == "not-supported"


async def test_the_capability_statement_says_what_is_served(dmp: Harness, practice: str) -> None:
    headers = {**dmp.headers(practice=practice, rpps=new_rpps()), "Accept": FHIR}
    statement = fhir_body(await dmp.http.get("/v1/fhir/metadata", headers=headers), 200)
    assert (statement["fhirVersion"], statement["kind"]) == ("4.0.1", "instance")
    served = {
        resource["type"]: [interaction["code"] for interaction in resource["interaction"]]
        for resource in statement["rest"][0]["resource"]
    }
    assert served == {"Patient": ["read"], "DocumentReference": ["read", "search-type"], "CarePlan": ["read"]}
    assert (await dmp.http.get("/v1/fhir/metadata")).status_code == 401
