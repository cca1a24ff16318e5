"""Idempotency-Key on creating POSTs: stored, replayed, refused when reused for another request."""

import asyncio
import uuid

import pytest

pytestmark = pytest.mark.integration


async def test_the_first_answer_is_replayed_and_the_service_called_once(stack, http, practice):
    headers = await practice.headers("dentist", idempotency_key=str(uuid.uuid4()))
    marker = uuid.uuid4().hex
    first = await http.post(f"/v1/identities?m={marker}", headers=headers, json={"birth_name": "X"})
    again = await http.post(f"/v1/identities?m={marker}", headers=headers, json={"birth_name": "X"})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert len([c for c in stack.stubs["ins"].to("/v1/identities") if c["query"] == f"m={marker}"]) == 1


async def test_the_same_key_for_another_request_is_422(http, practice):
    headers = await practice.headers("dentist", idempotency_key=str(uuid.uuid4()))
    assert (await http.post("/v1/identities", headers=headers, json={"birth_name": "X"})).status_code == 201
    other = await http.post("/v1/identities", headers=headers, json={"birth_name": "Y"})
    assert other.status_code == 422
    assert other.json()["type"].endswith("/idempotency-key-reused")
    # Another professional of the practice reusing the key is another request too.
    colleague = await practice.headers("dentist-known", idempotency_key=headers["Idempotency-Key"])
    assert (await http.post("/v1/identities", headers=colleague, json={"birth_name": "X"})).status_code == 422


async def test_a_concurrent_request_with_the_same_key_is_409(stack, http, practice):
    headers = await practice.headers("dentist", idempotency_key=str(uuid.uuid4()))
    slow = asyncio.create_task(http.post("/v1/identities?stub_delay=0.6", headers=headers, json={}))
    await asyncio.sleep(0.2)
    concurrent = await http.post("/v1/identities?stub_delay=0.6", headers=headers, json={})
    assert concurrent.status_code == 409
    assert concurrent.json()["type"].endswith("/idempotency-key-in-flight")
    assert (await slow).status_code == 201


async def test_a_server_error_is_not_stored_so_the_key_can_be_retried(stack, http, practice):
    key = str(uuid.uuid4())
    headers = await practice.headers("dentist", idempotency_key=key)
    failed = await http.post("/v1/identities/x/insi-lookups?stub_status=500", headers=headers, json={})
    assert failed.status_code == 500
    retried = await http.post("/v1/identities/x/insi-lookups?stub_status=500", headers=headers, json={})
    assert retried.status_code == 500 and "idempotent-replayed" not in retried.headers
    assert len(stack.stubs["ins"].to("/v1/identities/x/insi-lookups")) >= 2


async def test_a_client_error_is_stored_and_replayed(http, practice):
    headers = await practice.headers("dentist", idempotency_key=str(uuid.uuid4()))
    first = await http.post("/v1/identities?stub_status=409", headers=headers, json={})
    again = await http.post("/v1/identities?stub_status=409", headers=headers, json={})
    assert first.status_code == again.status_code == 409
    assert again.headers["idempotent-replayed"] == "true" and again.json() == first.json()


async def test_a_malformed_key_is_400(http, practice):
    headers = await practice.headers("dentist", idempotency_key="x" * 256)
    response = await http.post("/v1/identities", headers=headers, json={})
    assert response.status_code == 400 and response.json()["type"].endswith("/invalid-idempotency-key")
