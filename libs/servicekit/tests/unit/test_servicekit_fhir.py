"""FHIR plumbing: which requests want FHIR JSON, which formats are refused (406), and problems
answered to FHIR requests as OperationOutcome with the same status and headers."""

import httpx
import pytest
from fastapi import FastAPI
from starlette.responses import PlainTextResponse

from servicekit.fhir import (
    FHIR_JSON,
    FhirOutcomes,
    asks_unserved_fhir_format,
    operation_outcome,
    wants_fhir_json,
)
from servicekit.problems import ProblemError, install_problem_handlers, problem_type


@pytest.mark.parametrize(
    ("accept", "query", "wanted"),
    [
        (FHIR_JSON, "", True),
        ("application/json+fhir", "", True),
        ("application/json, application/fhir+json;q=0.5", "", True),
        ("application/fhir+json;q=0", "", False),
        ("application/json", "", False),
        ("", "_format=json", True),
        ("", "_format=application%2Ffhir%2Bjson", True),
        (FHIR_JSON, "_format=xml", False),  # `_format` overrides Accept (FHIR R4 http.html)
        ("", "limit=1", False),
    ],
)
def test_a_request_wants_fhir_json(accept: str, query: str, wanted: bool) -> None:
    assert wants_fhir_json(accept, query) is wanted


@pytest.mark.parametrize(
    ("accept", "query", "refused"),
    [
        ("application/fhir+xml", "", True),
        ("application/xml+fhir", "", True),
        ("application/fhir+turtle", "", True),
        ("application/fhir+xml, application/fhir+json;q=0.8", "", False),
        ("application/fhir+xml, */*;q=0.1", "", False),
        ("application/fhir+xml, application/json;q=0", "", True),
        ("", "_format=xml", True),
        ("", "_format=text%2Fxml", True),
        ("", "_format=ttl", True),
        ("", "_format=json", False),
        (FHIR_JSON, "", False),
        ("application/xml", "", False),  # not a FHIR type: the ordinary negotiation's business
    ],
)
def test_fhir_formats_not_served(accept: str, query: str, refused: bool) -> None:
    assert asks_unserved_fhir_format(accept, query) is refused


def test_a_problem_becomes_an_operation_outcome() -> None:
    outcome = operation_outcome(
        {
            "type": problem_type("validation-error"),
            "title": "The request has invalid fields.",
            "status": 422,
            "detail": "Look at the fields.",
            "errors": [{"field": "query.limit", "message": "too small", "code": "greater_than_equal"}],
        }
    )
    assert outcome == {
        "resourceType": "OperationOutcome",
        "issue": [
            {
                "severity": "error",
                "code": "processing",
                "details": {
                    "text": "The request has invalid fields.",
                    "coding": [{"system": "https://dentalink.fr/problems/", "code": "validation-error"}],
                },
                "diagnostics": "Look at the fields.",
            },
            {
                "severity": "error",
                "code": "invalid",
                "details": {"text": "too small"},
                "diagnostics": "greater_than_equal",
                "expression": ["query.limit"],
            },
        ],
    }
    unavailable = operation_outcome({"type": problem_type("x"), "title": "Away", "status": 503})
    assert unavailable["issue"][0] | {"details": None} == {
        "severity": "fatal",
        "code": "transient",
        "details": None,
    }


def _app() -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)
    app.add_middleware(FhirOutcomes)

    @app.get("/missing")
    async def missing() -> None:
        raise ProblemError(404, "thing-not-found", "No such thing.", headers={"X-Kept": "yes"})

    @app.get("/text")
    async def text() -> PlainTextResponse:
        return PlainTextResponse("hello")

    return app


async def test_the_middleware_answers_fhir_requests_in_fhir_and_others_as_before() -> None:
    transport = httpx.ASGITransport(app=_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        plain = await http.get("/missing")
        assert (plain.status_code, plain.headers["content-type"]) == (404, "application/problem+json")
        fhir = await http.get("/missing", headers={"Accept": FHIR_JSON})
        assert (fhir.status_code, fhir.headers["content-type"]) == (404, FHIR_JSON)
        assert fhir.headers["x-kept"] == "yes"
        assert int(fhir.headers["content-length"]) == len(fhir.content)
        assert fhir.json()["issue"][0]["code"] == "not-found"
        assert (await http.get("/text", headers={"Accept": FHIR_JSON})).text == "hello"
        refused = await http.get("/text", headers={"Accept": "application/fhir+xml"})
        assert (refused.status_code, refused.headers["content-type"]) == (406, FHIR_JSON)
        assert refused.json()["issue"][0]["code"] == "not-supported"
        assert (await http.get("/text", params={"_format": "xml"})).status_code == 406
