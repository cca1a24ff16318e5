"""What the API and the event handlers of one ins-service process share: INSi port, clock, keys."""

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request

from dentalink_contracts import patient_key
from ins_service.adapters import InsiPort
from servicekit.clock import Clock, aware_now, system_clock


@dataclass(frozen=True)
class InsContext:
    """Configuration the workflows need; tests inject another clock or INSi port."""

    insi: InsiPort
    pseudonym_secret: bytes
    source: str = "/dentalink/ins-service"
    clock: Clock = field(default=system_clock)

    def now(self) -> datetime:
        """The clock's instant, checked to be timezone-aware."""
        return aware_now(self.clock)

    def patient_key(self, identity_id: uuid.UUID, matricule: str | None) -> str:
        """Kafka key and `patient_key` of an identity's events: HMAC of the matricule, as every service
        derives it; before INSi or the apCV gave a matricule, HMAC of `IDENTITY:<identity id>`, still
        `pk_` + 32 hex and never the matricule in clear (ARCHITECTURE.md, Events)."""
        return patient_key(matricule or f"IDENTITY:{identity_id.hex}", self.pseudonym_secret)


def context_of(request: Request) -> InsContext:
    """FastAPI dependency: the process's context (set by `main.build`)."""
    context: InsContext = request.app.state.ins
    return context


Context = Annotated[InsContext, Depends(context_of)]
