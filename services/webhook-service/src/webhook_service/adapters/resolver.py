"""What a target host resolves to, asked right before it is used (registration, each delivery batch)."""

import asyncio
import ipaddress
import socket
from typing import Protocol

from webhook_service.domain.targets import Address


class Resolver(Protocol):
    async def resolve(self, host: str, port: int) -> list[Address]:
        """Every address `host` resolves to; empty when it does not resolve."""
        ...


class SystemResolver:
    """The system's resolver (getaddrinfo), bounded in time."""

    def __init__(self, timeout_seconds: float) -> None:
        self.timeout_seconds = timeout_seconds

    async def resolve(self, host: str, port: int) -> list[Address]:
        try:
            return [ipaddress.ip_address(host)]
        except ValueError:
            pass
        loop = asyncio.get_running_loop()
        try:
            infos = await asyncio.wait_for(
                loop.getaddrinfo(host, port, type=socket.SOCK_STREAM), timeout=self.timeout_seconds
            )
        except (OSError, TimeoutError, UnicodeError):
            return []
        found: list[Address] = []
        for _, _, _, _, sockaddr in infos:
            # Strip an IPv6 zone (`fe80::1%eth0`): the address itself is what is classified.
            address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
            if address not in found:
                found.append(address)
        return found
