"""Periodic work of vitale-service: each job receives the context and runs one workflow."""

from servicekit import PeriodicJob
from vitale_service import workflows
from vitale_service.context import VitaleContext
from vitale_service.settings import Settings


async def expire_sessions(context: VitaleContext) -> None:
    """Record the sessions whose window ended as expired and announce it (apcv-session-expiry)."""
    await workflows.expire_due_sessions(context)


async def purge_nonces(context: VitaleContext) -> None:
    """Forget the nonces of payloads that can no longer verify (apcv-nonce-purge)."""
    await workflows.purge_spent_nonces(context)


def jobs(settings: Settings) -> list[PeriodicJob[VitaleContext]]:
    return [
        PeriodicJob("apcv-session-expiry", settings.expiry_sweep_seconds, expire_sessions),
        PeriodicJob("apcv-nonce-purge", settings.nonce_purge_seconds, purge_nonces),
    ]
