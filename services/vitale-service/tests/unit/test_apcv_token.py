"""Validation matrix of the apCV token (DOMAIN.md §4): each refusal has its own code."""

import base64
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from joserfc import jws
from joserfc.jwk import ECKey, KeySet, OctKey

from vitale_service.domain import (
    ApcvPayload,
    ApcvTokenRejected,
    ErrorCode,
    mint_apcv_token,
    sandbox_patient,
    verify_apcv_token,
)
from vitale_service.domain.errors import (
    BadSignature,
    LifetimeTooLong,
    MalformedToken,
    MissingNonce,
    TokenExpired,
    TokenNotYetValid,
    UnknownKey,
    WrongAudience,
    WrongIssuer,
)

ISSUER = "https://apcv.sandbox.dentalink.test"
AUDIENCE = "dentalink-vitale"
NOW = datetime(2025, 3, 14, 10, 0, tzinfo=UTC)
LIFETIME = timedelta(minutes=2)
MAX_LIFETIME = timedelta(minutes=5)
NONCE = "n0nce-Abcdefghijklmnop"
FAMILY = sandbox_patient("martin-family")

OLD_KEY = ECKey.generate_key("P-256", parameters={"kid": "2025-01"})
NEW_KEY = ECKey.generate_key("P-256", parameters={"kid": "2025-03"})
STRANGER_KEY = ECKey.generate_key("P-256", parameters={"kid": "stranger"})
# During a rotation overlap the issuer publishes both public keys.
TRUSTED = KeySet([ECKey.import_key(key.as_dict(private=False)) for key in (OLD_KEY, NEW_KEY)])


def mint(key: ECKey = NEW_KEY, kid: str = "2025-03", **overrides: Any) -> str:
    arguments: dict[str, Any] = {
        "audience": AUDIENCE,
        "issuer": ISSUER,
        "now": NOW,
        "lifetime": LIFETIME,
        "nonce": NONCE,
    } | overrides
    return mint_apcv_token(key, kid, FAMILY, **arguments)


def verify(token: str, **overrides: Any) -> ApcvPayload:
    arguments: dict[str, Any] = {
        "issuer": ISSUER,
        "audience": AUDIENCE,
        "now": NOW + timedelta(seconds=10),
        "max_lifetime": MAX_LIFETIME,
    } | overrides
    return verify_apcv_token(token, TRUSTED, **arguments)


def valid_claims() -> dict[str, Any]:
    issued = int(NOW.timestamp())
    return {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "iat": issued,
        "nbf": issued,
        "exp": issued + 120,
        "nonce": NONCE,
        "apcv": FAMILY.content.model_dump(mode="json"),
    }


def forge(claims: Any, header: dict[str, Any] | None = None, key: Any = NEW_KEY) -> str:
    """Sign arbitrary claims with a trusted key, to reach the checks that follow the signature."""
    header = header or {"alg": "ES256", "typ": "apcv+jwt", "kid": "2025-03"}
    payload = claims if isinstance(claims, bytes) else json.dumps(claims).encode()
    return jws.serialize_compact(header, payload, key, algorithms=[header["alg"]])


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def test_a_valid_token_yields_the_app_content_and_the_replay_facts() -> None:
    payload = verify(mint())

    assert payload.content == FAMILY.content
    assert payload.issuer == ISSUER
    assert payload.audience == AUDIENCE
    assert payload.key_id == "2025-03"
    # Replay protection is the caller's: it stores the nonce as seen until the expiry.
    assert payload.nonce == NONCE
    assert payload.expires_at == NOW + LIFETIME
    assert payload.issued_at == NOW


@pytest.mark.parametrize(("key", "kid"), [(OLD_KEY, "2025-01"), (NEW_KEY, "2025-03")])
def test_both_keys_of_a_rotation_overlap_are_accepted(key: ECKey, kid: str) -> None:
    assert verify(mint(key, kid)).key_id == kid


def test_a_signature_by_another_key_under_a_trusted_kid_is_a_bad_signature() -> None:
    with pytest.raises(BadSignature) as refused:
        verify(mint(STRANGER_KEY, "2025-03"))
    assert refused.value.code is ErrorCode.BAD_SIGNATURE


def test_a_signature_by_the_other_rotation_key_does_not_verify_under_this_kid() -> None:
    with pytest.raises(BadSignature):
        verify(mint(OLD_KEY, "2025-03"))


def test_changing_the_claims_after_signing_breaks_the_signature() -> None:
    header, _, signature = mint().split(".")
    tampered = valid_claims() | {"exp": int(NOW.timestamp()) + 3600 * 24}
    with pytest.raises(BadSignature):
        verify(f"{header}.{b64(json.dumps(tampered).encode())}.{signature}")


def test_a_truncated_signature_is_a_bad_signature() -> None:
    token = mint()
    with pytest.raises(BadSignature):
        verify(token[:-10])


@pytest.mark.parametrize("kid", ["stranger", "2024-12", ""])
def test_a_key_id_outside_the_trusted_set_is_an_unknown_key(kid: str) -> None:
    with pytest.raises(UnknownKey) as refused:
        verify(mint(STRANGER_KEY, kid))
    assert refused.value.code is ErrorCode.UNKNOWN_KEY


def test_the_old_key_is_unknown_once_the_rotation_ends() -> None:
    only_new = KeySet([ECKey.import_key(NEW_KEY.as_dict(private=False))])
    token = mint(OLD_KEY, "2025-01")
    with pytest.raises(UnknownKey):
        verify_apcv_token(
            token, only_new, issuer=ISSUER, audience=AUDIENCE, now=NOW, max_lifetime=MAX_LIFETIME
        )


def test_a_trusted_kid_on_a_key_that_cannot_do_es256_is_an_unknown_key() -> None:
    p384 = ECKey.generate_key("P-384", parameters={"kid": "2025-03"})
    keys = KeySet([ECKey.import_key(p384.as_dict(private=False))])
    with pytest.raises(UnknownKey):
        verify_apcv_token(mint(), keys, issuer=ISSUER, audience=AUDIENCE, now=NOW, max_lifetime=MAX_LIFETIME)


def test_a_single_trusted_key_is_not_picked_for_a_token_without_kid() -> None:
    single = KeySet([ECKey.import_key(NEW_KEY.as_dict(private=False))])
    token = forge(valid_claims(), {"alg": "ES256", "typ": "apcv+jwt"})
    with pytest.raises(MalformedToken):
        verify_apcv_token(token, single, issuer=ISSUER, audience=AUDIENCE, now=NOW, max_lifetime=MAX_LIFETIME)


@pytest.mark.parametrize("after", [LIFETIME, LIFETIME + timedelta(seconds=1), timedelta(days=1)])
def test_at_or_after_exp_the_token_is_expired(after: timedelta) -> None:
    with pytest.raises(TokenExpired) as refused:
        verify(mint(), now=NOW + after)
    assert refused.value.code is ErrorCode.EXPIRED


def test_one_second_before_exp_the_token_is_valid() -> None:
    assert verify(mint(), now=NOW + LIFETIME - timedelta(seconds=1)).nonce == NONCE


@given(lifetime=st.integers(1, 300), offset=st.integers(-600, 900))
@settings(max_examples=60, deadline=None)
def test_a_token_is_accepted_exactly_from_iat_until_before_exp(lifetime: int, offset: int) -> None:
    token = mint(lifetime=timedelta(seconds=lifetime))
    now = NOW + timedelta(seconds=offset)
    if 0 <= offset < lifetime:
        assert verify(token, now=now).expires_at == NOW + timedelta(seconds=lifetime)
    else:
        with pytest.raises((TokenExpired, TokenNotYetValid)):
            verify(token, now=now)


def test_before_nbf_the_token_is_not_yet_valid() -> None:
    with pytest.raises(TokenNotYetValid) as refused:
        verify(mint(), now=NOW - timedelta(seconds=1))
    assert refused.value.code is ErrorCode.NOT_YET_VALID


def test_an_iat_in_the_future_is_not_yet_valid_even_without_nbf() -> None:
    claims = valid_claims()
    del claims["nbf"]
    with pytest.raises(TokenNotYetValid):
        verify(forge(claims), now=NOW - timedelta(seconds=5))


def test_the_leeway_absorbs_a_small_clock_skew() -> None:
    token = mint()
    skew = timedelta(seconds=5)
    assert verify(token, now=NOW - timedelta(seconds=3), leeway=skew).nonce == NONCE
    assert verify(token, now=NOW + LIFETIME + timedelta(seconds=3), leeway=skew).nonce == NONCE
    with pytest.raises(TokenExpired):
        verify(token, now=NOW + LIFETIME + skew, leeway=skew)


def test_a_token_for_another_audience_is_refused() -> None:
    with pytest.raises(WrongAudience) as refused:
        verify(mint(audience="another-platform"))
    assert refused.value.code is ErrorCode.WRONG_AUDIENCE


def test_an_audience_list_containing_ours_is_accepted_and_one_without_it_refused() -> None:
    assert verify(forge(valid_claims() | {"aud": ["other", AUDIENCE]})).audience == AUDIENCE
    with pytest.raises(WrongAudience):
        verify(forge(valid_claims() | {"aud": ["other"]}))


def test_a_token_without_audience_is_refused() -> None:
    claims = valid_claims()
    del claims["aud"]
    with pytest.raises(WrongAudience):
        verify(forge(claims))


@pytest.mark.parametrize("issuer", ["https://evil.example", ISSUER + "/", None])
def test_a_token_from_another_issuer_is_refused(issuer: str | None) -> None:
    claims = valid_claims() | {"iss": issuer}
    if issuer is None:
        del claims["iss"]
    with pytest.raises(WrongIssuer) as refused:
        verify(forge(claims))
    assert refused.value.code is ErrorCode.WRONG_ISSUER


def test_a_lifetime_above_the_maximum_is_refused_and_the_maximum_itself_accepted() -> None:
    assert verify(mint(lifetime=MAX_LIFETIME)).nonce == NONCE
    with pytest.raises(LifetimeTooLong) as refused:
        verify(mint(lifetime=MAX_LIFETIME + timedelta(seconds=1)))
    assert refused.value.code is ErrorCode.LIFETIME_TOO_LONG


@pytest.mark.parametrize("nonce", [None, ""])
def test_a_token_without_nonce_is_refused(nonce: str | None) -> None:
    claims = valid_claims() | {"nonce": nonce}
    if nonce is None:
        del claims["nonce"]
    with pytest.raises(MissingNonce) as refused:
        verify(forge(claims))
    assert refused.value.code is ErrorCode.MISSING_NONCE


def test_each_token_exposes_its_own_nonce_for_the_replay_store() -> None:
    first, second = verify(mint(nonce="A" * 16)), verify(mint(nonce="B" * 16))
    assert (first.issuer, first.nonce) != (second.issuer, second.nonce)
    assert first.expires_at == second.expires_at == NOW + LIFETIME


def _header(header: dict[str, Any]) -> str:
    return b64(json.dumps(header).encode())


MALFORMED_TOKENS = {
    "not a jws": "not-a-token",
    "two segments": "abc.def",
    "header not base64 json": "%%%.e30.c2ln",
    "non-ascii": "é.é.é",
    "alg none": f"{_header({'alg': 'none', 'typ': 'apcv+jwt', 'kid': '2025-03'})}.{b64(b'{}')}.",
    "alg HS256": forge(
        valid_claims(), {"alg": "HS256", "typ": "apcv+jwt", "kid": "2025-03"}, OctKey.import_key("s" * 32)
    ),
    "other typ": forge(valid_claims(), {"alg": "ES256", "typ": "JWT", "kid": "2025-03"}),
    "no typ": forge(valid_claims(), {"alg": "ES256", "kid": "2025-03"}),
    "extra header": forge(valid_claims(), {"alg": "ES256", "typ": "apcv+jwt", "kid": "2025-03", "cty": "x"}),
    "claims not json": forge(b"not json"),
    "claims a list": forge([1, 2]),
    "no content": forge({k: v for k, v in valid_claims().items() if k != "apcv"}),
    "no exp": forge({k: v for k, v in valid_claims().items() if k != "exp"}),
    "iat a string": forge(valid_claims() | {"iat": "2025-03-14T10:00:00Z"}),
    "exp a boolean": forge(valid_claims() | {"exp": True}),
    "exp out of range": forge(valid_claims() | {"exp": 10**20}),
    "nonce a number": forge(valid_claims() | {"nonce": 12345678901234567}),
    "nonce too short": forge(valid_claims() | {"nonce": "short"}),
    "nonce with spaces": forge(valid_claims() | {"nonce": "a nonce with spaces"}),
}


@pytest.mark.parametrize("token", MALFORMED_TOKENS.values(), ids=MALFORMED_TOKENS.keys())
def test_a_token_outside_the_format_is_malformed(token: str) -> None:
    with pytest.raises(MalformedToken) as refused:
        verify(token)
    assert refused.value.code is ErrorCode.MALFORMED


def _content(**changes: Any) -> dict[str, Any]:
    return FAMILY.content.model_dump(mode="json") | changes


BAD_CONTENTS = {
    "medical data": _content(allergies=["penicillin"]),
    "no beneficiaries": _content(beneficiaries=[]),
    "bad NIR key": _content(holder_nir="178044410901265"),
    "unknown quality": _content(
        beneficiaries=[
            _content()["beneficiaries"][0] | {"quality": "cousin"},
            *_content()["beneficiaries"][1:],
        ]
    ),
    "bad birth date": _content(civil_status=_content()["civil_status"] | {"birth_date": "2025-02-30"}),
}


@pytest.mark.parametrize("content", BAD_CONTENTS.values(), ids=BAD_CONTENTS.keys())
def test_content_outside_the_apcv_shape_is_malformed(content: dict[str, Any]) -> None:
    with pytest.raises(MalformedToken):
        verify(forge(valid_claims() | {"apcv": content}))


def test_refusal_messages_carry_no_personal_data() -> None:
    content = _content(holder_nir="178044410901265", email="not-an-email")
    with pytest.raises(MalformedToken) as refused:
        verify(forge(valid_claims() | {"apcv": content}))
    message = str(refused.value)
    assert "holder_nir" in message
    assert "178044410901265" not in message
    assert "MARTIN" not in message
    assert "not-an-email" not in message


def test_signature_is_checked_before_the_claims() -> None:
    expired_and_forged = mint(STRANGER_KEY, "2025-03", audience="other")
    with pytest.raises(BadSignature):
        verify(expired_and_forged, now=NOW + timedelta(days=1))


def test_every_token_refusal_has_a_distinct_code() -> None:
    refusals = [
        BadSignature,
        UnknownKey,
        TokenExpired,
        TokenNotYetValid,
        WrongAudience,
        WrongIssuer,
        MalformedToken,
        MissingNonce,
        LifetimeTooLong,
    ]
    assert all(issubclass(refusal, ApcvTokenRejected) for refusal in refusals)
    assert {refusal.code.value for refusal in refusals} == {
        "bad_signature",
        "unknown_key",
        "expired",
        "not_yet_valid",
        "wrong_audience",
        "wrong_issuer",
        "malformed",
        "missing_nonce",
        "lifetime_too_long",
    }


def test_a_naive_now_is_a_programming_error_not_a_refusal() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        verify(mint(), now=datetime(2025, 3, 14, 10, 0, 10))
