"""The practice's roster, managed by its admin through the API."""

import httpx
import pytest

from dentalink_contracts.values import Role
from gateway.adapters.psc_sandbox import sandbox_professional
from gateway.testing import Stack

pytestmark = pytest.mark.integration
ASSISTANT = sandbox_professional("dental-assistant").rpps
ADMIN = sandbox_professional("dentist").rpps


async def test_the_admin_adds_changes_lists_and_removes_members(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    async with stack.practice(roster={}) as practice:
        admin = await practice.headers("dentist")
        members = f"/v1/practices/{practice.practice_id}/members"
        added = await http.post(
            members, headers=admin, json={"rpps": ASSISTANT, "roles": ["dental_assistant"]}
        )
        assert added.status_code == 201 and added.json()["updated_by"] == ADMIN
        assert (
            await http.post(members, headers=admin, json={"rpps": ASSISTANT, "roles": ["auditor"]})
        ).status_code == 409
        changed = await http.put(f"{members}/{ASSISTANT}", headers=admin, json={"roles": ["auditor"]})
        assert changed.json()["roles"] == ["auditor"]
        page = (await http.get(members, params={"limit": 1}, headers=admin)).json()
        assert len(page["items"]) == 1 and page["next_cursor"]
        rest = (await http.get(members, params={"cursor": page["next_cursor"]}, headers=admin)).json()
        assert {m["rpps"] for m in page["items"] + rest["items"]} == {ADMIN, ASSISTANT}
        assert (await http.delete(f"{members}/{ASSISTANT}", headers=admin)).status_code == 204
        assert (await http.get(f"{members}/{ASSISTANT}", headers=admin)).status_code == 404


async def test_the_last_admin_cannot_leave(stack: Stack, http: httpx.AsyncClient) -> None:
    async with stack.practice(roster={}) as practice:
        admin = await practice.headers("dentist")
        me = f"/v1/practices/{practice.practice_id}/members/{ADMIN}"
        demoted = await http.put(me, headers=admin, json={"roles": ["dentist"]})
        assert demoted.status_code == 409 and demoted.json()["type"].endswith("/last-practice-admin")
        assert (await http.delete(me, headers=admin)).status_code == 409


async def test_roster_input_is_validated_and_guarded(stack: Stack, http: httpx.AsyncClient) -> None:
    async with stack.practice(roster={"dental-assistant": [Role.DENTAL_ASSISTANT]}) as practice:
        admin = await practice.headers("dentist")
        members = f"/v1/practices/{practice.practice_id}/members"
        bad_key = await http.post(members, headers=admin, json={"rpps": "10000001016", "roles": ["dentist"]})
        assert bad_key.status_code == 422
        no_role = await http.post(members, headers=admin, json={"rpps": "10000001098", "roles": []})
        assert no_role.status_code == 422
        assistant = await http.get(members, headers=await practice.headers("dental-assistant"))
        assert assistant.status_code == 403
        other = await http.get("/v1/practices/elsewhere/members", headers=admin)
        assert other.status_code == 404
        # Cursors of the roster carry an RPPS: any string is a valid key, a naive date is not.
        for cursor in ("nope", "WyIyMDI1LTAxLTAxVDAwOjAwOjAwIiwieCJd"):  # ["2025-01-01T00:00:00","x"]
            tampered = await http.get(members, params={"cursor": cursor}, headers=admin)
            assert tampered.status_code == 400, tampered.text
            assert tampered.json()["type"] == "https://dentalink.fr/problems/invalid-cursor"
        odd_key = "WyIyMDI1LTAxLTAxVDAwOjAwOjAwKzAwOjAwIiwieCJd"  # ["2025-01-01T00:00:00+00:00","x"]
        assert (await http.get(members, params={"cursor": odd_key}, headers=admin)).status_code == 200
