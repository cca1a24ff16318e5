"""The sandbox reset of one practice deletes its apCV sessions and nothing of another practice;
only that practice's admin may ask, and only in sandbox mode."""

import pytest

from servicekit import Role
from servicekit.sandbox_reset import reset_path
from servicekit.testing import FrozenClock, assert_problem, fresh_database, unique_group
from vitale_service.testing import Service, service_on

pytestmark = pytest.mark.integration

LEA = "212024410904579"


async def open_session(service: Service, practice: str) -> str:
    response = await service.open(practice, await service.mint(practice, "martin-family"), LEA)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def test_reset_deletes_the_practice_sessions_only(service: Service) -> None:
    reset, kept = unique_group("cab"), unique_group("cab")
    gone = await open_session(service, reset)
    stays = await open_session(service, kept)

    response = await service.http.post(
        reset_path(reset), headers=service.headers(reset, role=Role.PRACTICE_ADMIN)
    )

    assert response.status_code == 200, response.text
    assert response.json()["deleted"] == {"apcv_sessions": 1}
    assert (
        await service.http.get(f"/v1/apcv-sessions/{gone}", headers=service.headers(reset))
    ).status_code == 404
    still = await service.http.get(f"/v1/apcv-sessions/{stays}", headers=service.headers(kept))
    assert still.status_code == 200, still.text


async def test_only_the_practice_admin_resets_the_practice(service: Service, practice: str) -> None:
    session = await open_session(service, practice)
    for headers in (
        service.headers(unique_group("cab"), role=Role.PRACTICE_ADMIN),
        service.headers(practice, role=Role.DENTIST),
    ):
        assert_problem(await service.http.post(reset_path(practice), headers=headers), 403)
    assert (
        await service.http.get(f"/v1/apcv-sessions/{session}", headers=service.headers(practice))
    ).status_code == 200


async def test_there_is_no_reset_outside_sandbox_mode() -> None:
    async with fresh_database("vitale") as url, service_on(url, FrozenClock(), sandbox_enabled=False) as off:
        practice = unique_group("cab")
        headers = off.headers(practice, role=Role.PRACTICE_ADMIN)
        assert_problem(await off.http.post(reset_path(practice), headers=headers), 404)
