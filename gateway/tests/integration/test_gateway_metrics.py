"""What operators see of the edge in /metrics: per public operation (template and method) durations in
seconds, refusals by reason, replays, upstream latency and circuits, and no label from client input."""

import re
import uuid

import httpx
import pytest

from gateway.sandbox_client import SandboxPractice
from gateway.testing import Stack

pytestmark = pytest.mark.integration


def samples(exposition: str, name: str) -> list[str]:
    return [line for line in exposition.splitlines() if line.startswith(name)]


def value(exposition: str, name: str, **labels: str) -> float:
    """The sum of the samples of `name` carrying all `labels`."""
    total = 0.0
    for line in samples(exposition, name):
        if all(f'{key}="{wanted}"' in line for key, wanted in labels.items()):
            total += float(line.rsplit(" ", 1)[1])
    return total


async def test_edge_metrics_name_public_operations_and_reasons_never_client_values(
    stack: Stack, http: httpx.AsyncClient, practice: SandboxPractice
) -> None:
    marker = f"m{uuid.uuid4().hex}"
    before = (await http.get("/metrics")).text
    headers = await practice.headers("dentist")
    assert (await http.get(f"/v1/identities/{marker}", headers=headers)).status_code == 200
    assert (await http.get(f"/v1/identities/{marker}")).status_code == 401
    keyed = await practice.headers("dentist", idempotency_key=str(uuid.uuid4()))
    for _ in range(2):
        assert (await http.post("/v1/identities", headers=keyed, json={})).status_code == 201
    await http.get(f"/v1/{marker}/nothing", headers=headers, params={"q": marker})

    after = (await http.get("/metrics")).text
    duration = "http_server_request_duration_seconds_count"
    labels = {"http_route": "/v1/identities/{identity_id}", "http_request_method": "GET"}
    ok = value(after, duration, http_response_status_code="200", **labels)
    assert ok - value(before, duration, http_response_status_code="200", **labels) == 1
    refused = {"status": "401", "reason": "unauthenticated"}
    assert value(after, "dentalink_gateway_refusals_total", **refused) == (
        value(before, "dentalink_gateway_refusals_total", **refused) + 1
    )
    replays = "dentalink_gateway_idempotent_replays_total"
    assert value(after, replays) == value(before, replays) + 1
    assert (
        value(after, "dentalink_gateway_upstream_duration_seconds_count", upstream="ins", outcome="2xx") > 0
    )
    circuits = samples(after, "dentalink_gateway_breaker_state")
    assert {re.search(r'upstream="(\w+)"', line).group(1) for line in circuits if "upstream=" in line} >= {
        "ins",
        "vitale",
        "dmp",
        "telemed",
        "billing",
    }
    assert marker not in after, "a path or query value became a label"
    assert "http_target" not in after and "http_host" not in after
