"""What integrators see besides the proxied routes: the merged OpenAPI, /docs, the sandbox PSC;
and what operators see: spans and logs without personal data."""

import logging

import httpx
import pytest
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from gateway.api.openapi import committed_document
from gateway.sandbox_client import SandboxPractice
from gateway.testing import Stack
from servicekit.telemetry import add_span_exporter

pytestmark = pytest.mark.integration
INS = "253072A07300443"


async def test_the_merged_openapi_and_docs_are_served(http: httpx.AsyncClient) -> None:
    served = await http.get("/openapi.json")
    assert served.content == committed_document()  # the committed bytes, as they are
    assert served.headers["content-type"] == "application/json"
    document = served.json()
    assert document["openapi"] == "3.1.0"
    assert {"/v1/audit-events", "/v1/oauth/token", "/v1/identities"} <= set(document["paths"])
    assert set(document["components"]["securitySchemes"]) == {"oauth2", "proSanteConnect"}
    practice = document["components"]["parameters"]["PracticeId"]  # a header parameter, not a credential
    assert practice["in"] == "header" and practice["required"] is True
    docs = await http.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


async def test_the_sandbox_pro_sante_connect_directory(
    http: httpx.AsyncClient, practice: SandboxPractice
) -> None:
    bearer = {"Authorization": f"Bearer {await practice.token()}"}
    listed = (await http.get("/v1/sandbox/psc-professionals", headers=bearer)).json()
    by_label = {p["label"]: p for p in listed}
    assert by_label["oral-surgeon"]["specialty"] == "oral_surgery"
    assert by_label["maxillofacial-surgeon"]["profession"] == "physician"
    assert by_label["ehpad-nurse"]["establishment_finess"] == "670000017"
    assert by_label["dental-assistant"]["profession"] == "dental_assistant"
    assert (await http.get("/v1/sandbox/psc/jwks.json")).json()["keys"][0]["alg"] == "RS256"
    unknown = await http.post("/v1/sandbox/psc-tokens", headers=bearer, json={"professional": "nobody"})
    assert unknown.status_code == 404
    anonymous = await http.post("/v1/sandbox/psc-tokens", json={"professional": "dentist"})
    assert anonymous.status_code == 401


async def test_no_patient_identifier_in_spans_or_logs(
    stack: Stack, http: httpx.AsyncClient, practice: SandboxPractice, caplog: pytest.LogCaptureFixture
) -> None:
    exporter = InMemorySpanExporter()
    add_span_exporter(exporter)
    caplog.set_level(logging.DEBUG)
    headers = await practice.headers("dentist")
    try:
        await http.get(f"/v1/patients/{INS}/documents?author={INS}", headers=headers)
        await http.get(f"/v1/identities?matricule={INS}", headers=headers)
        await http.get(f"/v1/identities/{INS}?stub_status=500", headers=headers)
        finished = exporter.get_finished_spans()
    finally:
        exporter.shutdown()  # the processor stays registered: stop it keeping spans
    # Left out: the stub services' server spans and this test's own httpx client spans (the gateway
    # does not let httpx trace its upstream calls).
    gateway_port = int(stack.base_url.rsplit(":", 1)[1])
    spans = [
        span
        for span in finished
        if (span.attributes or {}).get("server.port", gateway_port) == gateway_port
        and "httpx" not in (span.instrumentation_scope.name if span.instrumentation_scope else "")
    ]
    assert any(span.name == "GET /v1/patients/{ins}{rest:subpath}" for span in spans)
    for span in spans:
        assert INS not in span.name
        assert all(INS not in str(value) for value in (span.attributes or {}).values()), span.name
    assert all(
        INS not in record.getMessage() and INS not in str(record.__dict__) for record in caplog.records
    )
