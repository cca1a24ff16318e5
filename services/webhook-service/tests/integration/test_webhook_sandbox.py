"""Sandbox mode: loopback targets are allowed only there, and the sandbox reset of one practice
deletes its endpoints and their deliveries, nothing of another practice."""

import pytest

from servicekit import Role
from servicekit.sandbox_reset import reset_path
from servicekit.testing import (
    MovableClock,
    assert_problem,
    eventually,
    fresh_database,
    send_event,
    unique_group,
)
from webhook_service.testing import Receiver, Service, service_on

from .test_webhook_deliveries import KEY, billed

pytestmark = pytest.mark.integration


async def test_reset_deletes_the_practice_endpoints_only(service: Service, receiver: Receiver) -> None:
    reset, kept = unique_group("cab"), unique_group("cab")
    gone = await service.register(reset, receiver.url, ["act.billed"])
    stays = await service.register(kept, receiver.url, ["act.billed"])

    response = await service.http.post(reset_path(reset), headers=service.headers(reset))

    assert response.status_code == 200, response.text
    assert response.json()["deleted"] == {"webhook_deliveries": 0, "webhook_endpoints": 1}
    assert_problem(
        await service.http.get(f"/v1/webhook-endpoints/{gone['id']}", headers=service.headers(reset)), 404
    )
    still = await service.http.get(f"/v1/webhook-endpoints/{stays['id']}", headers=service.headers(kept))
    assert still.status_code == 200, still.text


async def test_reset_counts_the_practice_deliveries_and_keeps_another_practice_log(
    service: Service, receiver: Receiver
) -> None:
    reset, kept = unique_group("cab"), unique_group("cab")
    gone = await service.register(reset, receiver.url, ["act.billed"])
    stays = await service.register(kept, receiver.url, ["act.billed"])
    for practice in (reset, kept):
        await send_event(billed(practice), key=KEY)

    async def both_queued() -> None:
        assert len(await service.deliveries(reset, gone["id"])) == 1
        assert len(await service.deliveries(kept, stays["id"])) == 1

    await eventually(both_queued)
    response = await service.http.post(reset_path(reset), headers=service.headers(reset))

    assert response.status_code == 200, response.text
    assert response.json()["deleted"] == {"webhook_deliveries": 1, "webhook_endpoints": 1}
    assert len(await service.deliveries(kept, stays["id"])) == 1


async def test_outside_sandbox_mode_loopback_is_refused_and_there_is_no_reset() -> None:
    async with (
        fresh_database("webhook") as url,
        service_on(url, MovableClock(), sandbox_enabled=False) as off,
    ):
        practice = unique_group("cab")
        for target in ("http://127.0.0.1:8080/hooks", "https://127.0.0.1/hooks", "https://localhost/hooks"):
            answer = await off.http.post(
                "/v1/webhook-endpoints",
                json={"url": target, "event_types": ["act.billed"]},
                headers=off.headers(practice),
            )
            assert assert_problem(answer, 422)["errors"][0]["field"] == "body.url", target
        headers = off.headers(practice, role=Role.PRACTICE_ADMIN)
        assert_problem(await off.http.post(reset_path(practice), headers=headers), 404)
