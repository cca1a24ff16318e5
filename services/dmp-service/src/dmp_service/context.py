"""What the routes, event handlers and jobs of one dmp-service process share (built once by `main`)."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated

from fastapi import Depends

from dentalink_contracts.values import patient_key
from dmp_service.adapters.email import Mailer
from dmp_service.adapters.national_dmp import NationalDmp
from dmp_service.domain import AgendaConfig, RetryPolicy
from dmp_service.domain.messages import PARIS
from dmp_service.settings import Settings
from dmp_service.store import DmpStore
from servicekit import UnitOfWorkFactory, context_of
from servicekit.clock import Clock, system_clock


@dataclass(frozen=True)
class DmpContext:
    """The process's collaborators: settings, units of work, ports, policies and clock."""

    settings: Settings
    units_of_work: UnitOfWorkFactory[DmpStore]
    source: str
    pseudonym_secret: bytes
    national_dmp: NationalDmp
    mailer: Mailer
    retry_policy: RetryPolicy
    agenda_config: AgendaConfig
    clock: Clock = system_clock

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        """Today in France: dates of care and the agenda are French calendar days."""
        return self.clock().astimezone(PARIS).date()

    def patient_key(self, matricule: str) -> str:
        """Pseudonymous key of a patient (the access log never holds the INS in clear)."""
        return patient_key(matricule, self.pseudonym_secret)


Context = Annotated[DmpContext, Depends(context_of)]
