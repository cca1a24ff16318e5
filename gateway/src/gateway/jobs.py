"""Periodic work of the gateway: forget expired Idempotency-Keys, pick up rotated signing keys."""

from gateway.context import GatewayContext
from gateway.settings import Settings
from gateway.workflows.exchanges import purge_expired_keys
from servicekit import PeriodicJob

KEYS_RELOAD_SECONDS = 30.0


async def reload_signing_keys(context: GatewayContext) -> None:
    """Re-read the access-token keys directory (a rotation adds a key; python -m gateway.manage)."""
    context.ring.reload()


def jobs(settings: Settings) -> list[PeriodicJob[GatewayContext]]:
    return [
        PeriodicJob("idempotency-purge", settings.idempotency_purge_seconds, purge_expired_keys),
        PeriodicJob("signing-keys-reload", KEYS_RELOAD_SECONDS, reload_signing_keys),
    ]
