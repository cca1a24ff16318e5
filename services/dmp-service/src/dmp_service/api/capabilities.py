"""The platform's FHIR CapabilityStatement: what is served as FHIR R4 JSON, and where.

Only reads are FHIR: writes take the API's own JSON bodies. The API's paths are not FHIR RESTful
URLs (`[base]/[type]/[id]`), so each interaction's `documentation` names the real path. Patient is
served by ins-service; it is listed here so one document describes the whole platform.
"""

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response

from dmp_service.fhir import FHIR_JSON, fhir_response
from servicekit import Caller
from servicekit.problems import problem_responses

router = APIRouter(tags=["fhir"])

FR_CORE_PATIENT_INS = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-patient-ins"
# The day this statement last changed (R4 CapabilityStatement.date: "when the statement was changed").
STATEMENT_DATE = "2026-12-02"
_ASK = "Ask with `Accept: application/fhir+json` (or `_format=json`)."


def _interaction(code: str, documentation: str) -> dict[str, str]:
    return {"code": code, "documentation": f"{documentation} {_ASK}"}


def capability_statement() -> dict[str, Any]:
    """The CapabilityStatement (module docstring); the same for every caller."""
    return {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": STATEMENT_DATE,
        "publisher": "Dentalink",
        "kind": "instance",
        "implementation": {"description": "Dentalink API v1 (FHIR R4 renderings of its resources)"},
        "fhirVersion": "4.0.1",
        "format": [FHIR_JSON, "json"],
        "rest": [
            {
                "mode": "server",
                "documentation": (
                    "Reached through the gateway with an OAuth2 token and the acting professional; "
                    "other FHIR formats are answered 406, errors as OperationOutcome."
                ),
                "resource": [
                    {
                        "type": "Patient",
                        "supportedProfile": [FR_CORE_PATIENT_INS],
                        "interaction": [_interaction("read", "GET /v1/identities/{id}.")],
                    },
                    {
                        "type": "DocumentReference",
                        "versioning": "versioned",
                        "readHistory": False,
                        "interaction": [
                            _interaction(
                                "read", "GET /v1/patients/{ins}/documents/{id}: its current version."
                            ),
                            _interaction(
                                "search-type",
                                "GET /v1/patients/{ins}/documents: a searchset Bundle of the current "
                                "versions, with the API's filters and cursor.",
                            ),
                        ],
                    },
                    {
                        "type": "CarePlan",
                        "interaction": [
                            _interaction(
                                "read",
                                "GET /v1/patients/{ins}/agenda: the prevention agenda, computed on request.",
                            )
                        ],
                    },
                ],
            }
        ],
    }


@router.get(
    "/fhir/metadata",
    operation_id="fhir.getCapabilities",
    summary="The FHIR CapabilityStatement: which FHIR resources are served, and where",
    # The answer is always FHIR JSON (declared below), never a plain `application/json` body.
    response_class=Response,
    responses={
        **problem_responses({401: "No valid internal token."}, 401),
        200: {
            "content": {FHIR_JSON: {"schema": {"type": "object", "title": "CapabilityStatement"}}},
            "description": "A FHIR R4 CapabilityStatement.",
        },
    },
)
async def fhir_capabilities(_: Caller) -> JSONResponse:
    return fhir_response(capability_statement())
