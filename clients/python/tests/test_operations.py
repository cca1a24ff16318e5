"""Human names from operationIds, what a call fills in, and cursor pagination."""

import copy
import json
import uuid
from pathlib import Path

import httpx
import pytest

from dentalink_sdk import ApiError
from dentalink_sdk.operations import generated_operations, operation_ids, operation_index

IDENTITIES = "/v1/identities"
PRACTICE = "cab-test-1"
PSC_TOKEN = "psc.id.token"  # fake: the SDK forwards it, only the gateway reads it
COMMITTED_IDS = Path(__file__).resolve().parents[3] / "contracts" / "operation_ids.txt"


def test_every_operation_id_has_a_human_name_and_a_generated_module() -> None:
    committed = sorted(
        line.split(" ", 1)[0] for line in COMMITTED_IDS.read_text(encoding="utf-8").splitlines()
    )
    assert list(operation_ids()) == committed
    modules = generated_operations()
    named = [module for actions in operation_index().values() for module in actions.values()]
    assert sorted(named) == sorted(modules)
    assert operation_index()["tele_expertises"]["accept"] == "tele_expertises_accept"
    assert operation_index()["identities"]["look_up_insi"] == "identities_look_up_insi"


def test_unknown_names_are_attribute_errors(api) -> None:
    sdk = api.sdk()
    with pytest.raises(AttributeError):
        _ = sdk.patients
    with pytest.raises(AttributeError):
        _ = sdk.identities.delete
    assert "tele_expertises" in dir(sdk)
    assert "accept" in dir(sdk.tele_expertises)


async def test_a_professional_call_carries_the_psc_token_and_the_practice(api) -> None:
    identity = api.example(IDENTITIES, "post", "201")
    api.answers = [api.json_response(200, identity)]
    got = await api.sdk().as_professional(PSC_TOKEN, PRACTICE).identities.get(identity["id"])
    assert str(got.id) == identity["id"]
    (call,) = api.calls
    assert call.url.path == f"{IDENTITIES}/{identity['id']}"
    assert call.headers["X-Pro-Sante-Connect-Token"] == PSC_TOKEN
    assert call.headers["X-Practice-Id"] == PRACTICE
    assert "X-Acting-Role" not in call.headers


async def test_an_acting_role_is_sent_when_chosen(api) -> None:
    api.answers = [api.json_response(200, api.example(IDENTITIES, "get", "200"))]
    admin = api.sdk().as_professional(PSC_TOKEN, PRACTICE, acting_role="practice_admin")
    await admin.identities.list()
    assert api.calls[0].headers["X-Acting-Role"] == "practice_admin"


async def test_a_practice_operation_needs_a_professional(api) -> None:
    with pytest.raises(TypeError, match="as_professional"):
        await api.sdk().identities.list()
    assert api.calls == []


async def test_a_dict_body_becomes_the_generated_model(api) -> None:
    minted = api.example("/v1/sandbox/psc-tokens", "post", "201")
    api.answers = [api.json_response(201, minted)]
    token = await api.sdk().sandbox.mint_psc_token(body={"professional": "dentist"})
    assert token.id_token == minted["id_token"]
    assert json.loads(api.calls[0].content) == {"professional": "dentist"}


async def test_a_refusal_raises_its_problem(api) -> None:
    api.answers = [api.problem(404, "identity-not-found")]
    with pytest.raises(ApiError) as refused:
        await api.sdk().as_professional(PSC_TOKEN, PRACTICE).identities.get(uuid.uuid4())
    assert (refused.value.status, refused.value.kind) == (404, "identity-not-found")
    assert str(refused.value) == "404 identity-not-found: identity-not-found"


def paged_identities(api, count: int, size: int):
    """A list answer that serves `count` identities `size` at a time, as the API pages them."""
    template = api.example(IDENTITIES, "get", "200")["items"][0]
    identities = [{**copy.deepcopy(template), "id": str(uuid.uuid4())} for _ in range(count)]

    def answer(request: httpx.Request) -> httpx.Response:
        start = int(request.url.params.get("cursor", "0"))
        end = start + size
        body = {"items": identities[start:end], "next_cursor": str(end) if end < count else None}
        return httpx.Response(200, json=body)

    return identities, answer


async def test_items_follows_next_cursor_to_the_last_page_with_the_same_filters(api) -> None:
    identities, answer = paged_identities(api, count=5, size=2)
    api.answers = [answer, answer, answer]
    dentist = api.sdk().as_professional(PSC_TOKEN, PRACTICE)
    seen = [str(item.id) async for item in dentist.identities.list.items(birth_name="Martin", limit=2)]
    assert seen == [identity["id"] for identity in identities]
    assert [call.url.params.get("cursor") for call in api.calls] == [None, "2", "4"]
    assert {call.url.params["birth_name"] for call in api.calls} == {"Martin"}


async def test_pages_starts_at_a_given_cursor_and_stops_on_a_null_cursor(api) -> None:
    _, answer = paged_identities(api, count=3, size=2)
    api.answers = [answer]
    dentist = api.sdk().as_professional(PSC_TOKEN, PRACTICE)
    pages = [page async for page in dentist.identities.list.pages(cursor="2", limit=2)]
    assert [len(page.items) for page in pages] == [1]


def test_only_lists_have_pages(api) -> None:
    with pytest.raises(TypeError, match="not a paged list"):
        api.sdk().as_professional(PSC_TOKEN, PRACTICE).identities.create.pages()
