"""`POST /v1/sandbox/practices/{id}/reset`: the practice admin of a practice the client acts for has
each of the six services delete the practice's sandbox data; nobody else may, and without sandbox
mode the route does not exist."""

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from dentalink_contracts.values import Role
from gateway.adapters.psc import StaticKeys
from gateway.adapters.psc_sandbox import SandboxPscIssuer, sandbox_professional
from gateway.main import build
from gateway.sandbox_client import SandboxPractice
from gateway.testing import UPSTREAMS, Stack, gateway_settings, serve
from servicekit.sandbox_reset import reset_path

pytestmark = pytest.mark.integration


def reset_calls(stack: Stack, practice_id: str) -> dict[str, list[dict[str, Any]]]:
    return {name: stack.stubs[name].to(reset_path(practice_id)) for name in UPSTREAMS}


async def test_the_admin_resets_the_practice_in_every_service(
    stack: Stack, http: httpx.AsyncClient, practice: SandboxPractice
) -> None:
    admin = await practice.headers("dentist", role=Role.PRACTICE_ADMIN)

    response = await http.post(f"/v1/sandbox/practices/{practice.practice_id}/reset", headers=admin)

    assert response.status_code == 200, response.text
    assert response.json() == {
        "practice_id": practice.practice_id,
        "services": [{"service": name, "deleted": {f"{name}_rows": 1}} for name in UPSTREAMS],
    }
    calls = reset_calls(stack, practice.practice_id)
    assert all(len(calls[name]) == 1 for name in UPSTREAMS), calls
    for name in UPSTREAMS:
        call = calls[name][0]
        assert call["caller"]["practice_id"] == practice.practice_id
        assert call["caller"]["role"] == "practice_admin"
        assert call["caller"]["professional"]["rpps"] == sandbox_professional("dentist").rpps
        assert "authorization" not in call["headers"]


async def test_another_client_practice_and_a_non_admin_are_refused(
    stack: Stack, http: httpx.AsyncClient, practice: SandboxPractice
) -> None:
    async with stack.practice() as other:
        other_admin = await other.headers("dentist", role=Role.PRACTICE_ADMIN)
        elsewhere = await http.post(
            f"/v1/sandbox/practices/{practice.practice_id}/reset", headers=other_admin
        )
        assert elsewhere.status_code == 404, elsewhere.text  # another client's practice is not confirmed
        assert elsewhere.headers["content-type"].startswith("application/problem+json")
        # Naming the other practice in X-Practice-Id too: the client does not act for it.
        named = other_admin | {"X-Practice-Id": practice.practice_id}
        forged = await http.post(f"/v1/sandbox/practices/{practice.practice_id}/reset", headers=named)
        assert forged.status_code == 404, forged.text
    dentist = await practice.headers("dentist", role=Role.DENTIST)
    not_admin = await http.post(f"/v1/sandbox/practices/{practice.practice_id}/reset", headers=dentist)
    assert not_admin.status_code == 403, not_admin.text
    specialist = await practice.headers("oral-surgeon")
    assert (
        await http.post(f"/v1/sandbox/practices/{practice.practice_id}/reset", headers=specialist)
    ).status_code == 403
    assert reset_calls(stack, practice.practice_id) == {name: [] for name in UPSTREAMS}


@pytest.fixture(scope="module")
async def without_sandbox(stack: Stack) -> AsyncIterator[str]:
    """A gateway on the same database and services with sandbox mode off (a real PSC's keys)."""
    issuer = SandboxPscIssuer(stack.settings.psc_issuer, stack.settings.psc_audience)
    urls = {name: getattr(stack.settings, f"{name}_url") for name in UPSTREAMS}
    settings = gateway_settings(stack.database_url, urls, stack.keys_dir, sandbox_enabled=False)
    async with serve(build(settings, psc_keys=StaticKeys(issuer.key_set))) as base_url:
        yield base_url


async def test_without_sandbox_mode_there_is_no_reset(stack: Stack, without_sandbox: str) -> None:
    async with stack.practice() as practice, httpx.AsyncClient(base_url=without_sandbox) as http:
        path = f"/v1/sandbox/practices/{practice.practice_id}/reset"
        answer = await http.post(path, headers={"Authorization": f"Bearer {await practice.token()}"})
        assert answer.status_code == 404, answer.text
    assert reset_calls(stack, practice.practice_id) == {name: [] for name in UPSTREAMS}
