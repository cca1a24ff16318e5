"""What vitale adds to servicekit's Runtime: clock, issuer keys, ADRI, settings (in runtime.extras)."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Request

from servicekit import Runtime
from servicekit.clock import Clock
from vitale_service.adapters.adri import AdriPort
from vitale_service.adapters.issuer import IssuerKeys, SandboxApcvIssuer
from vitale_service.settings import Settings

EXTRAS_KEY = "vitale"


@dataclass
class Vitale:
    """The service's collaborators; tests build the app with their own clock or ADRI."""

    settings: Settings
    clock: Clock  # server time: session windows are computed from it, never from the caller (DOMAIN.md §4)
    issuer_keys: IssuerKeys
    adri: AdriPort
    sandbox_issuer: SandboxApcvIssuer | None

    @property
    def session_duration(self) -> timedelta:
        return timedelta(minutes=self.settings.session_minutes)

    @property
    def max_lifetime(self) -> timedelta:
        return timedelta(seconds=self.settings.apcv_max_lifetime_seconds)

    @property
    def leeway(self) -> timedelta:
        return timedelta(seconds=self.settings.apcv_leeway_seconds)


def vitale_of(runtime: Runtime) -> Vitale:
    vitale: Vitale = runtime.extras[EXTRAS_KEY]
    return vitale


def _vitale(request: Request) -> Vitale:
    return vitale_of(request.app.state.runtime)


VitaleDep = Annotated[Vitale, Depends(_vitale)]
