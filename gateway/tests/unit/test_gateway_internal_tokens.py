"""The gateway reuses a caller's internal token while most of its lifetime is left."""

from joserfc import jwt

from gateway.internal_tokens import InternalTokens
from servicekit.testing import GatewayKeys, caller

KEYS = GatewayKeys.generate()
NOW = 1_800_000_000.0


def tokens() -> InternalTokens:
    return InternalTokens(
        KEYS.private, issuer="dentalink-gateway", audience="dentalink-services", lifetime=60
    )


def test_one_token_per_caller_for_half_its_lifetime_then_a_fresh_one() -> None:
    minted = tokens()
    first = minted.for_caller(caller(), now=NOW)
    assert minted.for_caller(caller().model_copy(update={"request_id": "req-2"}), now=NOW + 29) == first
    assert minted.for_caller(caller(), now=NOW + 31) != first
    assert minted.for_caller(caller(role=caller().role, rpps="10009999999"), now=NOW) != first


def test_a_reused_token_carries_no_request_id() -> None:
    token = tokens().for_caller(caller().model_copy(update={"request_id": "req-1"}), now=NOW)
    claims = jwt.decode(token, KEYS.private).claims
    assert claims["ctx"]["request_id"] is None
    assert claims["exp"] - claims["iat"] == 60
