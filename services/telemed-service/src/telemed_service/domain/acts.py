"""The two billable acts of an answered tele-expertise: RQD for the requérant, TE2 for the requis."""

from datetime import datetime
from types import MappingProxyType
from uuid import NAMESPACE_URL, UUID, uuid5

from pydantic import AwareDatetime, BaseModel, ConfigDict

from dentalink_contracts.events.telemed import ActCode, ActRole
from dentalink_contracts.values import Rpps
from telemed_service.domain.errors import NotAnsweredError
from telemed_service.domain.expertise import TeleExpertise
from telemed_service.domain.states import ExpertiseStatus

# Fixed forever: changing it would give already-emitted acts new ids and break idempotent re-emission.
ACT_ID_NAMESPACE = uuid5(NAMESPACE_URL, "urn:dentalink:telemed:act")

ACT_CODE_FOR = MappingProxyType({ActRole.REQUERANT: ActCode.RQD, ActRole.REQUIS: ActCode.TE2})


class Act(BaseModel):
    """One tele-expertise act performed by one professional, ready to bill and to file (seed; CSP R6316-4)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    act_id: UUID
    expertise_id: UUID
    role: ActRole
    code: ActCode
    practitioner_rpps: Rpps
    performed_at: AwareDatetime


def act_id_for(expertise_id: UUID, role: ActRole) -> UUID:
    """Deterministic act id (UUIDv5 of expertise id and role), so emitting twice yields the same act."""
    return uuid5(ACT_ID_NAMESPACE, f"{expertise_id}/{role.value}")


def acts_for_answer(expertise: TeleExpertise, answered_at: datetime) -> tuple[Act, Act]:
    """RQD for the requérant and TE2 for the requis, dated when the report was sent (seed; DOMAIN.md §6)."""
    if expertise.status is not ExpertiseStatus.ANSWERED:
        raise NotAnsweredError(expertise.status)
    if answered_at != expertise.answered_at:
        raise ValueError("answered_at must be the date and time the report was sent")
    requerant, requis = (
        Act(
            act_id=act_id_for(expertise.id, role),
            expertise_id=expertise.id,
            role=role,
            code=ACT_CODE_FOR[role],
            practitioner_rpps=professional.rpps,
            performed_at=answered_at,
        )
        for role, professional in (
            (ActRole.REQUERANT, expertise.requerant),
            (ActRole.REQUIS, expertise.requis),
        )
    )
    return requerant, requis
