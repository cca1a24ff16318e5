"""The caller context every service receives from the gateway, in a short-lived signed internal token.

The gateway signs (ES256) with its private key; services hold only the public key. A request without
a valid token is 401: services accept nothing else (ARCHITECTURE.md, API conventions).
"""

import time
import uuid
from typing import Annotated, Any

from fastapi import Depends, Request
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import ECKey
from joserfc.jwt import JWTClaimsRegistry
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from dentalink_contracts.values import PracticeId, Profession, Role, Rpps
from servicekit.expiring import ExpiringCache
from servicekit.problems import ProblemError

INTERNAL_TOKEN_HEADER = "X-Dentalink-Internal-Token"
# The gateway accepts request ids up to this length; services store them in columns this wide.
REQUEST_ID_MAX_LENGTH = 128
ALGORITHM = "ES256"
DEFAULT_LIFETIME_SECONDS = 60


class Professional(BaseModel):
    """The acting health professional, authenticated by the gateway (CSP R6316-3)."""

    model_config = ConfigDict(frozen=True)

    rpps: Rpps
    profession: Profession
    specialty: str | None = None
    establishment_finess: str | None = None


class CallerContext(BaseModel):
    """Who calls: the vendor client, the professional, their role, and the practice the call acts for."""

    model_config = ConfigDict(frozen=True)

    client_id: str
    practice_id: PracticeId
    professional: Professional
    role: Role
    request_id: str | None = Field(default=None, max_length=REQUEST_ID_MAX_LENGTH)


def mint_internal_token(
    private_key: ECKey,
    caller: CallerContext,
    *,
    issuer: str = "dentalink-gateway",
    audience: str = "dentalink-services",
    lifetime: int = DEFAULT_LIFETIME_SECONDS,
    now: float | None = None,
) -> str:
    issued = int(now if now is not None else time.time())
    claims: dict[str, Any] = {
        "iss": issuer,
        "aud": audience,
        "iat": issued,
        "exp": issued + lifetime,
        "jti": str(uuid.uuid4()),
        "sub": caller.client_id,
        "ctx": caller.model_dump(mode="json"),
    }
    return jwt.encode({"alg": ALGORITHM, "kid": private_key.kid or "gateway"}, claims, private_key)


class InternalTokenVerifier:
    """Verifies internal tokens against the gateway's public key, each token once: the gateway reuses
    a caller's token for its lifetime, and an ES256 check costs more than the rest of a small read.
    A verified token is remembered until it expires (at most `cache_size` of them)."""

    def __init__(
        self, public_key_pem: str | None, *, issuer: str, audience: str, cache_size: int = 4096
    ) -> None:
        self.key = ECKey.import_key(public_key_pem) if public_key_pem else None
        self._verified: ExpiringCache[str, CallerContext] = ExpiringCache(cache_size)
        self.registry = JWTClaimsRegistry(
            iss={"essential": True, "value": issuer},
            aud={"essential": True, "value": audience},
            exp={"essential": True},
            iat={"essential": True},
            leeway=5,
        )

    def verify(self, token: str | None, *, now: float | None = None) -> CallerContext:
        if token is None:
            raise unauthenticated("The internal token is missing: call through the gateway.")
        if self.key is None:
            raise unauthenticated("This service has no gateway key configured.")
        moment = time.time() if now is None else now
        known = self._verified.get(token, moment)
        if known is not None:
            return known
        try:
            decoded = jwt.decode(token, self.key, algorithms=[ALGORITHM])
            self.registry.validate(decoded.claims)
            caller = CallerContext.model_validate(decoded.claims["ctx"])
            expires_at = float(decoded.claims["exp"]) + self.registry.leeway
        except (JoseError, ValidationError, KeyError, ValueError, TypeError) as error:
            raise unauthenticated("The internal token is invalid or expired.") from error
        if moment >= expires_at:
            raise unauthenticated("The internal token is invalid or expired.")
        self._verified.put(token, caller, expires_at)
        return caller


def unauthenticated(detail: str) -> ProblemError:
    return ProblemError(
        401, "unauthenticated", "Authentication required.", detail, headers={"WWW-Authenticate": "Bearer"}
    )


async def current_caller(request: Request) -> CallerContext:
    """FastAPI dependency: the verified caller of this request (async: no thread-pool hop)."""
    verifier: InternalTokenVerifier = request.app.state.token_verifier
    caller = verifier.verify(request.headers.get(INTERNAL_TOKEN_HEADER))
    request_id = request.headers.get("X-Request-Id")
    if request_id:
        # Never longer than the columns that record it: an over-long id must not fail the request.
        return caller.model_copy(update={"request_id": request_id[:REQUEST_ID_MAX_LENGTH]})
    return caller


Caller = Annotated[CallerContext, Depends(current_caller)]


def require_roles(*roles: Role) -> Any:
    """Dependency that lets only the given roles through (403 problem otherwise)."""

    async def check(caller: Caller) -> CallerContext:
        if caller.role not in roles:
            raise ProblemError(
                403,
                "forbidden-role",
                "Your role does not allow this operation.",
                f"Allowed roles: {', '.join(sorted(role.value for role in roles))}.",
            )
        return caller

    return Depends(check)
