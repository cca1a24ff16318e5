"""Tokens are checked once and remembered until they expire, never past it, and never past a change
of the keys that signed them."""

import time
from pathlib import Path
from typing import Any

import pytest
from joserfc import jwt

from gateway.access_tokens import AccessTokens, InvalidAccessToken
from gateway.adapters.psc import InvalidProfessionalToken, PscVerifier, StaticKeys
from gateway.adapters.psc_sandbox import SandboxPscIssuer, sandbox_professional
from gateway.signing_keys import KeyRing, rotate

ISSUER, AUDIENCE = "https://psc.test", "dentalink"


class CountingDecode:
    """Counts signature checks (jwt.decode calls) made through the gateway modules."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *modules: Any) -> None:
        self.calls = 0
        real = jwt.decode

        def counting(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            return real(*args, **kwargs)

        for module in modules:
            monkeypatch.setattr(module.jwt, "decode", counting)


def access_tokens(ring: KeyRing) -> AccessTokens:
    return AccessTokens(ring, "https://api.test", "dentalink-api", 300)


def test_an_access_token_is_checked_once_until_it_expires(monkeypatch: pytest.MonkeyPatch) -> None:
    import gateway.access_tokens as module

    decode = CountingDecode(monkeypatch, module)
    service = access_tokens(KeyRing.ephemeral())
    token = service.issue("vendor-1", frozenset({"dmp:read"}), now=1_000_000)
    for offset in (0, 100, 304):
        assert service.verify(token, now=1_000_000 + offset).client_id == "vendor-1"
    assert decode.calls == 1
    with pytest.raises(InvalidAccessToken):
        service.verify(token, now=1_000_000 + 306)  # past exp + leeway: refused, not remembered


def test_a_forged_access_token_is_refused_every_time(monkeypatch: pytest.MonkeyPatch) -> None:
    service = access_tokens(KeyRing.ephemeral())
    foreign = access_tokens(KeyRing.ephemeral()).issue("vendor-1", frozenset())
    for _ in range(3):
        with pytest.raises(InvalidAccessToken):
            service.verify(foreign)


def test_a_key_rotated_out_of_the_ring_takes_its_remembered_tokens_with_it(tmp_path: Path) -> None:
    ring = KeyRing.from_directory(tmp_path)
    service = access_tokens(ring)
    token = service.issue("vendor-1", frozenset())
    assert service.verify(token).client_id == "vendor-1"
    first = sorted(tmp_path.glob("*.pem"))
    rotate(tmp_path)
    for path in first:
        path.unlink()  # the operator removes the key that signed the token
    ring.reload()
    with pytest.raises(InvalidAccessToken):
        service.verify(token)


def verifier(issuer: SandboxPscIssuer) -> PscVerifier:
    return PscVerifier(StaticKeys(issuer.key_set), ISSUER, AUDIENCE, leeway=30, max_lifetime=3600)


async def test_a_professional_token_is_checked_once_per_client(monkeypatch: pytest.MonkeyPatch) -> None:
    import gateway.adapters.psc as module

    decode = CountingDecode(monkeypatch, module)
    issuer = SandboxPscIssuer(ISSUER, AUDIENCE)
    check = verifier(issuer)
    now = time.time()
    token = issuer.mint(sandbox_professional("dentist"), client_id="vendor-a", lifetime=600, now=now)
    for offset in (0, 300, 629):
        assert (await check.verify(token, client_id="vendor-a", now=now + offset)).rpps == "10000001015"
    assert decode.calls == 1
    # Remembered for the client it was bound to only: another client is refused, every time.
    for _ in range(2):
        with pytest.raises(InvalidProfessionalToken):
            await check.verify(token, client_id="vendor-b", now=now)
    with pytest.raises(InvalidProfessionalToken):
        await check.verify(token, client_id="vendor-a", now=now + 631)  # past exp + leeway


async def test_new_issuer_keys_make_remembered_professional_tokens_checked_again() -> None:
    issuer, successor = SandboxPscIssuer(ISSUER, AUDIENCE), SandboxPscIssuer(ISSUER, AUDIENCE)
    current = {"issuer": issuer}
    check = PscVerifier(
        StaticKeys(lambda: current["issuer"].key_set()), ISSUER, AUDIENCE, leeway=30, max_lifetime=3600
    )
    token = issuer.mint(sandbox_professional("dentist"), client_id="vendor-a", lifetime=600)
    assert (await check.verify(token, client_id="vendor-a")).rpps == "10000001015"
    current["issuer"] = successor  # the issuer's JWKS no longer holds the key that signed it
    with pytest.raises(InvalidProfessionalToken):
        await check.verify(token, client_id="vendor-a")
