"""Billing of tele-expertise acts (RQD, TE2) within the yearly cap, and care sheets inside apCV sessions.

Entry point: `uvicorn --factory billing_service.main:build`. Everything else is wired by servicekit.
"""

from collections.abc import Callable
from pathlib import Path

from fastapi import FastAPI

from billing_service.api import routers
from billing_service.context import BillingContext
from billing_service.domain import TELE_EXPERTISE_CATALOGUE, TariffCatalogue
from billing_service.events import PRODUCES, SUBSCRIPTIONS
from billing_service.sandbox_reset import purge_practice
from billing_service.settings import Settings
from billing_service.store import SqlBillingStore
from servicekit import Kit, ServiceSpec, create_app, sql_units_of_work
from servicekit.clock import Clock, system_clock
from servicekit.sandbox_reset import sandbox_reset_routers

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"

DESCRIPTION = """
Bills dental tele-expertise acts (DOMAIN.md §6) and makes electronic care sheets inside apCV
sessions (DOMAIN.md §4).

- Each `ActRecorded` is decided once: billed (RQD 10.00 €, TE2 20.00 €, tariff in force on the act's
  date, third-party payment at 100 % by the AMO, no excess fees) or rejected with a reason, and
  `TeleExpertiseBilled` / `TeleExpertiseBillingRejected` says so.
- Cap: 4 acts of a code per year per dentist for the same patient. **Assumption** (no source says
  which year): the calendar year of the act in Europe/Paris by default; `BILLING_CAP_WINDOW_MODE=
  rolling_12_months` counts the 12 months ending on the act's day.
- **Decision**: the requérant of an EHPAD expertise may be a nurse or physician of the establishment,
  and the requis of an oral-cancer one a medical specialist. The dental convention pays RQD and TE2
  to dentists, so an act whose professional is known not to be a dentist is rejected
  (`practitioner_not_dentist`): they bill under their own convention. An act whose
  `practitioner_profession` is absent (older producers) is billed as a dentist's.
- Care sheets only while the apCV session is open (until its `expires_at`, 30 minutes by default,
  and not closed): otherwise 409 (`apcv-session-closed`) or 410 (`apcv-session-expired`). A signed
  sheet is immutable; a correction cancels it and makes a new one.
- Amounts are decimal strings in euros ("10.00").
"""


def billing_context(
    settings: Settings,
    *,
    clock: Clock = system_clock,
    tele_expertise_tariffs: TariffCatalogue = TELE_EXPERTISE_CATALOGUE,
) -> Callable[[Kit], BillingContext]:
    """The context factory: what one process's routes and handlers share, over its database."""

    def context(kit: Kit) -> BillingContext:
        return BillingContext(
            settings=settings,
            units_of_work=sql_units_of_work(kit.database, SqlBillingStore, kit.source),
            source=kit.source,
            clock=clock,
            cap_window_mode=settings.cap_window_mode,
            tele_expertise_tariffs=tele_expertise_tariffs,
        )

    return context


def build(
    settings: Settings | None = None,
    *,
    clock: Clock = system_clock,
    tele_expertise_tariffs: TariffCatalogue = TELE_EXPERTISE_CATALOGUE,
) -> FastAPI:
    settings = settings or Settings()
    return create_app(
        ServiceSpec(
            settings=settings,
            title="Dentalink billing-service",
            description=DESCRIPTION,
            routers=[*routers, *sandbox_reset_routers(settings.sandbox_enabled, purge_practice)],
            migrations_dir=MIGRATIONS,
            context=billing_context(settings, clock=clock, tele_expertise_tariffs=tele_expertise_tariffs),
            consumers=SUBSCRIPTIONS,
            produces=PRODUCES,
            openapi_tags=[
                {"name": "invoices", "description": "Tele-expertise invoices, summaries, accountant export"},
                {"name": "care sheets", "description": "Electronic care sheets (FSE) inside apCV sessions"},
            ],
        )
    )
