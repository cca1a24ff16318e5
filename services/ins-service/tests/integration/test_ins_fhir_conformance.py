"""FHIR conformance of what ins-service emits (issue 16): Patients at every status and the errors of
FHIR requests (OperationOutcome, 406) pass the HL7 FHIR R4 validator (HAPI FHIR, base R4) with 0
errors. FR Core's own profiles are not on Maven Central, so `fr-core-patient-ins` is not checked."""

import asyncio
import uuid
from typing import Any

import httpx
import pytest

from ins_service.testing import Practice
from servicekit.fhir_validation import errors_of, validate

pytestmark = pytest.mark.integration

FHIR = "application/fhir+json"


def fhir_body(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == FHIR
    body: dict[str, Any] = response.json()
    return body


async def test_every_fhir_resource_of_identities_validates(practice: Practice) -> None:
    headers = {**practice.headers(), "Accept": FHIR}
    qualified = await practice.create(
        birth_name="Garcia Lopez", birth_first_names="Ana María", birth_date="1988-11-05", sex="F"
    )
    await practice.post(f"/v1/identities/{qualified['id']}/insi-lookups", {})
    await practice.post(f"/v1/identities/{qualified['id']}/document-checks", {"document": "passport"})
    recovered = await practice.create(
        birth_name="Hoarau",
        birth_first_names="Jean-Luc",
        birth_date="1990-04-18",
        sex="M",
        birth_place_code="97411",
    )
    await practice.post(f"/v1/identities/{recovered['id']}/insi-lookups", {})
    await practice.post(f"/v1/identities/{recovered['id']}/attributes", {"attribute": "HOMA"})
    provisional = await practice.create(
        birth_name="Martin", birth_first_names="Paul", birth_date="1975-02-01", sex="M"
    )

    patients = [
        fhir_body(await practice.http.get(f"/v1/identities/{created['id']}", headers=headers), 200)
        for created in (qualified, recovered, provisional)
    ]
    assert [p["identifier"][0]["use"] for p in patients if "identifier" in p] == ["official"]
    missing = fhir_body(await practice.http.get(f"/v1/identities/{uuid.uuid4()}", headers=headers), 404)
    assert missing["issue"][0]["code"] == "not-found"
    invalid = fhir_body(await practice.http.get("/v1/identities/not-a-uuid", headers=headers), 422)
    unserved = fhir_body(
        await practice.http.get(
            f"/v1/identities/{qualified['id']}", headers={**headers, "Accept": "application/fhir+xml"}
        ),
        406,
    )

    reports = await asyncio.to_thread(validate, [*patients, missing, invalid, unserved])
    assert not errors_of(reports), errors_of(reports)


async def test_format_json_asks_for_a_patient(practice: Practice) -> None:
    created = await practice.create(
        birth_name="Martin", birth_first_names="Paul", birth_date="1975-02-01", sex="M"
    )
    answer = await practice.http.get(
        f"/v1/identities/{created['id']}", headers=practice.headers(), params={"_format": "json"}
    )
    assert fhir_body(answer, 200)["resourceType"] == "Patient"
    refused = await practice.http.get(
        f"/v1/identities/{created['id']}", headers=practice.headers(), params={"_format": "xml"}
    )
    assert fhir_body(refused, 406)["resourceType"] == "OperationOutcome"
