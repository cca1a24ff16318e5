"""Verification of the apCV token: a compact ES256 JWS defined by Dentalink (DOMAIN.md §4).

Format (Dentalink's own, the real one is not public):
  header  {"alg": "ES256", "typ": "apcv+jwt", "kid": <issuer key id>}
  claims  {"iss", "aud", "iat", "nbf"?, "exp", "nonce", "apcv": <ApcvContent as JSON>}
Checks run in this order and the first failure is the one reported: structure and header
(malformed), key lookup (unknown_key), signature (bad_signature), issuer, audience, expiry,
not-before and issued-at, lifetime, nonce, then the content's shape (malformed).
Replay needs storage, so it is the caller's: the payload exposes the nonce and the expiry.
"""

import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

from joserfc import jws
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import Key, KeySet
from pydantic import BaseModel, ConfigDict, StrictFloat, StrictInt, StrictStr, ValidationError

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
from vitale_service.domain.payload import ApcvContent, ApcvPayload

ALGORITHM = "ES256"
# Explicit typing keeps another JWT of the same issuer from passing as an apCV token (RFC 8725 §3.11).
TOKEN_TYPE = "apcv+jwt"
CONTENT_CLAIM = "apcv"
# Single use is enforced on the nonce, so it must be hard to guess and safe to store as a key.
NONCE_PATTERN = r"^[A-Za-z0-9_-]{16,128}$"

_REGISTRY = jws.JWSRegistry(algorithms=[ALGORITHM])
# Nothing else is accepted in the header: no b64=false, no crit, no embedded jwk or jku.
_HEADER_FIELDS = {"alg", "typ", "kid"}

NumericDate = StrictInt | StrictFloat


class _Claims(BaseModel):
    """Registered claims, typed strictly; absence of iss, aud or nonce has its own refusal."""

    model_config = ConfigDict(extra="allow")

    iss: StrictStr | None = None
    aud: StrictStr | list[StrictStr] | None = None
    iat: NumericDate
    nbf: NumericDate | None = None
    exp: NumericDate
    nonce: StrictStr | None = None


def verify_apcv_token(
    token: str,
    keys: KeySet,
    *,
    issuer: str,
    audience: str,
    now: datetime,
    max_lifetime: timedelta,
    leeway: timedelta = timedelta(0),
) -> ApcvPayload:
    """Check an apCV token and return its payload, or raise the ApcvTokenRejected saying why (DOMAIN.md §4).

    `keys` holds the issuer's public keys; during a rotation both the old and the new key are in it.
    `leeway` tolerates clock skew on exp, nbf and iat only.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    signed, key_id = _verified(token, keys)
    claims = _registered_claims(signed.payload)
    if claims.iss != issuer:
        raise WrongIssuer("the token was not issued by the trusted app issuer")
    if audience not in ([claims.aud] if isinstance(claims.aud, str) else claims.aud or []):
        raise WrongAudience("the token was issued for another audience")
    issued_at, expires_at = _instant(claims.iat), _instant(claims.exp)
    not_before = None if claims.nbf is None else _instant(claims.nbf)
    if now - leeway >= expires_at:
        raise TokenExpired("the token has expired")
    if (not_before is not None and now + leeway < not_before) or now + leeway < issued_at:
        raise TokenNotYetValid("the token is not valid yet")
    if expires_at - issued_at > max_lifetime:
        raise LifetimeTooLong("the token lives longer than accepted")
    if not claims.nonce:
        raise MissingNonce("the token carries no nonce")
    if not re.fullmatch(NONCE_PATTERN, claims.nonce):
        raise MalformedToken("the nonce is not 16 to 128 URL-safe characters")
    try:
        content = ApcvContent.model_validate((claims.model_extra or {}).get(CONTENT_CLAIM))
    except ValidationError as error:
        raise MalformedToken(f"the token content is not an apCV payload ({_where(error)})") from None
    return ApcvPayload(
        issuer=issuer,
        audience=audience,
        key_id=key_id,
        nonce=claims.nonce,
        issued_at=issued_at,
        not_before=not_before,
        expires_at=expires_at,
        content=content,
    )


def _verified(token: str, keys: KeySet) -> tuple[jws.CompactSignature, str]:
    """Parse the compact JWS, find the key its `kid` names, and verify the ES256 signature."""
    try:
        signed = jws.extract_compact(token.encode("ascii"), registry=_REGISTRY)
        header = signed.headers()
        _REGISTRY.check_header(header)
    except (UnicodeError, JoseError, ValueError) as error:
        raise MalformedToken(f"not a compact JWS ({type(error).__name__})") from None
    key_id = header.get("kid")
    if (
        set(header) != _HEADER_FIELDS
        or header["alg"] != ALGORITHM
        or header["typ"] != TOKEN_TYPE
        or not isinstance(key_id, str)
    ):
        raise MalformedToken("the header is not exactly alg ES256, typ apcv+jwt and a kid")
    key = _key(keys, key_id)
    try:
        valid = jws.validate_compact(signed, key, registry=_REGISTRY)
    except JoseError:
        valid = False
    if not valid:
        raise BadSignature("the signature does not verify")
    return signed, key_id


def _key(keys: KeySet, key_id: str) -> Key:
    """The trusted key named `key_id` that can verify ES256 (several coexist during a rotation)."""
    try:
        key = keys.get_by_kid(key_id, {"alg": ALGORITHM, "use": "sig"})
        _REGISTRY.get_alg(ALGORITHM).check_key(key)
    except (InvalidKeyIdError, JoseError):
        raise UnknownKey("no trusted ES256 key has this key id") from None
    return key


def _registered_claims(payload: bytes) -> _Claims:
    try:
        raw: Any = json.loads(payload)
        return _Claims.model_validate(raw)
    except (ValueError, ValidationError) as error:
        raise MalformedToken(f"the claims are not an apCV claims object ({_where(error)})") from None


def _instant(value: int | float) -> datetime:
    try:
        return datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError):
        raise MalformedToken("a time claim is out of range") from None


def _where(error: Exception) -> str:
    """Which fields failed, never their values: the message may reach a log (ARCHITECTURE.md)."""
    if isinstance(error, ValidationError):
        return ", ".join(".".join(str(part) for part in item["loc"]) or "root" for item in error.errors())
    return type(error).__name__
