"""GET /v1/identities/{id} as an FR Core fr-core-patient-ins Patient (issue 3)."""

from typing import Any

import pytest

from ins_service.testing import Practice

pytestmark = pytest.mark.integration

FHIR = {"Accept": "application/fhir+json"}
RELIABILITY = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-identity-reliability"


def reliability(patient: dict[str, Any]) -> dict[str, object]:
    (extension,) = [item for item in patient["extension"] if item["url"] == RELIABILITY]
    values = {}
    for part in extension["extension"]:
        value = part.get("valueCoding", part.get("valueDate", part.get("valueCodeableConcept")))
        values[part["url"]] = value["code"] if isinstance(value, dict) and "code" in value else value
    return values


async def test_a_qualified_identity_carries_its_ins_slice_and_reliability(practice: Practice) -> None:
    created = await practice.create(
        birth_name="Garcia Lopez", birth_first_names="Ana María", birth_date="1988-11-05", sex="F"
    )
    identity = f"/v1/identities/{created['id']}"
    await practice.post(f"{identity}/insi-lookups", {})
    await practice.post(f"{identity}/document-checks", {"document": "passport"})
    response = await practice.http.get(identity, headers={**practice.headers(), **FHIR})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/fhir+json"
    patient = response.json()
    assert patient["resourceType"] == "Patient"
    assert patient["meta"]["profile"] == [
        "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-patient-ins"
    ]
    assert patient["identifier"] == [
        {
            "use": "official",
            "type": {
                "coding": [
                    {
                        "system": "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203",
                        "code": "INS-NIR-TEST",
                    }
                ]
            },
            "system": "urn:oid:1.2.250.1.213.1.4.10",
            "value": "288119913407752",
        },
        {
            "use": "old",
            "type": {
                "coding": [
                    {
                        "system": "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203",
                        "code": "INS-NIR-TEST",
                    }
                ]
            },
            "system": "urn:oid:1.2.250.1.213.1.4.10",
            "value": "488119913401217",
        },
    ]
    values = reliability(patient)
    assert values["identityStatus"] == "QUAL"
    assert values["methodCollection"] == "INSI"
    assert values["validationMode"] == "PA"
    assert isinstance(values["dateCollection"], str) and isinstance(values["validationDate"], str)
    assert patient["name"][0]["family"] == "GARCIA LOPEZ"
    assert patient["name"][0]["given"] == ["ANA"]
    assert patient["name"][0]["extension"][0]["valueString"] == "ANA MARIA"
    assert (patient["gender"], patient["birthDate"]) == ("female", "1988-11-05")


async def test_the_matricule_is_left_out_until_qual(practice: Practice) -> None:
    created = await practice.create(
        birth_name="Hoarau",
        birth_first_names="Jean-Luc",
        birth_date="1990-04-18",
        sex="M",
        birth_place_code="97411",
    )
    identity = f"/v1/identities/{created['id']}"
    await practice.post(f"{identity}/insi-lookups", {})
    await practice.post(f"{identity}/attributes", {"attribute": "HOMA"})
    patient = (await practice.http.get(identity, headers={**practice.headers(), **FHIR})).json()
    assert "identifier" not in patient
    assert "190049741104213" not in str(patient)
    values = reliability(patient)
    assert values["identityStatus"] == "RECUP"
    assert values["comment"] == {
        "coding": [
            {
                "system": "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-identity-status-comment",
                "code": "HOMA",
            }
        ]
    }
    birth_place = next(item for item in patient["extension"] if item["url"].endswith("patient-birthPlace"))
    assert birth_place["valueAddress"]["extension"][0]["valueCoding"]["code"] == "97411"
    plain = await practice.get(identity)
    assert plain["ins"]["matricule"] == "190049741104213"  # the practice's own JSON view keeps it
