"""The HTTP POST of one delivery attempt: short timeouts, no redirects followed (a redirect could
lead anywhere, past the target check), no proxy from the environment.

The connection goes to the address the target check allowed, not to whatever the name resolves to a
moment later (DNS rebinding: a public address for the check, 169.254.169.254 for the connection).
The request keeps the URL's host for the Host header and, over TLS, for SNI and certificate checks.
Only the status line and headers are read, within one overall deadline: a receiver cannot hold a
delivery slot (past its lease, when another replica would send it again) nor fill memory with a body.
"""

import asyncio
import ipaddress
from typing import Protocol
from urllib.parse import urlsplit, urlunsplit

import httpx

from webhook_service.domain.targets import Address


class Sender(Protocol):
    async def post(self, url: str, body: str, headers: dict[str, str], address: Address) -> int | str:
        """POST to `url` through a connection to `address`: the answer's status code, or a short
        error code when no answer came (`timeout`, `connection-failed`)."""
        ...


def pinned(url: str, address: Address) -> tuple[str, str]:
    """(the URL with its host replaced by `address`, the Host header the receiver expects)."""
    parts = urlsplit(url)
    host = str(address) if isinstance(address, ipaddress.IPv4Address) else f"[{address}]"
    netloc = host if parts.port is None else f"{host}:{parts.port}"
    original = parts.netloc.rsplit("@", 1)[-1]  # parse_target refuses credentials; never sent anyway
    return urlunsplit(parts._replace(netloc=netloc)), original


class HttpxSender:
    def __init__(self, client: httpx.AsyncClient, deadline_seconds: float) -> None:
        self.client = client
        self.deadline_seconds = deadline_seconds

    @classmethod
    def new_client(cls, connect_timeout: float, timeout: float) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            timeout=httpx.Timeout(timeout, connect=connect_timeout),
            follow_redirects=False,
            trust_env=False,
            limits=httpx.Limits(max_connections=50, max_keepalive_connections=10),
            headers={"user-agent": "Dentalink-Webhooks/1"},
        )

    async def post(self, url: str, body: str, headers: dict[str, str], address: Address) -> int | str:
        target, host = pinned(url, address)
        request = self.client.build_request(
            "POST",
            target,
            content=body.encode(),
            headers={**headers, "content-type": "application/json", "host": host},
            extensions={"sni_hostname": urlsplit(url).hostname or ""},
        )
        try:
            async with asyncio.timeout(self.deadline_seconds):
                response = await self.client.send(request, stream=True)
                await response.aclose()  # the body is not read: the status says it all
        except (httpx.TimeoutException, TimeoutError):
            return "timeout"
        except httpx.HTTPError:
            return "connection-failed"
        return response.status_code
