"""Idempotency-Key on creating POSTs: stored, replayed, refused when reused for another request."""

import asyncio
import uuid

import httpx
import pytest

from gateway.main import build
from gateway.sandbox_client import SandboxPractice
from gateway.settings import Settings
from gateway.testing import Stack, serve
from servicekit.testing import database_connection

pytestmark = pytest.mark.integration


async def test_the_first_answer_is_replayed_and_the_service_called_once(
    stack: Stack, http: httpx.AsyncClient, practice: SandboxPractice
) -> None:
    headers = await practice.headers("dentist", idempotency_key=str(uuid.uuid4()))
    marker = uuid.uuid4().hex
    first = await http.post(f"/v1/identities?m={marker}", headers=headers, json={"birth_name": "X"})
    again = await http.post(f"/v1/identities?m={marker}", headers=headers, json={"birth_name": "X"})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert len([c for c in stack.stubs["ins"].to("/v1/identities") if c["query"] == f"m={marker}"]) == 1


async def test_the_same_key_for_another_request_is_422(
    http: httpx.AsyncClient, practice: SandboxPractice
) -> None:
    headers = await practice.headers("dentist", idempotency_key=str(uuid.uuid4()))
    assert (await http.post("/v1/identities", headers=headers, json={"birth_name": "X"})).status_code == 201
    other = await http.post("/v1/identities", headers=headers, json={"birth_name": "Y"})
    assert other.status_code == 422
    assert other.json()["type"].endswith("/idempotency-key-reused")
    # Another professional of the practice reusing the key is another request too.
    colleague = await practice.headers("dentist-known", idempotency_key=headers["Idempotency-Key"])
    assert (await http.post("/v1/identities", headers=colleague, json={"birth_name": "X"})).status_code == 422


async def test_a_concurrent_request_with_the_same_key_is_409(
    stack: Stack, http: httpx.AsyncClient, practice: SandboxPractice
) -> None:
    headers = await practice.headers("dentist", idempotency_key=str(uuid.uuid4()))
    slow = asyncio.create_task(http.post("/v1/identities?stub_delay=0.6", headers=headers, json={}))
    await asyncio.sleep(0.2)
    concurrent = await http.post("/v1/identities?stub_delay=0.6", headers=headers, json={})
    assert concurrent.status_code == 409
    assert concurrent.json()["type"].endswith("/idempotency-key-in-flight")
    assert 1 <= int(concurrent.headers["retry-after"]) <= stack.settings.idempotency_lease_seconds
    assert (await slow).status_code == 201


async def test_a_gateway_started_again_after_a_crash_releases_the_keys_it_held(
    stack: Stack, practice: SandboxPractice
) -> None:
    """A process killed mid-call leaves its key in flight; the same instance starting again frees it,
    so the client's retry proceeds at once (another instance's keys are left to it)."""
    crashed = stack.settings.model_copy(update={"instance": f"crashed-{uuid.uuid4().hex[:8]}"})
    held, others = str(uuid.uuid4()), str(uuid.uuid4())
    async with database_connection(stack.database_url) as connection:
        for key, holder in ((held, crashed.instance), (others, "still-running-elsewhere")):
            await connection.execute(
                "INSERT INTO idempotency_records (client_id, idempotency_key, fingerprint, state,"
                " locked_until, expires_at, holder) VALUES ($1, $2, 'f', 'in_flight',"
                " now() + interval '2 minutes', now() + interval '1 hour', $3)",
                practice.client_id,
                key,
                holder,
            )

    async with serve(build(crashed)):
        pass

    async with database_connection(stack.database_url) as connection:
        remaining = await connection.fetch(
            "SELECT idempotency_key FROM idempotency_records WHERE idempotency_key = ANY($1::text[])",
            [held, others],
        )
    assert [row["idempotency_key"] for row in remaining] == [others]


async def test_a_server_error_is_not_stored_so_the_key_can_be_retried(
    stack: Stack, http: httpx.AsyncClient, practice: SandboxPractice
) -> None:
    key = str(uuid.uuid4())
    headers = await practice.headers("dentist", idempotency_key=key)
    failed = await http.post("/v1/identities/x/insi-lookups?stub_status=500", headers=headers, json={})
    assert failed.status_code == 500
    retried = await http.post("/v1/identities/x/insi-lookups?stub_status=500", headers=headers, json={})
    assert retried.status_code == 500 and "idempotent-replayed" not in retried.headers
    assert len(stack.stubs["ins"].to("/v1/identities/x/insi-lookups")) >= 2


async def records_of(stack: Stack, key: str, *, settled: int) -> int:
    """Records of the key once the bookkeeping (done after the last byte is sent) has settled."""
    async with database_connection(stack.database_url) as connection:
        for _ in range(50):
            count: int = await connection.fetchval(
                "SELECT count(*) FROM idempotency_records WHERE idempotency_key = $1", key
            )
            if count == settled:
                break
            await asyncio.sleep(0.02)
        return count


async def test_only_a_creation_is_stored_other_answers_are_forwarded_again(
    stack: Stack, http: httpx.AsyncClient, practice: SandboxPractice
) -> None:
    key = str(uuid.uuid4())
    headers = await practice.headers("dentist", idempotency_key=key)
    marker = uuid.uuid4().hex
    target = f"/v1/identities/x/insi-lookups?stub_status=200&m={marker}"
    first = await http.post(target, headers=headers, json={})
    again = await http.post(target, headers=headers, json={})
    assert first.status_code == again.status_code == 200
    assert "idempotent-replayed" not in again.headers
    assert await records_of(stack, key, settled=0) == 0
    forwarded = stack.stubs["ins"].to("/v1/identities/x/insi-lookups")
    assert len([c for c in forwarded if marker in c["query"]]) == 2
    refused = await http.post("/v1/identities?stub_status=409", headers=headers, json={})
    assert refused.status_code == 409 and "idempotent-replayed" not in refused.headers
    assert await records_of(stack, key, settled=0) == 0
    created_key = str(uuid.uuid4())
    created_headers = await practice.headers("dentist", idempotency_key=created_key)
    created = await http.post("/v1/identities", headers=created_headers, json={})
    replayed = await http.post("/v1/identities", headers=created_headers, json={})
    assert created.status_code == replayed.status_code == 201
    assert replayed.headers["idempotent-replayed"] == "true"
    assert await records_of(stack, created_key, settled=1) == 1


def test_stored_answers_are_kept_one_hour_by_default() -> None:
    assert Settings.model_fields["idempotency_ttl_hours"].default == 1.0


async def test_a_malformed_key_is_400(http: httpx.AsyncClient, practice: SandboxPractice) -> None:
    headers = await practice.headers("dentist", idempotency_key="x" * 256)
    response = await http.post("/v1/identities", headers=headers, json={})
    assert response.status_code == 400 and response.json()["type"].endswith("/invalid-idempotency-key")
