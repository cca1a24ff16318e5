"""The immutable trace of a tele-expertise: who did what, on which date and at what time (CSP R6316-4)."""

from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, model_validator

from dentalink_contracts.values import Rpps
from telemed_service.domain.states import Action, ExpertiseStatus, PartyRole


class TraceEntry(BaseModel):
    """One event of the file: actor (RPPS + role), action, timezone-aware date and time, details (R6316-4)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    expertise_id: UUID
    at: AwareDatetime
    action: Action
    actor_role: PartyRole
    actor_rpps: Rpps | None
    from_status: ExpertiseStatus | None
    to_status: ExpertiseStatus
    details: str = ""

    @model_validator(mode="after")
    def _professional_has_rpps(self) -> "TraceEntry":
        # A professional is always named by RPPS; only the platform itself acts anonymously.
        if (self.actor_role is PartyRole.SYSTEM) != (self.actor_rpps is None):
            raise ValueError("a professional actor needs an RPPS and the system has none")
        return self
