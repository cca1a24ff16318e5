"""Care relationships: a practice declares that a patient knows a dentist (avenant 1 art. 58)."""

from uuid import uuid4

from servicekit import CallerContext
from telemed_service.context import TelemedContext
from telemed_service.models import CareRelationship
from telemed_service.schemas import CareRelationshipRequest


async def declare_care_relationship(
    context: TelemedContext, caller: CallerContext, body: CareRelationshipRequest
) -> tuple[CareRelationship, bool]:
    """Kept per practice; declaring the same relationship again keeps the first declaration.
    Returns the stored declaration and whether this call made it."""
    declared = CareRelationship(
        id=uuid4(),
        practice_id=caller.practice_id,
        patient_matricule=body.patient.matricule,
        patient_oid=body.patient.oid.value,
        dentist_rpps=body.dentist_rpps,
        kind=body.kind.value,
        declared_by_rpps=caller.professional.rpps,
        created_at=context.now(),
    )
    async with context.units_of_work() as uow:
        return await uow.store.declare_care_relationship(declared)
