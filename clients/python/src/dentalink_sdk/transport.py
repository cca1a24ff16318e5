"""The httpx transport under every SDK call: the access token on each request, and retries.

It sits below the generated client, so whatever the generated operations send gets the same
treatment: a bearer token from the client-credentials cache (renewed once if the API says it is no
longer valid), and the same request — same body, same `Idempotency-Key` — sent again on 429/503
after `Retry-After`, within the `RetryPolicy`'s attempts and total time.
"""

import asyncio
import time
from collections.abc import Awaitable, Callable

import httpx

from dentalink_sdk.retries import RetryPolicy, asks_for_retry, may_send_again, retry_after
from dentalink_sdk.tokens import TOKEN_PATH, ClientCredentials

Sleep = Callable[[float], Awaitable[None]]


class DentalinkTransport(httpx.AsyncBaseTransport):
    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        credentials: ClientCredentials,
        token_url: str,
        policy: RetryPolicy,
        *,
        sleep: Sleep = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.inner = inner
        self.credentials = credentials
        self.token_url = token_url
        self.policy = policy
        self.sleep = sleep
        self.clock = clock

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()  # the body in memory: a retry sends the very same bytes
        if request.url.path == TOKEN_PATH or "Authorization" in request.headers:
            return await self.send(request)
        token = await self.access_token()
        request.headers["Authorization"] = f"Bearer {token}"
        response = await self.send(request)
        if response.status_code == 401 and 'error="invalid_token"' in response.headers.get(
            "WWW-Authenticate", ""
        ):
            # Refused before anything ran (revoked token, rotated signing key): once more, new token.
            await response.aclose()
            self.credentials.forget(token)
            request.headers["Authorization"] = f"Bearer {await self.access_token()}"
            response = await self.send(request)
        return response

    async def access_token(self) -> str:
        return await self.credentials.access_token(self.token_url, self.send)

    async def send(self, request: httpx.Request) -> httpx.Response:
        """`request`, sent again while the answer asks for it and the policy allows."""
        # Asking for a token twice does nothing twice: the token request is retried like a GET.
        may_repeat = may_send_again(request) or request.url.path == TOKEN_PATH
        started = self.clock()
        attempt = 1
        while True:
            try:
                response = await self.inner.handle_async_request(request)
            except httpx.ConnectError:
                # A refused connection (a gateway restarting) is waited out like a 503.
                delay = self.policy.fallback_delay(attempt)
                if not (may_repeat and self._may_wait(attempt, started, delay)):
                    raise
            else:
                if not (may_repeat and asks_for_retry(response)):
                    return response
                asked = retry_after(response)
                delay = self.policy.fallback_delay(attempt) if asked is None else asked
                if not self._may_wait(attempt, started, delay):
                    return response
                await response.aclose()
            await self.sleep(delay)
            attempt += 1

    def _may_wait(self, attempt: int, started: float, delay: float) -> bool:
        return attempt < self.policy.attempts and self.clock() - started + delay <= self.policy.total_seconds

    async def aclose(self) -> None:
        await self.inner.aclose()
