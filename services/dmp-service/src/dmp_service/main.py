"""Dentalink dmp-service: the patient's shared record (DMP / Mon espace santé) for a qualified INS.

Access rules and the patient's refusals, the access log, documents pushed to the national DMP,
the medical profile, children's profiles, secure messages, the prevention agenda and appointment
reminders (DOMAIN.md §5). Entry point: `uvicorn --factory dmp_service.main:build`.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from dmp_service.adapters.email import Mailer, SandboxMailer
from dmp_service.adapters.national_dmp import NationalDmp, SandboxNationalDmp
from dmp_service.api import OPENAPI_TAGS, router
from dmp_service.events import subscriptions
from dmp_service.jobs import deliver_notifications, push_due_documents, schedule_reminders
from dmp_service.settings import Settings
from dmp_service.wiring import EXTRAS_KEY, Dmp, dmp_of
from servicekit import PeriodicJob, Runtime, ServiceSpec, create_app
from servicekit.clock import Clock, system_clock

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def build(
    settings: Settings | None = None,
    *,
    clock: Clock = system_clock,
    national_dmp: NationalDmp | None = None,
    mailer: Mailer | None = None,
) -> FastAPI:
    """The app; tests may hand their own clock or ports (production adapters plug in here)."""
    settings = settings or Settings()
    holder: list[Runtime] = []

    @asynccontextmanager
    async def lifespan(runtime: Runtime) -> AsyncIterator[None]:
        runtime.extras[EXTRAS_KEY] = Dmp(
            settings=settings,
            runtime=runtime,
            clock=clock,
            national_dmp=national_dmp or SandboxNationalDmp(fault=settings.sandbox_national_dmp_fault),
            mailer=mailer or SandboxMailer(runtime.database, fault=settings.sandbox_mailer_fault),
            retry_policy=settings.retry_policy(),
            agenda_config=settings.agenda_config(),
        )
        holder.append(runtime)
        yield

    async def push(runtime: Runtime) -> None:
        await push_due_documents(runtime)

    async def remind(runtime: Runtime) -> None:
        await schedule_reminders(runtime)

    async def deliver(runtime: Runtime) -> None:
        await deliver_notifications(runtime)

    return create_app(
        ServiceSpec(
            settings=settings,
            title="Dentalink dmp-service",
            description=__doc__ or "",
            routers=[router],
            migrations_dir=MIGRATIONS,
            consumers=subscriptions(lambda: dmp_of(holder[0])),
            produces=[],
            jobs=[
                PeriodicJob("national-dmp-push", settings.push_interval_seconds, push),
                PeriodicJob("appointment-reminders", settings.reminder_interval_seconds, remind),
                PeriodicJob("notification-delivery", settings.notification_interval_seconds, deliver),
            ],
            lifespan=lifespan,
            openapi_tags=OPENAPI_TAGS,
        )
    )
