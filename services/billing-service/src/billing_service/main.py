"""Billing of tele-expertise acts (RQD, TE2) within the yearly cap, and care sheets inside apCV sessions.

Entry point: `uvicorn --factory billing_service.main:build`. Everything else is wired by servicekit.
"""

from pathlib import Path

from fastapi import FastAPI

from billing_service import api, api_care_sheets
from billing_service.context import BillingContext
from billing_service.domain import TELE_EXPERTISE_CATALOGUE, TariffCatalogue
from billing_service.events import PRODUCES, subscriptions
from billing_service.settings import Settings
from servicekit import ServiceSpec, create_app
from servicekit.clock import Clock, system_clock

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


def build(
    settings: Settings | None = None,
    *,
    clock: Clock = system_clock,
    tele_expertise_tariffs: TariffCatalogue = TELE_EXPERTISE_CATALOGUE,
) -> FastAPI:
    settings = settings or Settings()
    context = BillingContext(
        cap_window_mode=settings.cap_window_mode,
        tele_expertise_tariffs=tele_expertise_tariffs,
        clock=clock,
        source=f"/dentalink/{settings.service_name}",
    )
    app = create_app(
        ServiceSpec(
            settings=settings,
            title="Dentalink billing-service",
            description=DESCRIPTION,
            routers=[api.router, api_care_sheets.router],
            migrations_dir=MIGRATIONS,
            consumers=subscriptions(context),
            produces=PRODUCES,
            openapi_tags=[
                {"name": "invoices", "description": "Tele-expertise invoices, summaries, accountant export"},
                {"name": "care sheets", "description": "Electronic care sheets (FSE) inside apCV sessions"},
            ],
        )
    )
    app.state.billing = context
    return app
