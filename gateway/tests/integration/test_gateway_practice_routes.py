"""Every operation of the OpenAPI document whose path names a practice (`{practice_id}`: the roster,
the sandbox reset) is the practice admin's, of that practice only: walked over the document, so a
new route of the kind is held to the same rule without a test of its own."""

import json
from typing import Any

import httpx
import pytest

from dentalink_contracts.openapi import operations, request_example
from dentalink_contracts.values import Role
from gateway.adapters.psc_sandbox import sandbox_professional
from gateway.api.openapi import committed_document
from gateway.sandbox_client import SandboxPractice
from gateway.testing import Stack
from servicekit.testing import key

pytestmark = pytest.mark.integration


def practice_operations() -> list[tuple[str, str, dict[str, Any] | None]]:
    """(method, path template, a valid body or None) of each operation naming `{practice_id}`."""
    document = json.loads(committed_document())
    # The body schema's own example: valid, so only the practice is wrong.
    return [
        (method.upper(), path, request_example(document, operation))
        for path, method, operation in operations(document)
        if "{practice_id}" in path
    ]


OPERATIONS = practice_operations()


def test_the_walk_covers_the_roster_and_the_sandbox_reset() -> None:
    paths = {path for _, path, _ in OPERATIONS}
    assert {"/v1/practices/{practice_id}/members", "/v1/sandbox/practices/{practice_id}/reset"} <= paths


def concrete(path: str, practice_id: str) -> str:
    return path.format(practice_id=practice_id, rpps=sandbox_professional("dentist").rpps)


@pytest.mark.parametrize(("method", "path", "body"), OPERATIONS)
async def test_another_practice_is_not_found_and_a_member_not_admin_is_refused(
    stack: Stack,
    http: httpx.AsyncClient,
    practice: SandboxPractice,
    method: str,
    path: str,
    body: dict[str, Any] | None,
) -> None:
    async with stack.practice() as other:
        admin_elsewhere = await other.headers("dentist", role=Role.PRACTICE_ADMIN, idempotency_key=key())
        foreign = await http.request(
            method, concrete(path, practice.practice_id), headers=admin_elsewhere, json=body
        )
    assert foreign.status_code == 404, foreign.text
    assert foreign.json()["type"].endswith("/practice-not-found")
    dentist = await practice.headers("dentist", role=Role.DENTIST, idempotency_key=key())
    not_admin = await http.request(method, concrete(path, practice.practice_id), headers=dentist, json=body)
    assert not_admin.status_code == 403, not_admin.text
    assert not_admin.json()["type"].endswith("/forbidden-role")
