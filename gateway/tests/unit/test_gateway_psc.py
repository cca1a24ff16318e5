"""Verifying Pro Santé Connect ID tokens against the issuer's keys."""

import json
import time
from typing import Any

import httpx
import pytest

from gateway.adapters.psc import (
    InvalidProfessionalToken,
    JwksOverHttp,
    PscKeysUnavailable,
    PscVerifier,
    StaticKeys,
)
from gateway.adapters.psc_sandbox import SandboxPscIssuer, sandbox_professional

ISSUER, AUDIENCE = "https://psc.test", "dentalink"
SANDBOX = SandboxPscIssuer(ISSUER, AUDIENCE)
CLIENT, OTHER_CLIENT = "vendor-a", "vendor-b"


def verifier(issuer: SandboxPscIssuer = SANDBOX, max_lifetime: int = 3600) -> PscVerifier:
    return PscVerifier(StaticKeys(issuer.key_set), ISSUER, AUDIENCE, leeway=30, max_lifetime=max_lifetime)


def mint(professional: str = "dentist", *, issuer: SandboxPscIssuer = SANDBOX, **claims: Any) -> str:
    options: dict[str, Any] = {"client_id": CLIENT, "lifetime": 600} | claims
    return issuer.mint(sandbox_professional(professional), **options)


async def test_a_valid_token_names_the_professional() -> None:
    professional = await verifier().verify(mint("oral-surgeon"), client_id=CLIENT)
    assert professional.rpps == "10000001031" and professional.specialty == "oral_surgery"


@pytest.mark.parametrize(
    "token",
    [
        None,
        "",
        "not.a.jwt",
        mint(lifetime=60, now=time.time() - 3600),
        mint(audience="someone-else"),
        mint(issuer=SandboxPscIssuer("https://evil.test", AUDIENCE)),
        mint(issuer=SandboxPscIssuer(ISSUER, AUDIENCE)),  # other key
        "x" * 20_000,
    ],
    ids=["missing", "empty", "garbage", "expired", "audience", "issuer", "signature", "huge"],
)
async def test_invalid_tokens_are_refused(token: str | None) -> None:
    with pytest.raises(InvalidProfessionalToken):
        await verifier().verify(token, client_id=CLIENT)


async def test_a_token_minted_for_one_client_is_refused_with_another() -> None:
    token = mint(client_id=CLIENT)
    assert (await verifier().verify(token, client_id=CLIENT)).rpps == "10000001015"
    with pytest.raises(InvalidProfessionalToken, match=r"not issued for this client \(azp\)") as refused:
        await verifier().verify(token, client_id=OTHER_CLIENT)
    assert CLIENT not in refused.value.detail  # the answer does not say whose token it is


@pytest.mark.parametrize(
    ("azp", "audience", "accepted"),
    [
        (None, AUDIENCE, False),  # bound to nobody
        (None, [AUDIENCE, CLIENT], True),  # no azp: the audience names the client
        (None, [AUDIENCE, OTHER_CLIENT], False),
        (OTHER_CLIENT, [AUDIENCE, CLIENT], False),  # azp, when present, decides
        (CLIENT, [AUDIENCE, OTHER_CLIENT], True),
        (None, [CLIENT], False),  # not meant for Dentalink
    ],
)
async def test_the_binding_comes_from_azp_or_else_from_the_audience(
    azp: str | None, audience: str | list[str], accepted: bool
) -> None:
    token = mint(client_id=azp, audience=audience)
    if accepted:
        assert (await verifier().verify(token, client_id=CLIENT)).rpps == "10000001015"
    else:
        with pytest.raises(InvalidProfessionalToken):
            await verifier().verify(token, client_id=CLIENT)


async def test_a_token_living_longer_than_the_bound_is_refused_though_validly_signed() -> None:
    check = verifier(max_lifetime=3600)
    assert (await check.verify(mint(lifetime=3600), client_id=CLIENT)).rpps == "10000001015"
    with pytest.raises(InvalidProfessionalToken, match="longer than the 3600 s") as refused:
        await check.verify(mint(lifetime=3601), client_id=CLIENT)
    assert refused.value.detail.startswith("The Pro Santé Connect token lives longer")
    long_ago = time.time() - 86_000  # still valid now, issued a day ago
    with pytest.raises(InvalidProfessionalToken):
        await check.verify(mint(lifetime=86_400 + 3600, now=long_ago), client_id=CLIENT)


class Issuer:
    """A JWKS endpoint whose key set can change (rotation) and that can fail."""

    def __init__(self, issuer: SandboxPscIssuer) -> None:
        self.issuer, self.calls, self.down = issuer, 0, False

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        if self.down:
            return httpx.Response(503)
        return httpx.Response(200, content=json.dumps(self.issuer.jwks()))


async def test_keys_over_http_are_cached_and_refetched_for_an_unknown_key_id() -> None:
    first = SandboxPscIssuer(ISSUER, AUDIENCE)
    remote = Issuer(first)
    clock = [0.0]
    async with httpx.AsyncClient(transport=httpx.MockTransport(remote.handler)) as client:
        source = JwksOverHttp("https://psc.test/jwks", client, max_age_seconds=300, clock=lambda: clock[0])
        check = PscVerifier(source, ISSUER, AUDIENCE)
        await check.verify(mint(issuer=first), client_id=CLIENT)
        await check.verify(mint(issuer=first), client_id=CLIENT)
        assert remote.calls == 1
        rotated = SandboxPscIssuer(ISSUER, AUDIENCE)
        remote.issuer = rotated
        clock[0] = 31.0  # an unknown kid triggers a refetch, at most every 30 s
        await check.verify(mint(issuer=rotated), client_id=CLIENT)
        assert remote.calls == 2
        remote.down = True
        clock[0] = 400.0  # stale, and the issuer is down: the cached keys keep working
        await check.verify(mint(issuer=rotated), client_id=CLIENT)


async def test_no_keys_at_all_is_a_technical_fault() -> None:
    remote = Issuer(SANDBOX)
    remote.down = True
    async with httpx.AsyncClient(transport=httpx.MockTransport(remote.handler)) as client:
        check = PscVerifier(JwksOverHttp("https://psc.test/jwks", client), ISSUER, AUDIENCE)
        with pytest.raises(PscKeysUnavailable):
            await check.verify(mint(issuer=SANDBOX), client_id=CLIENT)
