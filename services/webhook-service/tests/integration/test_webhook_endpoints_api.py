"""The endpoint routes: practice scoping, the practice admin only, target checks at registration,
pagination (real PostgreSQL). The scoping and role rules are checked on every route of the service's
OpenAPI document, so a new route is covered without touching this file."""

import asyncio
import uuid
from collections.abc import Awaitable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import httpx
import pytest

from dentalink_contracts.events import ActCode, Payer, TeleExpertiseBilled
from dentalink_contracts.openapi import operations, request_example
from dentalink_contracts.values import Role
from servicekit.testing import (
    MovableClock,
    assert_problem,
    eventually,
    fresh_database,
    send_event,
    unique_group,
)
from webhook_service.testing import Receiver, Service, service_on

pytestmark = pytest.mark.integration


async def test_another_practice_neither_sees_nor_changes_an_endpoint(
    service: Service, practice: str, receiver: Receiver
) -> None:
    endpoint = await service.register(practice, receiver.url, ["act.billed"], description="Main")
    path = f"/v1/webhook-endpoints/{endpoint['id']}"
    intruder = service.headers(practice + "-intruder")
    assert_problem(await service.http.get(path, headers=intruder), 404)
    assert_problem(await service.http.patch(path, json={"enabled": False}, headers=intruder), 404)
    assert_problem(await service.http.post(f"{path}/secret-rotation", headers=intruder), 404)
    assert_problem(await service.http.get(f"{path}/deliveries", headers=intruder), 404)
    assert_problem(await service.http.delete(path, headers=intruder), 404)
    listed = await service.http.get("/v1/webhook-endpoints", headers=intruder)
    assert listed.json()["items"] == []

    mine = await service.http.get(path, headers=service.headers(practice))
    assert mine.status_code == 200
    assert mine.json()["enabled"] is True
    assert "secret" not in mine.json()  # shown once, at creation
    assert (await service.http.delete(path, headers=service.headers(practice))).status_code == 204
    assert_problem(await service.http.get(path, headers=service.headers(practice)), 404)


ROUTES = "/v1/webhook-endpoints"


def routes(service: Service) -> list[tuple[str, str, Any]]:
    """(method, path template, its body's example or None) of every endpoint route."""
    document = service.app.openapi()
    return [
        (method, template, request_example(document, operation))
        for template, method, operation in operations(document)
        if template.startswith(ROUTES)
    ]


async def call(
    service: Service, method: str, template: str, body: Any, ids: dict[str, str], headers: dict[str, str]
) -> httpx.Response:
    path = template.format(**ids)
    if body is None:
        return await service.http.request(method.upper(), path, headers=headers)
    return await service.http.request(method.upper(), path, json=body, headers=headers)


async def an_endpoint_with_a_delivery(service: Service, practice: str, receiver: Receiver) -> dict[str, str]:
    endpoint = await service.register(practice, receiver.url, ["act.billed"])
    event = TeleExpertiseBilled(
        act_id=uuid.uuid4(),
        expertise_id=uuid.uuid4(),
        practice_id=practice,
        practitioner_rpps="10001234567",
        patient_key="pk_" + "1" * 32,
        invoice_id=uuid.uuid4(),
        act_code=ActCode.TE2,
        amount=Decimal("20.00"),
        payer=Payer.AMO,
        billed_at=datetime.now(UTC),
    )
    await send_event(event, key=event.patient_key)

    log: list[dict[str, Any]] = []

    async def queued() -> None:
        log[:] = await service.deliveries(practice, endpoint["id"])
        assert len(log) == 1

    await eventually(queued)
    return {"endpoint_id": endpoint["id"], "delivery_id": str(log[0]["id"])}


async def test_every_route_of_an_endpoint_is_not_found_from_another_practice(
    service: Service, practice: str, receiver: Receiver
) -> None:
    ids = await an_endpoint_with_a_delivery(service, practice, receiver)
    intruder = service.headers(practice + "-intruder")
    walked = [route for route in routes(service) if "{endpoint_id}" in route[1]]
    assert len(walked) >= 6  # get, patch, delete, rotation, log, redelivery: guards the walk itself
    for method, template, body in walked:
        answer = await call(service, method, template, body, ids, intruder)
        assert_problem(answer, 404)
    # Nothing the intruder asked was done: the endpoint, its secret and its log are as they were.
    mine = await service.http.get(f"{ROUTES}/{ids['endpoint_id']}", headers=service.headers(practice))
    assert mine.status_code == 200 and mine.json()["previous_secret_expires_at"] is None
    assert len(await service.deliveries(practice, ids["endpoint_id"])) == 1


async def test_every_route_is_for_the_practice_admin_only(
    service: Service, practice: str, receiver: Receiver
) -> None:
    ids = await an_endpoint_with_a_delivery(service, practice, receiver)
    walked = routes(service)
    assert len(walked) >= 8  # guards the walk itself
    for role in set(Role) - {Role.PRACTICE_ADMIN}:
        for method, template, body in walked:
            answer = await call(service, method, template, body, ids, service.headers(practice, role=role))
            problem = assert_problem(answer, 403)
            assert problem["type"].endswith("/forbidden-role"), (role, method, template)


async def test_only_the_practice_admin_manages_endpoints(service: Service, practice: str) -> None:
    dentist = service.headers(practice, role=Role.DENTIST)
    body = {"url": "http://127.0.0.1:9/hooks", "event_types": ["act.billed"]}
    assert_problem(await service.http.post("/v1/webhook-endpoints", json=body, headers=dentist), 403)
    assert_problem(await service.http.get("/v1/webhook-endpoints", headers=dentist), 403)


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("https://10.1.2.3/hooks", "url-address-not-allowed"),
        ("https://169.254.169.254/latest/meta-data", "url-address-not-allowed"),
        ("https://[::ffff:192.168.0.1]/hooks", "url-address-not-allowed"),
        ("https://0.0.0.0/hooks", "url-address-not-allowed"),
        ("http://93.184.216.34/hooks", "url-scheme-not-allowed"),
        ("ftp://127.0.0.1/hooks", "url-scheme-not-allowed"),
        ("https://user:pw@127.0.0.1/hooks", "url-credentials-not-allowed"),
        ("https://no-such-host.invalid/hooks", "url-host-unresolvable"),
    ],
)
async def test_a_refused_target_is_a_422_naming_the_url(
    service: Service, practice: str, url: str, code: str
) -> None:
    answer = await service.http.post(
        "/v1/webhook-endpoints",
        json={"url": url, "event_types": ["act.billed"]},
        headers=service.headers(practice),
    )
    problem = assert_problem(answer, 422)
    assert [(error["field"], error["code"]) for error in problem["errors"]] == [("body.url", code)]
    assert url not in answer.text  # the refused value is not echoed


async def test_a_patch_to_a_refused_target_is_refused_too(
    service: Service, practice: str, receiver: Receiver
) -> None:
    endpoint = await service.register(practice, receiver.url, ["act.billed"])
    answer = await service.http.patch(
        f"/v1/webhook-endpoints/{endpoint['id']}",
        json={"url": "https://192.168.1.10/hooks"},
        headers=service.headers(practice),
    )
    assert assert_problem(answer, 422)["errors"][0]["field"] == "body.url"


async def test_the_list_pages_with_a_cursor(service: Service, practice: str, receiver: Receiver) -> None:
    ids = [(await service.register(practice, receiver.url, ["act.billed"]))["id"] for _ in range(3)]
    first = (
        await service.http.get("/v1/webhook-endpoints?limit=2", headers=service.headers(practice))
    ).json()
    assert [one["id"] for one in first["items"]] == ids[:2]
    rest = (
        await service.http.get(
            f"/v1/webhook-endpoints?limit=2&cursor={first['next_cursor']}", headers=service.headers(practice)
        )
    ).json()
    assert [one["id"] for one in rest["items"]] == ids[2:]
    assert rest["next_cursor"] is None
    for path in (ROUTES, f"{ROUTES}/{ids[0]}/deliveries"):
        forged = await service.http.get(f"{path}?cursor=bm90LWEtY3Vyc29y", headers=service.headers(practice))
        assert assert_problem(forged, 400)["type"].endswith("/invalid-cursor"), path


async def test_a_practice_registers_at_most_its_cap_of_endpoints_even_at_once(receiver: Receiver) -> None:
    """The cap holds for registrations racing each other, per practice, and frees up on deletion."""
    async with (
        fresh_database("webhook") as url,
        service_on(url, MovableClock(), max_endpoints_per_practice=3) as capped,
    ):
        practice, other = unique_group("cab"), unique_group("cab")
        body = {"url": receiver.url, "event_types": ["act.billed"]}

        def register(who: str) -> Awaitable[httpx.Response]:
            return capped.http.post(ROUTES, json=body, headers=capped.headers(who))

        answers = await asyncio.gather(*(register(practice) for _ in range(6)))
        assert sorted(answer.status_code for answer in answers) == [201] * 3 + [409] * 3
        refused = next(answer for answer in answers if answer.status_code == 409)
        problem = assert_problem(refused, 409)
        assert problem["type"].endswith("/webhook-endpoint-limit-reached") and "3" in problem["detail"]
        assert (await register(other)).status_code == 201  # another practice's count is its own
        listed = await capped.http.get(ROUTES, headers=capped.headers(practice))
        assert len(listed.json()["items"]) == 3
        gone = listed.json()["items"][0]["id"]
        deleted = await capped.http.delete(f"{ROUTES}/{gone}", headers=capped.headers(practice))
        assert deleted.status_code == 204, deleted.text
        assert (await register(practice)).status_code == 201
