"""Pro Santé Connect port: verify an OpenID Connect ID token against the issuer's keys
(OpenID Connect Core 1.0 §3.1.3.7: signature, `iss`, `aud`, `exp`, `iat`) and read the professional.

The keys come from a `PscKeySource`: the issuer's JWKS over HTTP in production, or the sandbox
issuer running in this process.
"""

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import httpx
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet
from joserfc.jwt import JWTClaimsRegistry

from gateway.domain.professionals import InvalidProfessionalClaims, professional_from_claims
from servicekit.auth import Professional

PSC_HEADER = "X-Pro-Sante-Connect-Token"
ALGORITHMS = ("RS256", "ES256")
MAX_TOKEN_BYTES = 16 * 1024


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

    async def verify(self, token: str | None, *, now: float | None = None) -> Professional:
        if not token:
            raise InvalidProfessionalToken(f"The {PSC_HEADER} header is missing.")
        if len(token) > MAX_TOKEN_BYTES:
            raise InvalidProfessionalToken("The Pro Santé Connect token is too large.")
        try:
            try:
                decoded = jwt.decode(token, await self.source.keys(), algorithms=list(ALGORITHMS))
            except InvalidKeyIdError:
                decoded = jwt.decode(token, await self.source.keys(refresh=True), algorithms=list(ALGORITHMS))
            self._registry(now).validate(decoded.claims)
        except (JoseError, ValueError, TypeError) as error:
            raise InvalidProfessionalToken(
                "The Pro Santé Connect token is invalid, expired or not meant for Dentalink."
            ) from error
        try:
            return professional_from_claims(decoded.claims)
        except InvalidProfessionalClaims as error:
            raise InvalidProfessionalToken(str(error)) from error

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
