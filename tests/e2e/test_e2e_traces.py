"""Exported traces (issue 14): one public call is one trace in Jaeger, from the gateway's server span
through the service's route and its outbox publish to the consumer in another service; and no span
of the whole exchange holds the patient's INS or birth name.

The stack exports to the session's Jaeger (conftest); the trace is read back from Jaeger's query API
(`/api/traces`), as an operator's UI reads it.
"""

import json
import os
import time
from typing import Any

import httpx
import pytest

from gateway.sandbox_client import SandboxPractice
from servicekit.testing import GATEWAY, SANDBOX_MATRICULE, SANDBOX_TYPED_TRAITS, expect, key, until

pytestmark = pytest.mark.e2e

# The session's Jaeger (conftest), on the e2e stack's port offset.
JAEGER_QUERY = f"http://127.0.0.1:{16686 + int(os.environ.get('DENTALINK_PORT_OFFSET', '0'))}"

# The fictitious patient of the INSi sandbox, in a practice of this test's own.
MATRICULE, TYPED_TRAITS = SANDBOX_MATRICULE, SANDBOX_TYPED_TRAITS
BIRTH_NAME = TYPED_TRAITS["birth_name"]
QUALIFIED_TOPIC = "ins.identity-qualified.v2"  # IdentityQualified
QUALIFIED_CONSUMERS = {"dmp-service", "telemed-service", "webhook-service"}  # its consumers beside ins


class Trace:
    """One trace of Jaeger's JSON API: spans by id, their services, kinds and parents."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.id: str = data["traceID"]
        self.data = data
        self.spans: dict[str, dict[str, Any]] = {span["spanID"]: span for span in data["spans"]}
        self.services: dict[str, str] = {pid: p["serviceName"] for pid, p in data["processes"].items()}

    def __repr__(self) -> str:  # what a failed wait shows: who is in the trace
        return f"Trace({sorted({(self.service(s), s['operationName']) for s in self.spans.values()})})"

    def service(self, span: dict[str, Any]) -> str:
        return self.services[span["processID"]]

    @staticmethod
    def tag(span: dict[str, Any], name: str) -> Any:
        return next((tag["value"] for tag in span.get("tags", []) if tag["key"] == name), None)

    def find(self, service: str | None, kind: str, name_ends: str) -> list[dict[str, Any]]:
        return [
            span
            for span in self.spans.values()
            if (service is None or self.service(span) == service)
            and self.tag(span, "span.kind") == kind
            and span["operationName"].endswith(name_ends)
        ]

    def ancestors(self, span: dict[str, Any]) -> list[str]:
        """Span ids from the parent up to the root, by CHILD_OF references (how Jaeger nests them)."""
        chain: list[str] = []
        while True:
            parent = next(
                (r["spanID"] for r in span.get("references", []) if r["refType"] == "CHILD_OF"), None
            )
            if parent is None or parent not in self.spans or parent in chain:
                return chain
            chain.append(parent)
            span = self.spans[parent]


async def traces_of(jaeger: httpx.AsyncClient, service: str, start_us: int) -> list[Trace]:
    response = await jaeger.get(
        "/api/traces",
        params={
            "service": service,
            "start": start_us,
            "end": int(time.time() * 1e6) + 1_000_000,
            "limit": 1000,
        },
    )
    if response.status_code != 200:
        return []  # e.g. a service none of whose spans has arrived yet
    return [Trace(data) for data in response.json().get("data") or []]


def consumers(trace: Trace) -> list[dict[str, Any]]:
    return trace.find(None, "consumer", f"{QUALIFIED_TOPIC} process")


def qualification(traces: list[Trace]) -> Trace | None:
    """The trace of the document check, once every process has exported its part: each exports in
    batches of its own, so the consumers' spans may reach Jaeger before ins-service's."""
    for trace in traces:
        if (
            trace.find("gateway", "server", "/document-checks")
            and trace.find("ins-service", "server", "/identities/{identity_id}/document-checks")
            and trace.find("ins-service", "producer", f"{QUALIFIED_TOPIC} publish")
            and {trace.service(span) for span in consumers(trace)} >= QUALIFIED_CONSUMERS
        ):
            return trace
    return None


@pytest.mark.timeout(300)  # spans reach Jaeger in batches (every 5 s per process)
async def test_one_public_call_is_one_trace_down_to_the_consumer_of_its_event() -> None:
    started_us = int(time.time() * 1e6) - 1_000_000
    async with SandboxPractice.open(GATEWAY) as practice, httpx.AsyncClient(base_url=JAEGER_QUERY) as jaeger:

        async def post(path: str, body: Any) -> httpx.Response:
            headers = await practice.headers("dentist", idempotency_key=key())
            return await practice.http.post(path, json=body, headers=headers)

        # INS qualification: typed traits, INSi lookup (RECUP), then the passport check publishes
        # IdentityQualified from ins-service's outbox; dmp and telemed consume it.
        identity = expect(await post("/v1/identities", TYPED_TRAITS), 201)
        identity_url = f"/v1/identities/{identity['id']}"
        expect(await post(f"{identity_url}/insi-lookups", {"method": "traits"}), 200)
        expect(await post(f"{identity_url}/document-checks", {"document": "passport"}), 200)
        # A path that holds the INS itself, answered once dmp consumed the event.
        documents = f"/v1/patients/{MATRICULE}/documents"
        await until(lambda: _get(practice, documents), lambda r: r.status_code == 200, what="the DMP record")

        traces = await until(
            lambda: traces_of(jaeger, "gateway", started_us),
            lambda traces: qualification(traces) is not None,
            timeout=60,
            what="the document check's trace, down to a consumer, in Jaeger",
        )
        trace = qualification(traces)
        assert trace is not None

        # The gateway's server span is the root, named after the public operation; the service's
        # route, its outbox publish and each consumer descend from the one before, in this one trace.
        (edge,) = trace.find("gateway", "server", "/document-checks")
        assert edge["operationName"] == "POST /v1/identities/{identity_id}/document-checks"
        assert trace.tag(edge, "http.route") == "/v1/identities/{identity_id}/document-checks"
        assert trace.ancestors(edge) == [], "a public call starts a trace of its own"
        (route,) = trace.find("ins-service", "server", "/identities/{identity_id}/document-checks")
        (publish,) = trace.find("ins-service", "producer", f"{QUALIFIED_TOPIC} publish")
        consumed = consumers(trace)
        assert edge["spanID"] in trace.ancestors(route)
        assert route["spanID"] in trace.ancestors(publish)
        assert {trace.service(span) for span in consumed} == QUALIFIED_CONSUMERS
        for consumer in consumed:
            assert publish["spanID"] in trace.ancestors(consumer)
            assert trace.tag(consumer, "messaging.consumer.group.name")
        assert all(span["traceID"] == trace.id for span in (edge, route, publish, *consumed))

        # Privacy: nothing of the patient in any span of any trace of this exchange, the DMP reads
        # by INS (whose path holds the matricule) included, once the gateway's spans of them arrived.
        exchange = await until(
            lambda: _exchange(jaeger, started_us),
            lambda traces: any(
                trace.find("gateway", "server", "/documents") for trace in traces.get("gateway", [])
            ),
            timeout=60,
            what="the DMP reads' traces in Jaeger",
        )
        dumped = json.dumps([t.data for ts in exchange.values() for t in ts], ensure_ascii=False)
        assert "GET /v1/patients/{ins}/documents" in dumped  # the read by INS is there, as a template
        assert MATRICULE not in dumped
        assert "artagnan" not in dumped.lower()
        assert "Hérault" not in dumped and "Marie-Hélène" not in dumped


async def _get(practice: SandboxPractice, path: str) -> httpx.Response:
    return await practice.http.get(path, headers=await practice.headers("dentist"))


async def _exchange(jaeger: httpx.AsyncClient, start_us: int) -> dict[str, list[Trace]]:
    services = (await jaeger.get("/api/services")).json().get("data") or []
    return {service: await traces_of(jaeger, service, start_us) for service in services}
