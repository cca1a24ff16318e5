"""An internal token is verified once and remembered until it expires; a bad one is never remembered."""

import time

import pytest

from servicekit.auth import CallerContext, InternalTokenVerifier, mint_internal_token
from servicekit.problems import ProblemError
from servicekit.testing import GatewayKeys, caller

KEYS = GatewayKeys.generate()


def verifier(cache_size: int = 4096) -> InternalTokenVerifier:
    return InternalTokenVerifier(
        KEYS.public_pem, issuer="dentalink-gateway", audience="dentalink-services", cache_size=cache_size
    )


def token(who: CallerContext, lifetime: int = 60) -> str:
    return mint_internal_token(KEYS.private, who, lifetime=lifetime)


def test_a_token_is_verified_once_then_answered_from_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    check, who = verifier(), caller()
    minted = token(who)
    assert check.verify(minted) == who
    monkeypatch.setattr("servicekit.auth.jwt.decode", lambda *_, **__: pytest.fail("decoded twice"))
    assert check.verify(minted) == who


def test_a_remembered_token_is_refused_once_expired() -> None:
    check = verifier()
    minted = token(caller(), lifetime=60)
    check.verify(minted)
    with pytest.raises(ProblemError) as refused:
        check.verify(minted, now=time.time() + 3600)
    assert refused.value.status == 401


def test_a_forged_token_is_refused_every_time_and_never_remembered() -> None:
    check, minted = verifier(), token(caller())
    forged = minted[:-4] + ("AAAA" if not minted.endswith("AAAA") else "BBBB")
    for _ in range(2):
        with pytest.raises(ProblemError):
            check.verify(forged)
    assert forged not in check._verified


def test_memory_is_bounded() -> None:
    check = verifier(cache_size=3)
    for _ in range(10):
        check.verify(token(caller()))
    assert len(check._verified) == 3
