"""What the routes, event handlers and jobs of one telemed-service process share."""

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import Depends

from dentalink_contracts.values import patient_key
from servicekit import UnitOfWorkFactory, context_of
from servicekit.clock import Clock, aware_now, system_clock
from telemed_service.settings import Settings
from telemed_service.store import TelemedStore


@dataclass(frozen=True)
class TelemedContext:
    """The process's collaborators, built once at start-up; tests give another clock or units of work."""

    settings: Settings
    units_of_work: UnitOfWorkFactory[TelemedStore]
    source: str
    pseudonym_secret: bytes
    clock: Clock = system_clock

    def now(self) -> datetime:
        """The clock's instant (tests move it), checked to be timezone-aware."""
        return aware_now(self.clock)

    def patient_key(self, matricule: str) -> str:
        """Pseudonymous Kafka key of a patient: never the matricule in clear on the bus."""
        return patient_key(matricule, self.pseudonym_secret)


Context = Annotated[TelemedContext, Depends(context_of)]
