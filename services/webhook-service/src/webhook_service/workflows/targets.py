"""The target check (SSRF) with resolution: the pure rule of domain.targets over what DNS says now."""

from webhook_service.context import WebhookContext
from webhook_service.domain.targets import Address, check_addresses, parse_target


async def check_target(context: WebhookContext, url: str) -> list[Address]:
    """The addresses `url`'s host resolves to now, every one allowed; TargetRefused otherwise. A
    delivery connects to one of these, never resolving the name again (DNS rebinding)."""
    target = parse_target(url, sandbox=context.sandbox)
    addresses = await context.resolver.resolve(target.host, target.port)
    check_addresses(target, addresses, sandbox=context.sandbox)
    return addresses
