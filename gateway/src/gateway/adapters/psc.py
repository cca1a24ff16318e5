"""Pro Santé Connect port: verify an OpenID Connect ID token against the issuer's keys
(OpenID Connect Core 1.0 §3.1.3.7: signature, `iss`, `aud`, `exp`, `iat`) and read the professional.

Two checks more than the standard's, so a token cannot serve beyond the call it was obtained for:
- it is bound to the calling OAuth client: its `azp` (authorized party) names that client or, when
  it has no `azp`, its `aud` lists the client next to Dentalink's audience. A token minted for one
  vendor's client is refused with another's, wherever it leaked.
- its lifetime (`exp - iat`) is bounded (`max_lifetime`), so a long-lived token is refused even
  when the issuer signed it.

The keys come from a `PscKeySource`: the issuer's JWKS over HTTP in production, or the sandbox
issuer running in this process.
"""

import asyncio
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet
from joserfc.jwt import JWTClaimsRegistry

from gateway.domain.professionals import InvalidProfessionalClaims, professional_from_claims
from servicekit.auth import Professional
from servicekit.expiring import ExpiringCache

PSC_HEADER = "X-Pro-Sante-Connect-Token"
ALGORITHMS = ("RS256", "ES256")
MAX_TOKEN_BYTES = 16 * 1024
VERIFIED_TOKENS_KEPT = 10_000


class InvalidProfessionalToken(Exception):
    """The professional could not be authenticated; `detail` says why, without the token's content."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class PscKeysUnavailable(Exception):
    """The issuer's keys could not be fetched (a technical fault, not the caller's)."""


class PscKeySource(Protocol):
    async def keys(self, *, refresh: bool = False) -> KeySet: ...


@dataclass
class StaticKeys:
    """Keys known in process: the sandbox issuer's."""

    get: Callable[[], KeySet]

    async def keys(self, *, refresh: bool = False) -> KeySet:
        return self.get()


@dataclass
class JwksOverHttp:
    """The issuer's JWKS, cached; refetched when stale or when a token names an unknown key id
    (at most once per `min_refresh_seconds`, so forged kids cannot make us hammer the issuer)."""

    url: str
    client: httpx.AsyncClient
    max_age_seconds: float = 300.0
    min_refresh_seconds: float = 30.0
    clock: Callable[[], float] = time.monotonic
    _cached: KeySet | None = None
    _fetched_at: float = float("-inf")
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def keys(self, *, refresh: bool = False) -> KeySet:
        age = self.clock() - self._fetched_at
        stale = self._cached is None or age >= self.max_age_seconds
        if stale or (refresh and age >= self.min_refresh_seconds):
            async with self._lock:
                if self._cached is None or self.clock() - self._fetched_at >= self.min_refresh_seconds:
                    await self._fetch()
        assert self._cached is not None
        return self._cached

    async def _fetch(self) -> None:
        try:
            response = await self.client.get(self.url, timeout=5.0)
            response.raise_for_status()
            self._cached = KeySet.import_key_set(response.json())
            self._fetched_at = self.clock()
        except (httpx.HTTPError, ValueError, JoseError) as error:
            if self._cached is None:
                raise PscKeysUnavailable("the Pro Santé Connect keys could not be fetched") from error


@dataclass
class PscVerifier:
    source: PscKeySource
    issuer: str
    audience: str
    leeway: int = 30
    max_lifetime: int = 3600
    # Tokens verified with the key set of the moment; forgotten whenever the source's keys change.
    _verified: ExpiringCache[tuple[str, str], Professional] = field(
        default_factory=lambda: ExpiringCache(VERIFIED_TOKENS_KEPT), init=False, repr=False
    )
    _verified_with: KeySet | None = field(default=None, init=False, repr=False)

    async def verify(self, token: str | None, *, client_id: str, now: float | None = None) -> Professional:
        """The professional a token names, if it is valid and was issued for `client_id` (the calling
        OAuth client). A token is checked once per client, then remembered until it expires while the
        issuer's key set stays the same: a signature check per call cost more than forwarding it."""
        if not token:
            raise InvalidProfessionalToken(f"The {PSC_HEADER} header is missing.")
        if len(token) > MAX_TOKEN_BYTES:
            raise InvalidProfessionalToken("The Pro Santé Connect token is too large.")
        moment = now if now is not None else time.time()
        keys = await self.source.keys()
        if keys is not self._verified_with:
            self._verified.clear()
            self._verified_with = keys
        known = self._verified.get((token, client_id), moment)
        if known is not None:
            return known
        professional, expires_at = await self._check(token, keys, client_id=client_id, now=moment)
        self._verified.put((token, client_id), professional, expires_at + self.leeway)
        return professional

    async def _check(
        self, token: str, keys: KeySet, *, client_id: str, now: float
    ) -> tuple[Professional, float]:
        try:
            try:
                decoded = jwt.decode(token, keys, algorithms=list(ALGORITHMS))
            except InvalidKeyIdError:
                decoded = jwt.decode(token, await self.source.keys(refresh=True), algorithms=list(ALGORITHMS))
            self._registry(now).validate(decoded.claims)
        except (JoseError, ValueError, TypeError) as error:
            raise InvalidProfessionalToken(
                "The Pro Santé Connect token is invalid, expired or not meant for Dentalink."
            ) from error
        self._check_lifetime(decoded.claims)
        self._check_bound_to(decoded.claims, client_id)
        try:
            return professional_from_claims(decoded.claims), float(decoded.claims["exp"])
        except InvalidProfessionalClaims as error:
            raise InvalidProfessionalToken(str(error)) from error

    def _check_lifetime(self, claims: Mapping[str, Any]) -> None:
        # Both are numbers here: the registry checked them (essential NumericDate values).
        if claims["exp"] - claims["iat"] > self.max_lifetime:
            raise InvalidProfessionalToken(
                f"The Pro Santé Connect token lives longer than the {self.max_lifetime} s accepted."
            )

    @staticmethod
    def _check_bound_to(claims: Mapping[str, Any], client_id: str) -> None:
        audience = claims["aud"]
        audiences = [audience] if isinstance(audience, str) else list(audience)
        bound = claims["azp"] == client_id if "azp" in claims else client_id in audiences
        if not bound:
            raise InvalidProfessionalToken(
                "The Pro Santé Connect token was not issued for this client (azp): "
                "get one for the client that sends it."
            )

    def _registry(self, now: float | None) -> JWTClaimsRegistry:
        return JWTClaimsRegistry(
            now=int(now if now is not None else time.time()),
            leeway=self.leeway,
            iss={"essential": True, "value": self.issuer},
            aud={"essential": True, "value": self.audience},
            exp={"essential": True},
            iat={"essential": True},
            sub={"essential": True},
        )
