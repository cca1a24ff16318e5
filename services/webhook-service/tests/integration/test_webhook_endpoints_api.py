"""The endpoint routes: practice scoping, the practice admin only, target checks at registration,
pagination (real PostgreSQL)."""

import pytest

from dentalink_contracts.values import Role
from servicekit.testing import assert_problem
from webhook_service.testing import Receiver, Service

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
