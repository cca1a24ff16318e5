"""Dental tele-expertise (TMBD): requérant → requis workflow with an immutable trace (CSP R6316-3/4).

Entry point: `uvicorn --factory telemed_service.main:build`. Everything else is wired by servicekit.

**Assumptions** (DOMAIN.md §6), all configuration: an unanswered request expires 7 days after it was
made (`TELEMED_ANSWER_DELAY_DAYS`); attachments (JPEG, PNG, DICOM, PDF) travel base64-encoded in JSON,
at most 10 MiB each, 20 per message and 40 MiB together (`TELEMED_ATTACHMENT_*`).

The patient's INS must be qualified (QUAL) in the requérant's practice, as ins-service reported it
(RNIV: qualification belongs to the structure that verified the identity). A file is visible to the
requérant's practice, to the requis (by RPPS, from any practice) and to the practice he accepted or
answered for; the requis's act is billed in the practice he answered for.
"""

from pathlib import Path

from fastapi import FastAPI

from servicekit import Kit, ServiceSpec, create_app, sql_units_of_work
from servicekit.clock import Clock, system_clock
from servicekit.sandbox_reset import sandbox_reset_routers
from telemed_service.api import router
from telemed_service.context import TelemedContext
from telemed_service.events import PRODUCES, SUBSCRIPTIONS
from telemed_service.jobs import jobs
from telemed_service.sandbox_reset import purge_practice
from telemed_service.settings import Settings
from telemed_service.store import SqlTelemedStore

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def build(settings: Settings | None = None, *, clock: Clock = system_clock) -> FastAPI:
    settings = settings or Settings()

    def context(kit: Kit) -> TelemedContext:
        return TelemedContext(
            settings=settings,
            units_of_work=sql_units_of_work(kit.database, SqlTelemedStore, kit.source),
            source=kit.source,
            pseudonym_secret=kit.pseudonym_secret,
            clock=clock,
        )

    return create_app(
        ServiceSpec(
            settings=settings,
            title="Dentalink telemed-service",
            description=__doc__ or "",
            routers=[router, *sandbox_reset_routers(settings.sandbox_enabled, purge_practice)],
            migrations_dir=MIGRATIONS,
            context=context,
            consumers=SUBSCRIPTIONS,
            produces=PRODUCES,
            jobs=jobs(settings),
            openapi_tags=[
                {"name": "tele-expertise", "description": "Dental tele-expertise workflow and its trace."}
            ],
        )
    )
