"""The sandbox reset of one practice deletes its identities and their (append-only) history, and
nothing of another practice; only that practice's admin may ask, and only in sandbox mode."""

import asyncpg
import httpx
import pytest

from ins_service.main import build
from ins_service.testing import KEYS, Practice, integration_settings
from servicekit import Role
from servicekit.sandbox_reset import reset_path
from servicekit.testing import (
    assert_problem,
    caller,
    database_connection,
    fresh_database,
    running,
    unique_group,
)

pytestmark = pytest.mark.integration

DUPONT = {"birth_name": "Dupont", "birth_first_names": "Marie Claire", "birth_date": "1970-01-01", "sex": "F"}


def admin_of(practice_id: str, role: Role = Role.PRACTICE_ADMIN) -> dict[str, str]:
    return KEYS.headers(caller(practice_id=practice_id, role=role))


async def qualified_history(practice: Practice) -> str:
    """An identity with a transition beyond its creation (a document check)."""
    created = await practice.create(**DUPONT)
    await practice.post(
        f"/v1/identities/{created['id']}/document-checks",
        {"document": "national-id-card", "holder_nationality": "fr"},
    )
    return str(created["id"])


async def test_reset_deletes_the_practice_identities_and_history_only(
    ins_http: httpx.AsyncClient, ins_database_url: str
) -> None:
    reset, kept = Practice(ins_http, unique_group("cab")), Practice(ins_http, unique_group("cab"))
    gone = await qualified_history(reset)
    stays = await qualified_history(kept)

    response = await ins_http.post(reset_path(reset.practice_id), headers=admin_of(reset.practice_id))

    assert response.status_code == 200, response.text
    assert response.json() == {
        "service": "ins-service",
        "practice_id": reset.practice_id,
        "deleted": {"identities": 1, "identity_transitions": 2},
    }
    assert (await ins_http.get(f"/v1/identities/{gone}", headers=reset.headers())).status_code == 404
    assert (await reset.get("/v1/identities"))["items"] == []
    assert (await kept.get(f"/v1/identities/{stays}"))["status"] == "VALI"
    assert len((await kept.get(f"/v1/identities/{stays}/history"))["items"]) == 2
    async with database_connection(ins_database_url) as connection:  # append-only again
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await connection.execute(
                "DELETE FROM identity_transitions WHERE practice_id = $1", kept.practice_id
            )
    again = await ins_http.post(reset_path(reset.practice_id), headers=admin_of(reset.practice_id))
    assert again.json()["deleted"] == {"identities": 0, "identity_transitions": 0}


async def test_only_the_practice_admin_resets_the_practice(ins_http: httpx.AsyncClient) -> None:
    practice = Practice(ins_http, unique_group("cab"))
    await practice.create(**DUPONT)
    other_admin = admin_of(unique_group("cab"))
    dentist = admin_of(practice.practice_id, Role.DENTIST)

    assert_problem(await ins_http.post(reset_path(practice.practice_id), headers=other_admin), 403)
    assert_problem(await ins_http.post(reset_path(practice.practice_id), headers=dentist), 403)
    assert_problem(await ins_http.post(reset_path(practice.practice_id)), 401)
    assert len((await practice.get("/v1/identities"))["items"]) == 1


async def test_there_is_no_reset_outside_sandbox_mode() -> None:
    async with fresh_database("ins") as url:
        settings = integration_settings(url, "-" + unique_group("t")).model_copy(
            update={"sandbox_enabled": False}
        )
        async with running(build(settings)) as http:
            practice_id = unique_group("cab")
            assert_problem(await http.post(reset_path(practice_id), headers=admin_of(practice_id)), 404)
