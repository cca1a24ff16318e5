"""OAuth2 client credentials (RFC 6749 §4.4), the JWKS, and signing key rotation."""

import asyncio
import base64
import time
import uuid

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import KeySet
from sqlalchemy.ext.asyncio import AsyncSession

from gateway import admin, manage
from gateway.jobs import reload_signing_keys
from gateway.sandbox_client import SandboxPractice
from gateway.signing_keys import rotate
from gateway.testing import Stack, context_of_app

pytestmark = pytest.mark.integration
FORM = {"grant_type": "client_credentials"}
Registered = tuple[str, str]  # (client id, secret)


@pytest.fixture
async def client(stack: Stack) -> Registered:
    """A registered client: (client id, secret)."""
    client_id = f"vendor-{uuid.uuid4().hex[:8]}"

    async def register(session: AsyncSession) -> str:
        return await admin.register_client(
            session, client_id=client_id, practices=["cab-oauth"], scopes="identities:read dmp:read"
        )

    return client_id, await manage.in_transaction(stack.database_url, register, migrate=False)


async def test_basic_credentials_give_a_short_lived_es256_token(
    http: httpx.AsyncClient, client: Registered
) -> None:
    client_id, secret = client
    response = await http.post("/v1/oauth/token", data=FORM, auth=(client_id, secret))
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 300
    assert body["scope"] == "dmp:read identities:read"
    jwks = (await http.get("/.well-known/jwks.json")).json()
    token = jwt.decode(body["access_token"], KeySet.import_key_set(jwks), algorithms=["ES256"])
    assert token.header["typ"] == "at+jwt"
    assert token.claims["client_id"] == client_id
    assert token.claims["exp"] - token.claims["iat"] == 300


async def test_form_credentials_and_a_narrower_scope(http: httpx.AsyncClient, client: Registered) -> None:
    client_id, secret = client
    response = await http.post(
        "/v1/oauth/token", data=FORM | {"client_id": client_id, "client_secret": secret, "scope": "dmp:read"}
    )
    assert response.status_code == 200 and response.json()["scope"] == "dmp:read"
    wider = await http.post(
        "/v1/oauth/token", data=FORM | {"scope": "billing:read"}, auth=(client_id, secret)
    )
    assert wider.status_code == 400 and wider.json()["error"] == "invalid_scope"


async def test_client_authentication_failures_are_oauth_errors(
    http: httpx.AsyncClient, client: Registered
) -> None:
    client_id, secret = client
    wrong = await http.post("/v1/oauth/token", data=FORM, auth=(client_id, secret + "x"))
    assert wrong.status_code == 401
    assert wrong.headers["content-type"] == "application/problem+json"
    assert wrong.json()["error"] == "invalid_client"
    assert wrong.headers["www-authenticate"].startswith("Basic")
    unknown = await http.post("/v1/oauth/token", data=FORM, auth=("nobody", secret))
    assert unknown.status_code == 401 and unknown.json()["error"] == "invalid_client"
    both = await http.post(
        "/v1/oauth/token",
        data=FORM | {"client_id": client_id, "client_secret": secret},
        auth=(client_id, secret),
    )
    assert both.status_code == 400 and both.json()["error"] == "invalid_request"
    none = await http.post("/v1/oauth/token", data=FORM)
    assert none.status_code == 401 and none.json()["error"] == "invalid_client"
    bad_basic = await http.post("/v1/oauth/token", data=FORM, headers={"Authorization": "Basic !!!"})
    assert bad_basic.status_code == 401


async def test_malformed_token_requests(http: httpx.AsyncClient, client: Registered) -> None:
    client_id, secret = client
    grant = await http.post("/v1/oauth/token", data={"grant_type": "password"}, auth=(client_id, secret))
    assert grant.status_code == 400 and grant.json()["error"] == "unsupported_grant_type"
    as_json = await http.post("/v1/oauth/token", json=FORM, auth=(client_id, secret))
    assert as_json.status_code == 400 and as_json.json()["error"] == "invalid_request"
    twice = await http.post(
        "/v1/oauth/token",
        content=b"grant_type=client_credentials&grant_type=client_credentials",
        headers={"content-type": "application/x-www-form-urlencoded"},
        auth=(client_id, secret),
    )
    assert twice.status_code == 400


async def test_a_url_encoded_basic_secret_is_decoded(http: httpx.AsyncClient, stack: Stack) -> None:
    # RFC 6749 §2.3.1: id and secret are form-url-encoded before Base64.
    async def work(session: AsyncSession) -> str:
        return await admin.register_client(session, client_id="vendor_plus-1", practices=["p"], scopes="*")

    secret = await manage.in_transaction(stack.database_url, work, migrate=False)
    encoded = base64.b64encode(f"vendor_plus-1:{secret.replace('-', '%2D')}".encode()).decode()
    response = await http.post("/v1/oauth/token", data=FORM, headers={"Authorization": f"Basic {encoded}"})
    assert response.status_code == 200


async def test_a_disabled_client_gets_no_token_and_its_tokens_stop_working(
    http: httpx.AsyncClient, stack: Stack, practice: SandboxPractice
) -> None:
    headers = await practice.headers("dentist")
    assert (await http.get("/v1/billing-summaries", headers=headers)).status_code == 200

    async def disable(session: AsyncSession) -> None:
        await admin.set_client_disabled(session, client_id=practice.client_id, disabled=True)

    await manage.in_transaction(stack.database_url, disable, migrate=False)
    # The manage command is another process: the gateway sees it once the standing it remembers
    # is older than GATEWAY_STANDING_CACHE_SECONDS.
    deadline = time.monotonic() + stack.settings.standing_cache_seconds + 2
    while (await http.get("/v1/billing-summaries", headers=headers)).status_code != 401:
        assert time.monotonic() < deadline, "a disabled client's tokens still work past the cache delay"
        await asyncio.sleep(0.2)
    token = await http.post("/v1/oauth/token", data=FORM, auth=(practice.client_id, practice.client_secret))
    assert token.status_code == 401


async def test_a_rotated_key_signs_new_tokens_while_the_previous_one_still_verifies(
    http: httpx.AsyncClient, stack: Stack, client: Registered
) -> None:
    client_id, secret = client
    before = (await http.post("/v1/oauth/token", data=FORM, auth=(client_id, secret))).json()["access_token"]
    rotate(stack.keys_dir, keep=2)
    await reload_signing_keys(context_of_app(stack.app))  # as the periodic job does
    after = (await http.post("/v1/oauth/token", data=FORM, auth=(client_id, secret))).json()["access_token"]
    kid_before = jwt.decode(
        before, KeySet.import_key_set((await http.get("/.well-known/jwks.json")).json())
    ).header
    kid_after = jwt.decode(
        after, KeySet.import_key_set((await http.get("/.well-known/jwks.json")).json())
    ).header
    assert kid_before["kid"] != kid_after["kid"]
    assert len((await http.get("/.well-known/jwks.json")).json()["keys"]) == 2
    # A third rotation drops the first key: its tokens are then refused.
    rotate(stack.keys_dir, keep=2)
    await reload_signing_keys(context_of_app(stack.app))  # as the periodic job does
    keys = (await http.get("/.well-known/jwks.json")).json()["keys"]
    assert kid_before["kid"] not in {key["kid"] for key in keys}
    refused = await http.get("/v1/audit-events", headers={"Authorization": f"Bearer {before}"})
    assert refused.status_code == 401


async def test_the_management_command_registers_a_client_and_seeds_the_roster(
    http: httpx.AsyncClient, stack: Stack, capsys: pytest.CaptureFixture[str]
) -> None:
    url = ["--database-url", stack.database_url]
    code = await asyncio.to_thread(
        manage.run,
        [*url, "register-client", "--client-id", "vendor-cli", "--practice", "cab-cli", "--scopes", "*"],
    )
    secret = capsys.readouterr().out.strip().splitlines()[-1]
    assert code == 0 and len(secret) >= 40
    assert await asyncio.to_thread(manage.run, [*url, "register-client", "--client-id", "vendor-cli",
                                                "--practice", "x", "--scopes", "*"]) == 1  # fmt: skip
    member = [
        *url,
        "add-member",
        "--practice",
        "cab-cli",
        "--rpps",
        "10000001015",
        "--role",
        "practice_admin",
    ]
    assert await asyncio.to_thread(manage.run, member) == 0
    bad_rpps = [*url, "add-member", "--practice", "cab-cli", "--rpps", "10000001016", "--role", "dentist"]
    assert await asyncio.to_thread(manage.run, bad_rpps) == 1
    token = await http.post("/v1/oauth/token", data=FORM, auth=("vendor-cli", secret))
    assert token.status_code == 200


def _from_address(stack: Stack, address: str) -> httpx.AsyncClient:
    """The same running gateway, called as if from another source address."""
    transport = httpx.ASGITransport(app=stack.app, client=(address, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://gateway.test")


async def test_wrong_secrets_for_a_client_id_do_not_lock_that_client_out(
    http: httpx.AsyncClient, stack: Stack, client: Registered, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stack.settings, "token_failure_backoff_seconds", 30.0)
    client_id, secret = client
    async with _from_address(stack, f"198.51.100.{uuid.uuid4().int % 250 + 1}") as attacker:
        answers = [
            (await attacker.post("/v1/oauth/token", data=FORM, auth=(client_id, "wrong"))).status_code
            for _ in range(61)
        ]
    # 5 free failures, then back-off (30 s here, doubling): the rest come too soon and wait.
    assert set(answers[:5]) == {401} and set(answers[5:]) == {429}
    victim = await http.post("/v1/oauth/token", data=FORM, auth=(client_id, secret))
    assert victim.status_code == 200, victim.text


async def test_one_vendor_failing_behind_a_nat_address_locks_no_other_vendor_out(
    stack: Stack, client: Registered, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stack.settings, "token_failure_backoff_seconds", 30.0)
    client_id, secret = client
    async with _from_address(stack, f"203.0.113.{uuid.uuid4().int % 250 + 1}") as nat:
        other_id = f"vendor-{uuid.uuid4().hex[:8]}"

        async def register(session: AsyncSession) -> str:
            return await admin.register_client(
                session, client_id=other_id, practices=["cab-oauth"], scopes="identities:read"
            )

        other_secret = await manage.in_transaction(stack.database_url, register, migrate=False)
        misconfigured = [
            await nat.post("/v1/oauth/token", data=FORM, auth=(other_id, "old-secret")) for _ in range(8)
        ]
        assert [answer.status_code for answer in misconfigured] == [401] * 5 + [429] * 3
        assert 1 <= int(misconfigured[-1].headers["retry-after"]) <= 30
        working = await nat.post("/v1/oauth/token", data=FORM, auth=(client_id, secret))
        assert working.status_code == 200, working.text
        still_waiting = await nat.post("/v1/oauth/token", data=FORM, auth=(other_id, other_secret))
        assert still_waiting.status_code == 429  # its own back-off, even with the right secret


async def test_failures_from_one_address_are_bounded_whatever_the_client_id(
    stack: Stack, client: Registered, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stack.settings, "token_failure_address_limit", "3/minute")
    client_id, secret = client
    async with _from_address(stack, f"192.0.2.{uuid.uuid4().int % 250 + 1}") as sender:
        before = await sender.post("/v1/oauth/token", data=FORM, auth=(client_id, secret))
        assert before.status_code == 200  # this client works from this address
        answers = [
            (await sender.post("/v1/oauth/token", data=FORM, auth=(uuid.uuid4().hex, "x"))).status_code
            for _ in range(5)
        ]
        assert answers == [401, 401, 401, 429, 429]
        after = await sender.post("/v1/oauth/token", data=FORM, auth=(client_id, secret))
        assert after.status_code == 200, after.text  # a client already working there is not locked out


async def test_a_client_id_with_a_nul_byte_is_an_ordinary_failure(http: httpx.AsyncClient) -> None:
    response = await http.post(
        "/v1/oauth/token", data=FORM | {"client_id": "vendor\x00x", "client_secret": "s"}
    )
    assert response.status_code == 401 and response.json()["error"] == "invalid_client"
