"""The OAuth authorization-server metadata (RFC 8414) names the gateway where vendors reach it (issue 16):
the configured public URL, this local gateway's address when none is set, never a production host."""

from typing import Any

from joserfc import jwt
from joserfc.jwk import KeySet

from gateway.api.oauth import metadata
from gateway.settings import Settings
from gateway.testing import KEYS, InMemoryGatewayStore, workflow_context
from servicekit.fakes import InMemoryUnits

PRIVATE = KEYS.private.as_pem(private=True).decode()


async def _metadata(**settings: Any) -> dict[str, Any]:
    configured = Settings(internal_token_private_key=PRIVATE, **settings)
    context = workflow_context(InMemoryUnits(InMemoryGatewayStore()), settings=configured)
    return await metadata(context)


async def test_a_local_or_sandbox_gateway_names_its_own_address() -> None:
    document = await _metadata(port=18000)

    assert document["issuer"] == "http://127.0.0.1:18000"
    assert document["token_endpoint"] == "http://127.0.0.1:18000/v1/oauth/token"
    assert document["jwks_uri"] == "http://127.0.0.1:18000/.well-known/jwks.json"
    assert "api.dentalink.fr" not in str(document)


async def test_the_configured_public_url_is_the_issuer_and_the_base_of_every_endpoint() -> None:
    document = await _metadata(public_url="https://sandbox.vendor-tests.example/api/")

    assert document["issuer"] == "https://sandbox.vendor-tests.example/api"
    assert document["token_endpoint"] == "https://sandbox.vendor-tests.example/api/v1/oauth/token"
    assert document["jwks_uri"] == "https://sandbox.vendor-tests.example/api/.well-known/jwks.json"


async def test_an_explicit_issuer_names_the_tokens_while_endpoints_stay_on_the_public_url() -> None:
    document = await _metadata(public_url="https://api.example.test", oauth_issuer="https://id.example.test")

    assert document["issuer"] == "https://id.example.test"
    assert document["token_endpoint"] == "https://api.example.test/v1/oauth/token"


async def test_tokens_carry_the_issuer_the_metadata_announces() -> None:
    settings = Settings(internal_token_private_key=PRIVATE, public_url="https://api.example.test")
    context = workflow_context(InMemoryUnits(InMemoryGatewayStore()), settings=settings)

    issued = context.tokens.issue("vendor-a", frozenset({"dmp:read"}))
    claims = jwt.decode(issued, KeySet.import_key_set(context.ring.jwks()), algorithms=["ES256"]).claims

    assert claims["iss"] == (await metadata(context))["issuer"] == "https://api.example.test"


def test_production_requires_a_public_url() -> None:
    unset = Settings(internal_token_private_key=PRIVATE)
    set_ = Settings(internal_token_private_key=PRIVATE, public_url="https://api.example.test")

    assert any("PUBLIC_URL" in violation for violation in unset.production_violations(messaging=False))
    assert not any("PUBLIC_URL" in violation for violation in set_.production_violations(messaging=False))
