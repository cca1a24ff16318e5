"""The sandbox reset of one practice deletes the tele-expertises it requested (append-only file
included), its identity projection and care relationships; an expertise another practice requested
of it stays, and so does everything of other practices."""

import uuid

import asyncpg
import pytest

from servicekit import Role
from servicekit.sandbox_reset import reset_path
from servicekit.testing import assert_problem
from telemed_service.testing import Service, answered, execute, fetch, headers, new_parties, random_rpps

pytestmark = pytest.mark.integration


def admin_of(practice_id: str) -> dict[str, str]:
    return headers(practice_id, random_rpps(), role=Role.PRACTICE_ADMIN)


async def test_reset_deletes_what_the_requerant_practice_created_only(service: Service) -> None:
    reset, kept = await new_parties(service), await new_parties(service)
    gone = await answered(service, reset)
    stays = await answered(service, kept)

    response = await service.http.post(reset_path(reset.practice), headers=admin_of(reset.practice))

    assert response.status_code == 200, response.text
    deleted = response.json()["deleted"]
    assert deleted["tele_expertises"] == 1
    assert deleted["expertise_reports"] == 1
    assert deleted["expertise_acts"] == 2
    assert deleted["expertise_trace"] >= 3
    assert deleted["identity_statuses"] == 1
    for side in (reset.requerant, reset.requis):
        gone_now = await service.http.get(f"/v1/tele-expertises/{gone['id']}", headers=side)
        assert gone_now.status_code == 404, gone_now.text
    trace = await service.http.get(f"/v1/tele-expertises/{stays['id']}/trace", headers=kept.requerant)
    assert trace.status_code == 200, trace.text
    assert len(trace.json()["entries"]) == 3
    assert await fetch(service.url, "SELECT 1 FROM identity_statuses WHERE practice_id = $1", kept.practice)
    for table in ("expertise_trace", "expertise_reports", "expertise_attachments"):  # append-only again
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await execute(service.url, f"DELETE FROM {table} WHERE expertise_id = $1", uuid.UUID(stays["id"]))


async def test_an_expertise_requested_of_the_reset_practice_stays(service: Service) -> None:
    parties = await new_parties(service)
    expertise = await answered(service, parties)

    response = await service.http.post(
        reset_path(parties.requis_practice), headers=admin_of(parties.requis_practice)
    )

    assert response.status_code == 200, response.text
    assert response.json()["deleted"]["tele_expertises"] == 0
    for side in (parties.requerant, parties.requis):
        still = await service.http.get(f"/v1/tele-expertises/{expertise['id']}", headers=side)
        assert still.status_code == 200, still.text


async def test_only_the_practice_admin_resets_the_practice(service: Service) -> None:
    parties = await new_parties(service)
    path = reset_path(parties.practice)
    assert_problem(await service.http.post(path, headers=admin_of(parties.requis_practice)), 403)
    assert_problem(await service.http.post(path, headers=parties.requerant), 403)
