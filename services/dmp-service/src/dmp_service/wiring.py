"""What dmp-service adds to servicekit's Runtime: clock, ports, policies (kept in runtime.extras)."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated

from fastapi import Depends, Request

from dmp_service.adapters.email import Mailer
from dmp_service.adapters.national_dmp import NationalDmp
from dmp_service.domain import AgendaConfig, RetryPolicy
from dmp_service.domain.messages import PARIS
from dmp_service.settings import Settings
from servicekit import Runtime
from servicekit.clock import Clock
from servicekit.db import Database

EXTRAS_KEY = "dmp"


@dataclass
class Dmp:
    """The service's collaborators, built once the runtime (database, Kafka) is up."""

    settings: Settings
    runtime: Runtime
    clock: Clock
    national_dmp: NationalDmp
    mailer: Mailer
    retry_policy: RetryPolicy
    agenda_config: AgendaConfig

    @property
    def database(self) -> Database:
        return self.runtime.database

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        """Today in France: dates of care and the agenda are French calendar days."""
        return self.clock().astimezone(PARIS).date()

    def patient_key(self, matricule: str) -> str:
        return self.runtime.patient_key(matricule)


def dmp_of(runtime: Runtime) -> Dmp:
    dmp: Dmp = runtime.extras[EXTRAS_KEY]
    return dmp


def _dmp(request: Request) -> Dmp:
    return dmp_of(request.app.state.runtime)


DmpDep = Annotated[Dmp, Depends(_dmp)]
