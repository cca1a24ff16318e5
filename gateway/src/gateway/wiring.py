"""What the running gateway holds, shared by its routes (kept in `runtime.extras`)."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from joserfc.jwk import ECKey

from gateway.access_tokens import AccessTokens
from gateway.adapters.psc import PscVerifier
from gateway.adapters.psc_sandbox import SandboxPscIssuer
from gateway.forwarding import Forwarder
from gateway.ratelimit import RateLimiter
from gateway.settings import Settings
from gateway.signing_keys import KeyRing
from servicekit.app import runtime_of
from servicekit.clock import Clock
from servicekit.db import Database

EXTRAS_KEY = "gateway"


@dataclass
class Gateway:
    settings: Settings
    database: Database
    forwarder: Forwarder
    ring: KeyRing
    tokens: AccessTokens
    psc: PscVerifier
    sandbox_psc: SandboxPscIssuer | None
    internal_key: ECKey
    limiter: RateLimiter
    clock: Clock


def gateway_of(request: Request) -> Gateway:
    gateway: Gateway = runtime_of(request).extras[EXTRAS_KEY]
    return gateway


GatewayDep = Annotated[Gateway, Depends(gateway_of)]
