"""OAuth2 access tokens: short-lived ES256 JWTs in the RFC 9068 profile, carrying client and scopes."""

import time
import uuid
from dataclasses import dataclass, field

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwt import JWTClaimsRegistry

from gateway.domain.scopes import format_scopes
from gateway.signing_keys import KeyRing
from servicekit.expiring import ExpiringCache

TOKEN_TYPE = "at+jwt"  # RFC 9068 §2.1
LEEWAY_SECONDS = 5
VERIFIED_TOKENS_KEPT = 10_000


class InvalidAccessToken(Exception):
    """Missing, malformed, forged, expired or foreign access token (RFC 6750 `invalid_token`)."""


@dataclass(frozen=True)
class ClientToken:
    client_id: str
    scopes: frozenset[str]
    expires_at: int


@dataclass
class AccessTokens:
    ring: KeyRing
    issuer: str
    audience: str
    lifetime: int
    _verified: ExpiringCache[str, ClientToken] = field(
        default_factory=lambda: ExpiringCache(VERIFIED_TOKENS_KEPT), init=False, repr=False
    )
    _verified_with: tuple[str, ...] = field(default=(), init=False, repr=False)

    def issue(self, client_id: str, scopes: frozenset[str], *, now: float | None = None) -> str:
        issued = int(now if now is not None else time.time())
        claims = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": client_id,
            "client_id": client_id,
            "scope": format_scopes(scopes),
            "iat": issued,
            "exp": issued + self.lifetime,
            "jti": str(uuid.uuid4()),
        }
        key = self.ring.signing_key
        return jwt.encode({"alg": "ES256", "typ": TOKEN_TYPE, "kid": key.kid}, claims, key)

    def verify(self, token: str, *, now: float | None = None) -> ClientToken:
        """The client a valid token names. A token is checked once, then remembered until it expires,
        as long as the keys that may have signed it stay in the ring: a client sends the same token
        for its lifetime, and the ES256 check cost more than the rest of the gateway's work on a call.
        """
        moment = now if now is not None else time.time()
        if self._verified_with != self.ring.key_ids:
            self._verified.clear()  # a key was rotated out: what it signed is checked again
            self._verified_with = self.ring.key_ids
        known = self._verified.get(token, moment)
        if known is not None:
            return known
        verified = self._check(token, moment)
        self._verified.put(token, verified, verified.expires_at + LEEWAY_SECONDS)
        return verified

    def _check(self, token: str, now: float) -> ClientToken:
        registry = JWTClaimsRegistry(
            now=int(now),
            leeway=LEEWAY_SECONDS,
            iss={"essential": True, "value": self.issuer},
            aud={"essential": True, "value": self.audience},
            exp={"essential": True},
            sub={"essential": True},
        )
        try:
            decoded = jwt.decode(token, self.ring.verification_keys(), algorithms=["ES256"])
            if decoded.header.get("typ") != TOKEN_TYPE:
                raise InvalidAccessToken("not an access token")
            registry.validate(decoded.claims)
            scope = decoded.claims.get("scope", "")
            return ClientToken(
                client_id=str(decoded.claims["sub"]),
                scopes=frozenset(str(scope).split()),
                expires_at=int(decoded.claims["exp"]),
            )
        except (JoseError, ValueError, KeyError, TypeError) as error:
            raise InvalidAccessToken("invalid access token") from error
