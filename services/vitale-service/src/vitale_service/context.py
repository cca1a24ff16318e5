"""What the routes and jobs of one vitale-service process share: settings, units of work, clock, ports."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated

from fastapi import Depends

from dentalink_contracts.values import patient_key
from servicekit import UnitOfWorkFactory, context_of
from servicekit.clock import Clock, system_clock
from vitale_service.adapters.adri import AdriPort
from vitale_service.adapters.issuer import IssuerKeys, SandboxApcvIssuer
from vitale_service.settings import Settings
from vitale_service.store import VitaleStore


@dataclass(frozen=True)
class VitaleContext:
    """The process's collaborators, built once at start-up (main.build); tests bring their own clock,
    ADRI port, issuer or units of work."""

    settings: Settings
    units_of_work: UnitOfWorkFactory[VitaleStore]
    source: str  # CloudEvents source of what vitale publishes
    pseudonym_secret: bytes
    issuer_keys: IssuerKeys
    adri: AdriPort
    # Server time: session windows are computed from it, never from the caller (DOMAIN.md §4).
    clock: Clock = system_clock
    # The sandbox app issuer, None when the sandbox is off (production).
    sandbox_issuer: SandboxApcvIssuer | None = None
    # Units whose statements each commit alone: a read that is one statement, in one round trip
    # (no BEGIN and COMMIT around it). None: the transactional units serve.
    single_statements: UnitOfWorkFactory[VitaleStore] | None = None

    def statements(self) -> UnitOfWorkFactory[VitaleStore]:
        return self.single_statements or self.units_of_work

    def patient_key(self, nir: str) -> str:
        """Pseudonymous key of the beneficiary's events (never the NIR in clear on the bus)."""
        return patient_key(nir, self.pseudonym_secret)

    @property
    def session_duration(self) -> timedelta:
        return timedelta(minutes=self.settings.session_minutes)

    @property
    def max_lifetime(self) -> timedelta:
        return timedelta(seconds=self.settings.apcv_max_lifetime_seconds)

    @property
    def leeway(self) -> timedelta:
        return timedelta(seconds=self.settings.apcv_leeway_seconds)


Context = Annotated[VitaleContext, Depends(context_of)]
"""The FastAPI dependency routes take."""
