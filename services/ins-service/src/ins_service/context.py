"""What the routes and the event handlers of one ins-service process share, built once at start-up
by `main.build`'s context factory: settings, units of work, INSi port, clock, pseudonym secret."""

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated

from fastapi import Depends

from dentalink_contracts import patient_key
from ins_service.adapters import InsiPort
from ins_service.settings import Settings
from ins_service.store import IdentityStore
from servicekit import UnitOfWorkFactory, context_of
from servicekit.clock import Clock, aware_now, system_clock


@dataclass(frozen=True)
class InsContext:
    """The process's collaborators; tests build one with an in-memory store, another clock or INSi port."""

    settings: Settings
    # Opens one transaction: `async with context.units_of_work() as uow` (uow.store, uow.outbox).
    units_of_work: UnitOfWorkFactory[IdentityStore]
    insi: InsiPort
    pseudonym_secret: bytes
    # CloudEvents source of what ins-service publishes (servicekit's `Kit.source`).
    source: str = "/dentalink/ins-service"
    clock: Clock = field(default=system_clock)
    # Units whose statements each commit alone: a read that is one statement, in one round trip
    # (no BEGIN and COMMIT around it). None: the transactional units serve.
    single_statements: UnitOfWorkFactory[IdentityStore] | None = None

    def statements(self) -> UnitOfWorkFactory[IdentityStore]:
        return self.single_statements or self.units_of_work

    def now(self) -> datetime:
        """The clock's instant, checked to be timezone-aware."""
        return aware_now(self.clock)

    def patient_key(self, identity_id: uuid.UUID, matricule: str | None) -> str:
        """Kafka key and `patient_key` of an identity's events: HMAC of the matricule, as every service
        derives it; before INSi or the apCV gave a matricule, HMAC of `IDENTITY:<identity id>`, still
        `pk_` + 32 hex and never the matricule in clear (ARCHITECTURE.md, Events)."""
        return patient_key(matricule or f"IDENTITY:{identity_id.hex}", self.pseudonym_secret)


# What routes take: the context of the process serving the request.
Context = Annotated[InsContext, Depends(context_of)]
