"""Dentalink dmp-service: the patient's shared record (DMP / Mon espace santé) for a qualified INS.

Access rules and the patient's refusals, the access log, documents pushed to the national DMP,
the medical profile, children's profiles, secure messages, the prevention agenda and appointment
reminders (DOMAIN.md §5). Entry point: `uvicorn --factory dmp_service.main:build`.
"""

from pathlib import Path

from fastapi import FastAPI

from dmp_service.adapters.email import Mailer, SandboxMailer
from dmp_service.adapters.national_dmp import NationalDmp, SandboxNationalDmp
from dmp_service.api import OPENAPI_TAGS, router
from dmp_service.context import DmpContext
from dmp_service.events import PRODUCES, SUBSCRIPTIONS
from dmp_service.jobs import jobs
from dmp_service.sandbox_reset import purge_practice
from dmp_service.settings import Settings
from dmp_service.store import SqlDmpStore
from servicekit import Kit, ServiceSpec, create_app, sql_units_of_work
from servicekit.clock import Clock, system_clock
from servicekit.sandbox_reset import sandbox_reset_routers

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

    def context(kit: Kit) -> DmpContext:
        return DmpContext(
            settings=settings,
            units_of_work=sql_units_of_work(kit.database, SqlDmpStore, kit.source),
            source=kit.source,
            pseudonym_secret=kit.pseudonym_secret,
            national_dmp=national_dmp or SandboxNationalDmp(fault=settings.sandbox_national_dmp_fault),
            mailer=mailer or SandboxMailer(kit.database, fault=settings.sandbox_mailer_fault),
            retry_policy=settings.retry_policy(),
            agenda_config=settings.agenda_config(),
            clock=clock,
        )

    return create_app(
        ServiceSpec(
            settings=settings,
            title="Dentalink dmp-service",
            description=__doc__ or "",
            routers=[router, *sandbox_reset_routers(settings.sandbox_enabled, purge_practice)],
            migrations_dir=MIGRATIONS,
            context=context,
            consumers=SUBSCRIPTIONS,
            produces=PRODUCES,
            jobs=jobs(settings),
            openapi_tags=OPENAPI_TAGS,
        )
    )
