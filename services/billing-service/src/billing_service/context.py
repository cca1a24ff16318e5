"""What the routes and event handlers of one billing-service process share, built once at start-up."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated

from fastapi import Depends

from billing_service.domain import (
    DENTAL_CARE_CATALOGUE,
    TELE_EXPERTISE_CATALOGUE,
    CapWindowMode,
    TariffCatalogue,
)
from billing_service.settings import Settings
from billing_service.store import BillingStore
from servicekit import UnitOfWorkFactory, context_of
from servicekit.clock import Clock, aware_now, system_clock


@dataclass(frozen=True)
class BillingContext:
    """The process's collaborators; tests inject another clock, tariff catalogue or store."""

    settings: Settings
    units_of_work: UnitOfWorkFactory[BillingStore]
    source: str = "/dentalink/billing-service"
    clock: Clock = field(default=system_clock)
    cap_window_mode: CapWindowMode = CapWindowMode.CALENDAR_YEAR
    tele_expertise_tariffs: TariffCatalogue = TELE_EXPERTISE_CATALOGUE
    care_catalogue: TariffCatalogue = DENTAL_CARE_CATALOGUE

    def now(self) -> datetime:
        """The clock's instant, checked to be timezone-aware."""
        return aware_now(self.clock)


Context = Annotated[BillingContext, Depends(context_of)]
"""FastAPI dependency: the process's billing context."""
