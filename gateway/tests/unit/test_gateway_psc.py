"""Verifying Pro Santé Connect ID tokens against the issuer's keys."""

import json
import time

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


def verifier(issuer: SandboxPscIssuer = SANDBOX) -> PscVerifier:
    return PscVerifier(StaticKeys(issuer.key_set), ISSUER, AUDIENCE, leeway=30)


async def test_a_valid_token_names_the_professional() -> None:
    token = SANDBOX.mint(sandbox_professional("oral-surgeon"), lifetime=600)
    professional = await verifier().verify(token)
    assert professional.rpps == "10000001031" and professional.specialty == "oral_surgery"


@pytest.mark.parametrize(
    "token",
    [
        None,
        "",
        "not.a.jwt",
        SANDBOX.mint(sandbox_professional("dentist"), lifetime=60, now=time.time() - 3600),
        SANDBOX.mint(sandbox_professional("dentist"), lifetime=600, audience="someone-else"),
        SandboxPscIssuer("https://evil.test", AUDIENCE).mint(sandbox_professional("dentist"), lifetime=600),
        SandboxPscIssuer(ISSUER, AUDIENCE).mint(sandbox_professional("dentist"), lifetime=600),  # other key
        "x" * 20_000,
    ],
    ids=["missing", "empty", "garbage", "expired", "audience", "issuer", "signature", "huge"],
)
async def test_invalid_tokens_are_refused(token: str | None) -> None:
    with pytest.raises(InvalidProfessionalToken):
        await verifier().verify(token)


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
        await check.verify(first.mint(sandbox_professional("dentist"), lifetime=600))
        await check.verify(first.mint(sandbox_professional("dentist"), lifetime=600))
        assert remote.calls == 1
        rotated = SandboxPscIssuer(ISSUER, AUDIENCE)
        remote.issuer = rotated
        clock[0] = 31.0  # an unknown kid triggers a refetch, at most every 30 s
        await check.verify(rotated.mint(sandbox_professional("dentist"), lifetime=600))
        assert remote.calls == 2
        remote.down = True
        clock[0] = 400.0  # stale, and the issuer is down: the cached keys keep working
        await check.verify(rotated.mint(sandbox_professional("dentist"), lifetime=600))


async def test_no_keys_at_all_is_a_technical_fault() -> None:
    remote = Issuer(SANDBOX)
    remote.down = True
    async with httpx.AsyncClient(transport=httpx.MockTransport(remote.handler)) as client:
        check = PscVerifier(JwksOverHttp("https://psc.test/jwks", client), ISSUER, AUDIENCE)
        with pytest.raises(PscKeysUnavailable):
            await check.verify(SANDBOX.mint(sandbox_professional("dentist"), lifetime=600))
