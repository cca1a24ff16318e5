"""The SDK's entry point: a client for a vendor's credentials, and a view per professional.

    async with Dentalink(base_url, client_id, client_secret) as sdk:
        dentist = sdk.as_professional(psc_token, practice_id)
        identity = await dentist.identities.create(body={...})

`Dentalink` holds the client-credentials token and one connection pool; `as_professional` gives the
same operations with that professional's Pro Santé Connect token and practice on every call (the
operations that act for no practice — OAuth, sandbox helpers — are on `Dentalink` itself).
"""

import asyncio
import time
from collections.abc import Callable
from types import TracebackType
from typing import Self

import httpx

from dentalink_client.client import AuthenticatedClient
from dentalink_sdk.operations import Resources
from dentalink_sdk.retries import RetryPolicy
from dentalink_sdk.tokens import TOKEN_PATH, ClientCredentials
from dentalink_sdk.transport import DentalinkTransport, Sleep

PSC_HEADER = "X-Pro-Sante-Connect-Token"
ACTING_ROLE_HEADER = "X-Acting-Role"


class Dentalink(Resources):
    def __init__(
        self,
        base_url: str,
        client_id: str,
        client_secret: str,
        *,
        scope: str | None = None,
        retry: RetryPolicy | None = None,
        timeout: float = 30.0,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Sleep = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """`transport` replaces the network (tests: `httpx.MockTransport`, an ASGI app); `sleep` is
        how retries wait and `clock` what token lifetimes and retry budgets are measured with."""
        self.base_url = base_url.rstrip("/")
        self.credentials = ClientCredentials(client_id, client_secret, scope, clock)
        self.transport = DentalinkTransport(
            transport or httpx.AsyncHTTPTransport(),
            self.credentials,
            f"{self.base_url}{TOKEN_PATH}",
            retry or RetryPolicy(),
            sleep=sleep,
            clock=clock,
        )
        self.timeout = timeout
        self.practice_id: str | None = None
        self.client = self.generated_client({})

    def generated_client(self, headers: dict[str, str]) -> AuthenticatedClient:
        """A generated client sending `headers` on every call, over this SDK's transport and pool."""
        http = httpx.AsyncClient(
            base_url=self.base_url, transport=self.transport, headers=headers, timeout=self.timeout
        )
        # The token is the transport's business (cached, renewed): the generated one is never sent.
        return AuthenticatedClient(base_url=self.base_url, token="").set_async_httpx_client(http)

    def as_professional(
        self, psc_token: str, practice_id: str, *, acting_role: str | None = None
    ) -> "Professional":
        """The operations as done by the professional whose PSC ID token this is, for a practice."""
        headers = {PSC_HEADER: psc_token}
        if acting_role is not None:
            headers[ACTING_ROLE_HEADER] = acting_role
        return Professional(self.generated_client(headers), practice_id)

    async def access_token(self) -> str:
        """The current OAuth2 access token (fetched or renewed if needed)."""
        return await self.transport.access_token()

    async def aclose(self) -> None:
        await self.transport.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        await self.aclose()


class Professional(Resources):
    """`sdk.as_professional(...)`: every operation, with `X-Pro-Sante-Connect-Token` and
    `X-Practice-Id` filled in."""

    def __init__(self, client: AuthenticatedClient, practice_id: str) -> None:
        self.client = client
        self.practice_id = practice_id
