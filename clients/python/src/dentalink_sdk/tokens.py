"""OAuth2 client-credentials access tokens, fetched once and reused until shortly before they expire.

Tokens live minutes (`expires_in`, 300 s today): a token is renewed `REFRESH_MARGIN` seconds before
its end (at half its life when that is shorter), so a call never leaves with a token about to lapse
in flight. Concurrent calls that find no valid token wait for one fetch instead of each doing one.
"""

import asyncio
import base64
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx

from dentalink_sdk.errors import ApiError

TOKEN_PATH = "/v1/oauth/token"
REFRESH_MARGIN = 30.0

Send = Callable[[httpx.Request], Awaitable[httpx.Response]]


@dataclass
class ClientCredentials:
    client_id: str
    client_secret: str = field(repr=False)
    scope: str | None = None
    clock: Callable[[], float] = time.monotonic
    _token: str | None = field(default=None, init=False, repr=False)
    _renew_at: float = field(default=0.0, init=False)
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock, init=False, repr=False)

    def token_request(self, token_url: str) -> httpx.Request:
        # client_secret_basic; RFC 6749 §2.3.1.
        pair = f"{self.client_id}:{self.client_secret}".encode()
        form = {"grant_type": "client_credentials", **({"scope": self.scope} if self.scope else {})}
        return httpx.Request(
            "POST",
            token_url,
            data=form,
            headers={
                "Authorization": f"Basic {base64.b64encode(pair).decode()}",
                "Accept": "application/json",
            },
        )

    async def access_token(self, token_url: str, send: Send) -> str:
        """A token valid for at least the refresh margin, fetched with `send` when needed."""
        async with self._lock:
            if self._token is None or self.clock() >= self._renew_at:
                response = await send(self.token_request(token_url))
                await response.aread()
                if response.status_code != 200:
                    raise ApiError.from_response(response)
                body = response.json()
                lifetime = float(body["expires_in"])
                self._token = str(body["access_token"])
                self._renew_at = self.clock() + lifetime - min(REFRESH_MARGIN, lifetime / 2)
            return self._token

    def forget(self, token: str) -> None:
        """The API refused `token` (revoked, signing key rotated): the next call fetches a new one."""
        if self._token == token:
            self._token = None
