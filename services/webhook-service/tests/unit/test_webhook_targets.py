"""Which targets may receive webhooks (SSRF): https to public addresses; loopback in sandbox only."""

import ipaddress

import pytest

from webhook_service.adapters.sender import pinned
from webhook_service.domain.targets import (
    TargetRefusal,
    TargetRefused,
    check_addresses,
    is_public,
    parse_target,
)

NOT_PUBLIC = [
    "10.0.0.1", "172.16.5.4", "192.168.1.1",  # private
    "127.0.0.1", "::1",  # loopback
    "169.254.169.254", "fe80::1",  # link-local (cloud metadata)
    "224.0.0.1", "ff02::1",  # multicast
    "240.0.0.1",  # reserved
    "0.0.0.0", "::",  # unspecified
    "100.64.0.1",  # shared address space (CGNAT)
    "192.0.2.1", "2001:db8::1",  # documentation
    "::ffff:10.0.0.1", "::ffff:127.0.0.1",  # IPv4-mapped
    "fc00::1",  # unique local
    "64:ff9b::a9fe:a9fe", "64:ff9b::a00:1", "64:ff9b:1::7f00:1",  # NAT64 of metadata, private, loopback
]  # fmt: skip
PUBLIC = ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111"]


@pytest.mark.parametrize("address", NOT_PUBLIC)
def test_special_purpose_addresses_are_not_public(address: str) -> None:
    assert not is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_are(address: str) -> None:
    assert is_public(ipaddress.ip_address(address))


def refusal(url: str, addresses: list[str], *, sandbox: bool) -> TargetRefusal | None:
    try:
        target = parse_target(url, sandbox=sandbox)
        check_addresses(target, [ipaddress.ip_address(one) for one in addresses], sandbox=sandbox)
    except TargetRefused as refused:
        return refused.refusal
    return None


def test_https_to_public_addresses_is_allowed() -> None:
    assert refusal("https://hooks.example.fr/x", ["93.184.216.34"], sandbox=False) is None


def test_one_private_address_among_public_ones_refuses_the_host() -> None:
    assert refusal("https://hooks.example.fr/x", ["93.184.216.34", "10.0.0.1"], sandbox=False) is (
        TargetRefusal.ADDRESS
    )


def test_plain_http_is_refused_outside_sandbox_mode() -> None:
    assert refusal("http://hooks.example.fr/x", ["93.184.216.34"], sandbox=False) is TargetRefusal.SCHEME
    assert refusal("http://127.0.0.1:8080/x", ["127.0.0.1"], sandbox=False) is TargetRefusal.SCHEME


def test_sandbox_mode_allows_http_to_loopback_only() -> None:
    assert refusal("http://127.0.0.1:8080/x", ["127.0.0.1"], sandbox=True) is None
    assert refusal("http://localhost:8080/x", ["127.0.0.1", "::1"], sandbox=True) is None
    assert refusal("https://127.0.0.1/x", ["127.0.0.1"], sandbox=False) is TargetRefusal.ADDRESS
    assert refusal("http://hooks.example.fr/x", ["93.184.216.34"], sandbox=True) is TargetRefusal.SCHEME
    assert refusal("http://10.0.0.1/x", ["10.0.0.1"], sandbox=True) is TargetRefusal.ADDRESS


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("ftp://hooks.example.fr/", TargetRefusal.SCHEME),
        ("file:///etc/passwd", TargetRefusal.SCHEME),
        ("https:///nohost", TargetRefusal.MALFORMED),
        ("https://hooks.example.fr:99999/", TargetRefusal.MALFORMED),
        ("https://user:secret@hooks.example.fr/", TargetRefusal.CREDENTIALS),
    ],
)
def test_malformed_or_forbidden_forms_are_refused_before_resolving(url: str, expected: TargetRefusal) -> None:
    with pytest.raises(TargetRefused) as refused:
        parse_target(url, sandbox=True)
    assert refused.value.refusal is expected


def test_a_host_resolving_to_nothing_is_refused() -> None:
    assert refusal("https://nowhere.example.fr/", [], sandbox=False) is TargetRefusal.UNRESOLVABLE


def test_a_nat64_address_of_a_public_one_stays_public() -> None:
    assert is_public(ipaddress.ip_address("64:ff9b::5db8:d822"))  # 93.184.216.34


@pytest.mark.parametrize(
    ("url", "address", "pinned_url", "host"),
    [
        ("https://hooks.example.com/in", "93.184.216.34", "https://93.184.216.34/in", "hooks.example.com"),
        ("https://hooks.example.com:8443/in?x=1", "2606:4700::1", "https://[2606:4700::1]:8443/in?x=1",
         "hooks.example.com:8443"),
    ],
)  # fmt: skip
def test_a_delivery_connects_to_the_checked_address_under_the_urls_host(
    url: str, address: str, pinned_url: str, host: str
) -> None:
    assert pinned(url, ipaddress.ip_address(address)) == (pinned_url, host)
