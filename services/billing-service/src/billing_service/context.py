"""What the API and the event handlers of one billing-service process share: rules and the clock."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request

from billing_service.domain import (
    DENTAL_CARE_CATALOGUE,
    TELE_EXPERTISE_CATALOGUE,
    CapWindowMode,
    TariffCatalogue,
)
from servicekit.clock import Clock, aware_now, system_clock


@dataclass(frozen=True)
class BillingContext:
    """Configuration the rules need; tests inject another clock or tariff catalogue."""

    cap_window_mode: CapWindowMode = CapWindowMode.CALENDAR_YEAR
    tele_expertise_tariffs: TariffCatalogue = TELE_EXPERTISE_CATALOGUE
    care_catalogue: TariffCatalogue = DENTAL_CARE_CATALOGUE
    clock: Clock = field(default=system_clock)
    source: str = "/dentalink/billing-service"

    def now(self) -> datetime:
        """The clock's instant, checked to be timezone-aware."""
        return aware_now(self.clock)


def context_of(request: Request) -> BillingContext:
    """FastAPI dependency: the process's billing context (set by `main.build`)."""
    context: BillingContext = request.app.state.billing
    return context


Context = Annotated[BillingContext, Depends(context_of)]
