"""Sandbox issuer (keys, rotation, JWKS) and the resilient ADRI port (timeouts, bounded retries)."""

import asyncio
from datetime import UTC, date, datetime, timedelta

import pytest
from joserfc.jwk import ECKey

from vitale_service.adapters.adri import AdriPort, AdriTimeout, AdriUnavailable, ResilientAdri, SandboxAdri
from vitale_service.adapters.issuer import SandboxApcvIssuer, SandboxIssuerKeys
from vitale_service.domain import (
    AdriResult,
    AdriResultKind,
    AmoBeneficiary,
    UnknownKey,
    sandbox_patient,
    verify_apcv_token,
)

ISSUER, AUDIENCE = "https://apcv.sandbox.dentalink.fr", "dentalink-vitale"
NOW = datetime(2025, 3, 14, 10, 0, tzinfo=UTC)
FAMILY = sandbox_patient("martin-family")
CLOSED = sandbox_patient("leroy-closed").content.beneficiaries[0]
UNKNOWN = sandbox_patient("petit-unknown").content.beneficiaries[0]


async def verify(issuer: SandboxApcvIssuer, token: str) -> str:
    keys = await SandboxIssuerKeys(issuer).key_set()
    payload = verify_apcv_token(
        token, keys, issuer=ISSUER, audience=AUDIENCE, now=NOW, max_lifetime=timedelta(minutes=5)
    )
    return payload.key_id


def mint(issuer: SandboxApcvIssuer) -> str:
    token, _ = issuer.mint(FAMILY, audience=AUDIENCE, now=NOW, lifetime=timedelta(minutes=2))
    return token


async def test_a_payload_of_the_previous_key_verifies_until_the_next_rotation() -> None:
    issuer = SandboxApcvIssuer(issuer=ISSUER)
    before = mint(issuer)
    first_kid = issuer.current_kid
    issuer.rotate()
    assert await verify(issuer, before) == first_kid
    assert await verify(issuer, mint(issuer)) == issuer.current_kid != first_kid
    issuer.rotate()
    with pytest.raises(UnknownKey):
        await verify(issuer, before)


def test_the_jwks_publishes_public_halves_current_key_first() -> None:
    issuer = SandboxApcvIssuer(issuer=ISSUER)
    old = issuer.current_kid
    new = issuer.rotate()
    keys = issuer.jwks()["keys"]
    assert [key["kid"] for key in keys] == [new, old]
    assert all(key["kty"] == "EC" and key["alg"] == "ES256" and "d" not in key for key in keys)


def test_keys_are_generated_per_start_unless_configured() -> None:
    assert SandboxApcvIssuer(issuer=ISSUER).current_kid != SandboxApcvIssuer(issuer=ISSUER).current_kid
    pem = ECKey.generate_key("P-256", private=True).as_pem(private=True).decode()
    previous = ECKey.generate_key("P-256", private=True).as_pem(private=True).decode()
    one = SandboxApcvIssuer(issuer=ISSUER, current_pem=pem, previous_pem=previous)
    other = SandboxApcvIssuer(issuer=ISSUER, current_pem=pem)
    assert one.current_kid == other.current_kid
    assert len(one.jwks()["keys"]) == 2


def test_a_public_or_non_p256_key_is_refused_as_issuer_key() -> None:
    public = ECKey.generate_key("P-256", private=True).as_pem(private=False).decode()
    with pytest.raises(ValueError, match="private key"):
        SandboxApcvIssuer(issuer=ISSUER, current_pem=public)
    p384 = ECKey.generate_key("P-384", private=True).as_pem(private=True).decode()
    with pytest.raises(ValueError, match="P-256"):
        SandboxApcvIssuer(issuer=ISSUER, current_pem=p384)


def test_every_minted_payload_has_its_own_nonce() -> None:
    issuer = SandboxApcvIssuer(issuer=ISSUER)
    nonces = {
        issuer.mint(FAMILY, audience=AUDIENCE, now=NOW, lifetime=timedelta(minutes=2))[1] for _ in range(20)
    }
    assert len(nonces) == 20


def resilient(inner: AdriPort, attempts: int = 3) -> ResilientAdri:
    return ResilientAdri(inner, timeout_seconds=0.05, max_attempts=attempts, retry_base_seconds=0)


async def test_the_sandbox_answers_open_closed_and_unknown() -> None:
    adri = resilient(SandboxAdri())
    assert (await adri.rights(FAMILY.content.beneficiaries[2])).kind is AdriResultKind.OPEN
    assert (await adri.rights(CLOSED)).kind is AdriResultKind.CLOSED
    assert (await adri.rights(UNKNOWN)).kind is AdriResultKind.UNKNOWN_BENEFICIARY


@pytest.mark.parametrize(("fault", "error"), [("timeout", AdriTimeout), ("error", AdriUnavailable)])
async def test_a_failing_adri_is_called_a_bounded_number_of_times(fault: str, error: type[Exception]) -> None:
    sandbox = SandboxAdri(fault=fault)
    with pytest.raises(error):
        await resilient(sandbox, attempts=3).rights(CLOSED)
    assert sandbox.calls == 3


class Flaky:
    """Times out once, then answers."""

    def __init__(self) -> None:
        self.calls = 0

    async def rights(self, beneficiary: AmoBeneficiary) -> AdriResult:
        self.calls += 1
        if self.calls == 1:
            await asyncio.sleep(1)
        return AdriResult(None)


async def test_a_transient_timeout_is_retried() -> None:
    flaky = Flaky()
    result = await resilient(flaky).rights(UNKNOWN)
    assert result.rights is None and flaky.calls == 2


def test_sandbox_rights_dates_are_the_documented_ones() -> None:
    assert SandboxAdri().table[CLOSED.nir].end == date(2024, 6, 30)
