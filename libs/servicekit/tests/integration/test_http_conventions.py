"""What every service answers by construction: auth, problems, health, readiness, metrics."""

import pytest

from dentalink_contracts.values import Role
from servicekit.probe import ping_event, sender_app
from servicekit.settings import ServiceSettings
from servicekit.testing import GatewayKeys, caller, fresh_database, running, unique_group

pytestmark = pytest.mark.integration
KEYS = GatewayKeys.generate()


@pytest.fixture
async def client():
    async with fresh_database("http") as url:
        settings = ServiceSettings(
            service_name="probe-http", database_url=url, internal_token_public_key=KEYS.public_pem
        )
        async with running(sender_app(settings, ping_event(unique_group("http")))) as http:
            yield http


async def test_a_request_without_the_gateway_token_is_401_problem(client):
    response = await client.get("/v1/whoami")
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "https://dentalink.fr/problems/unauthenticated"


async def test_a_token_signed_by_another_key_or_expired_is_401(client):
    forged = GatewayKeys.generate().headers(caller())
    assert (await client.get("/v1/whoami", headers=forged)).status_code == 401
    expired = KEYS.headers(caller(), lifetime=60, now=1_000_000)
    assert (await client.get("/v1/whoami", headers=expired)).status_code == 401


async def test_a_valid_token_carries_the_caller_context(client):
    response = await client.get("/v1/whoami", headers=KEYS.headers(caller(practice_id="cab-42")))
    assert response.status_code == 200
    assert response.json() == {"practice": "cab-42", "rpps": "10001234567", "role": "dentist"}


async def test_a_role_outside_the_allowed_ones_is_403(client):
    headers = KEYS.headers(caller(role=Role.AUDITOR))
    response = await client.post("/v1/visits", json={"patient_birth_name": "X", "teeth": 3}, headers=headers)
    assert response.status_code == 403
    assert response.json()["type"].endswith("/forbidden-role")


async def test_validation_errors_list_the_fields_without_echoing_values(client):
    headers = KEYS.headers(caller())
    response = await client.post(
        "/v1/visits", json={"patient_birth_name": "DUPONT", "teeth": "many"}, headers=headers
    )
    assert response.status_code == 422
    body = response.json()
    assert body["type"].endswith("/validation-error")
    assert body["errors"][0]["field"] == "teeth"
    assert "many" not in response.text and "DUPONT" not in response.text


async def test_malformed_json_is_400(client):
    response = await client.post(
        "/v1/visits",
        content=b'{"teeth": ',
        headers={**KEYS.headers(caller()), "content-type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["type"].endswith("/malformed-json")


async def test_an_unexpected_error_is_a_bare_500_without_its_message(client):
    response = await client.get("/v1/boom")
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert "DUPONT" not in response.text and "Traceback" not in response.text


async def test_a_dependency_outage_is_503_with_retry_after_never_500(client):
    response = await client.get("/v1/database-restarting")
    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"].endswith("/dependency-unavailable")


async def test_unknown_route_is_404_problem(client):
    response = await client.get("/v1/nowhere")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


async def test_health_ready_and_metrics(client):
    assert (await client.get("/health")).json() == {"status": "ok"}
    ready = await client.get("/ready")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"database": True}
    verbose = await client.get("/ready?verbose")
    assert verbose.json()["dependencies"] == {"database": True, "kafka": True}
    metrics = await client.get("/metrics")
    assert "dentalink_outbox_backlog" in metrics.text


async def test_no_query_or_path_value_reaches_a_span(client):
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    from servicekit.telemetry import add_span_exporter

    exporter = InMemorySpanExporter()
    add_span_exporter(exporter)
    nir = "295109912611193"
    await client.get(f"/v1/whoami?matricule={nir}&birth_name=DUPONT", headers=KEYS.headers(caller()))
    await client.get(f"/v1/nowhere/{nir}")
    spans = exporter.get_finished_spans()
    assert spans, "the request produced no span"
    exported = " ".join(f"{span.name} {dict(span.attributes or {})}" for span in spans)
    assert "/v1/whoami" in exported
    assert nir not in exported
    assert "DUPONT" not in exported
    exporter.shutdown()


async def test_request_durations_follow_the_http_conventions_with_no_client_value_as_label(client):
    nir = "295109912611193"
    await client.get(f"/v1/whoami?matricule={nir}", headers=KEYS.headers(caller()))
    await client.get("/v1/boom")
    await client.request("BREW", "/v1/whoami")
    await client.get(f"/v1/nowhere/{nir}")
    await client.get("/health")

    exposition = (await client.get("/metrics")).text
    series = [
        line for line in exposition.splitlines() if line.startswith("http_server_request_duration_seconds")
    ]
    assert any(
        'http_request_method="GET"' in line
        and 'http_response_status_code="200"' in line
        and 'http_route="/v1/whoami"' in line
        for line in series
    ), series[:5]
    assert any(
        'http_route="/v1/boom"' in line and 'http_response_status_code="500"' in line for line in series
    )
    assert any('http_request_method="_OTHER"' in line for line in series)
    assert any('http_route="unmatched"' in line for line in series)
    assert not any('http_route="/health"' in line for line in series), "probes are not traffic"
    assert nir not in exposition and "BREW" not in exposition
    assert "http_target" not in exposition and "http_host" not in exposition
    assert 'le="0.005"' in exposition, "the buckets the conventions advise, in seconds"


async def test_counters_an_alert_watches_exist_from_zero_before_any_event(client):
    exposition = (await client.get("/metrics")).text
    # The probe sender publishes: its relay's failure counter starts at 0, visible to increase().
    assert any(
        line.startswith("dentalink_outbox_publish_failures_total") and line.endswith(" 0.0")
        for line in exposition.splitlines()
    ), "an alert on increase() would miss the first failure"
