"""Dentalink vitale-service: reads the patient's e-carte Vitale app (apCV), checks the rights with ADRI
and opens the 30-minute session in which care can be invoiced (DOMAIN.md §4).

Entry point: `uvicorn --factory vitale_service.main:build`. Everything else is wired by servicekit.
"""

from pathlib import Path

from fastapi import FastAPI

from servicekit import Kit, ServiceSpec, create_app, sql_single_statements, sql_units_of_work
from servicekit.clock import Clock, system_clock
from servicekit.sandbox_reset import sandbox_reset_routers
from servicekit.settings import pem_or_path
from vitale_service.adapters.adri import AdriPort, ResilientAdri, SandboxAdri
from vitale_service.adapters.issuer import IssuerKeys, SandboxApcvIssuer, SandboxIssuerKeys
from vitale_service.api import router, sandbox_router
from vitale_service.context import VitaleContext
from vitale_service.events import PRODUCES, SUBSCRIPTIONS
from vitale_service.jobs import jobs
from vitale_service.sandbox_reset import purge_practice
from vitale_service.settings import Settings
from vitale_service.store import SqlVitaleStore

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def build(
    settings: Settings | None = None,
    *,
    clock: Clock = system_clock,
    adri: AdriPort | None = None,
    issuer: SandboxApcvIssuer | None = None,
    issuer_keys: IssuerKeys | None = None,
) -> FastAPI:
    """The app; tests may hand their own clock, ADRI port or issuer (production adapters plug in here)."""
    settings = settings or Settings()
    issuer = issuer or SandboxApcvIssuer(
        issuer=settings.apcv_issuer,
        current_pem=pem_or_path(settings.sandbox_issuer_key),
        previous_pem=pem_or_path(settings.sandbox_issuer_previous_key),
    )
    resilient_adri = ResilientAdri(
        adri or SandboxAdri(fault=settings.sandbox_adri_fault),
        timeout_seconds=settings.adri_timeout_seconds,
        max_attempts=settings.adri_max_attempts,
        retry_base_seconds=settings.adri_retry_base_seconds,
    )

    def context(kit: Kit) -> VitaleContext:
        return VitaleContext(
            settings=settings,
            units_of_work=sql_units_of_work(kit.database, SqlVitaleStore, kit.source),
            single_statements=sql_single_statements(kit.database, SqlVitaleStore, kit.source),
            source=kit.source,
            pseudonym_secret=kit.pseudonym_secret,
            issuer_keys=issuer_keys or SandboxIssuerKeys(issuer),
            adri=resilient_adri,
            clock=clock,
            sandbox_issuer=issuer if settings.sandbox_enabled else None,
        )

    return create_app(
        ServiceSpec(
            settings=settings,
            title="Dentalink vitale-service",
            description=__doc__ or "",
            routers=[
                router,
                *([sandbox_router] if settings.sandbox_enabled else []),
                *sandbox_reset_routers(settings.sandbox_enabled, purge_practice),
            ],
            migrations_dir=MIGRATIONS,
            context=context,
            consumers=SUBSCRIPTIONS,
            produces=PRODUCES,
            jobs=jobs(settings),
            openapi_tags=[
                {
                    "name": "apcv-sessions",
                    "description": "Read the app, check rights with ADRI, 30-minute sessions.",
                },
                {
                    "name": "sandbox",
                    "description": "Fictitious app issuer for end-to-end tests (off in production).",
                },
            ],
        )
    )
