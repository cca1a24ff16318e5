"""Background work: expire unanswered requests, and trace failures to publish the acts.

Each run calls one workflow; several instances may run them at once (rows are claimed with
`FOR UPDATE SKIP LOCKED`).
"""

from servicekit import PeriodicJob
from telemed_service import workflows
from telemed_service.context import TelemedContext
from telemed_service.settings import Settings


async def expire_tele_expertises(context: TelemedContext) -> None:
    await workflows.expire_overdue(context)


async def trace_publication_failures(context: TelemedContext) -> None:
    await workflows.trace_publication_failures(context)


def jobs(settings: Settings) -> list[PeriodicJob[TelemedContext]]:
    return [
        PeriodicJob("expire-tele-expertises", settings.expiry_interval_seconds, expire_tele_expertises),
        PeriodicJob(
            "trace-publication-failures",
            settings.publication_watch_interval_seconds,
            trace_publication_failures,
        ),
    ]
