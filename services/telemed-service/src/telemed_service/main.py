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

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from servicekit import Runtime, ServiceSpec, create_app
from servicekit.clock import Clock, system_clock
from telemed_service.api import router
from telemed_service.events import PRODUCES, subscriptions
from telemed_service.jobs import jobs
from telemed_service.runtime import CLOCK
from telemed_service.settings import Settings

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def build(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(runtime: Runtime) -> AsyncIterator[None]:
        runtime.extras[CLOCK] = clock or system_clock
        yield

    return create_app(
        ServiceSpec(
            settings=settings,
            title="Dentalink telemed-service",
            description=__doc__ or "",
            routers=[router],
            migrations_dir=MIGRATIONS,
            consumers=subscriptions(),
            produces=PRODUCES,
            jobs=jobs(settings.expiry_interval_seconds, settings.publication_watch_interval_seconds),
            lifespan=lifespan,
            openapi_tags=[
                {"name": "tele-expertise", "description": "Dental tele-expertise workflow and its trace."}
            ],
        )
    )
