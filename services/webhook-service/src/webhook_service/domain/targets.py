"""Which delivery targets are allowed (SSRF): https only, to public addresses only (pure).

Checked at registration and again right before each batch of deliveries, since what a name resolves
to can change. Sandbox mode additionally allows plain http to loopback, so an integrator (and the tests)
can receive webhooks on their own machine.
"""

import ipaddress
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class TargetRefusal(StrEnum):
    """Why a target URL is refused; the value is the problem's field code."""

    MALFORMED = "url-malformed"
    SCHEME = "url-scheme-not-allowed"
    CREDENTIALS = "url-credentials-not-allowed"
    UNRESOLVABLE = "url-host-unresolvable"
    ADDRESS = "url-address-not-allowed"


@dataclass(frozen=True)
class TargetRefused(Exception):
    """The URL may not receive webhooks."""

    refusal: TargetRefusal

    def __str__(self) -> str:
        return self.refusal.value


@dataclass(frozen=True)
class Target:
    """A parsed target: what to resolve before connecting."""

    scheme: str
    host: str
    port: int


# NAT64 (RFC 6052 well-known prefix, RFC 8215 local-use): Python calls these global, yet through a
# NAT64 gateway 64:ff9b::a9fe:a9fe reaches 169.254.169.254, the cloud metadata address.
_NAT64 = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"))


def _unmapped(address: Address) -> Address:
    """The IPv4 address an IPv6 one stands for (mapped, 6to4, NAT64), else the address itself."""
    if isinstance(address, ipaddress.IPv6Address):
        if any(address in network for network in _NAT64):
            return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        return address.ipv4_mapped or address.sixtofour or address
    return address


def is_public(address: Address) -> bool:
    """Whether an address is a public unicast one (not private, loopback, link-local, multicast,
    reserved, unspecified, nor any other special-purpose range such as CGNAT or documentation)."""
    address = _unmapped(address)
    return not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


def is_loopback(address: Address) -> bool:
    return _unmapped(address).is_loopback


def parse_target(url: str, *, sandbox: bool) -> Target:
    """The target of `url`, or TargetRefused for a scheme or form that is never allowed."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise TargetRefused(TargetRefusal.MALFORMED) from error
    scheme = parts.scheme.lower()
    allowed = {"https", "http"} if sandbox else {"https"}
    if scheme not in allowed:
        raise TargetRefused(TargetRefusal.SCHEME)
    if not parts.hostname:
        raise TargetRefused(TargetRefusal.MALFORMED)
    if parts.username is not None or parts.password is not None:
        raise TargetRefused(TargetRefusal.CREDENTIALS)
    return Target(scheme, parts.hostname, port or (443 if scheme == "https" else 80))


def check_addresses(target: Target, addresses: list[Address], *, sandbox: bool) -> None:
    """Refuse unless every address the host resolves to may be reached: public ones, and loopback in
    sandbox mode; plain http is for loopback only (and only in sandbox mode)."""
    if not addresses:
        raise TargetRefused(TargetRefusal.UNRESOLVABLE)
    for address in addresses:
        if sandbox and is_loopback(address):
            continue
        if not is_public(address):
            raise TargetRefused(TargetRefusal.ADDRESS)
        if target.scheme != "https":
            raise TargetRefused(TargetRefusal.SCHEME)
