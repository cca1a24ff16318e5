"""Children's profiles attached to a parent's record (DOMAIN.md §5: "related profiles").

Both records must exist with a qualified INS, and the patient's refusals on either record apply:
attaching is traced on the parent's and on the child's access log.
"""

import uuid
from dataclasses import dataclass
from datetime import date

from dmp_service.context import DmpContext
from dmp_service.domain import (
    AttachmentRefused,
    RecordOperation,
    RelatedProfile,
    Relationship,
    check_attachment,
)
from dmp_service.errors import Missing, NotFound, RelatedProfileDetached, RelatedProfileRefused
from dmp_service.models import PatientRecord, RelatedProfileRow
from dmp_service.store import DmpStore, Slice
from dmp_service.workflows.access import guard, guarded_unit
from servicekit import CallerContext, UnitOfWork


@dataclass(frozen=True)
class AttachedChild:
    """A related profile, the child's record, and whether it is active today."""

    row: RelatedProfileRow
    child: PatientRecord
    active: bool


def _profile(row: RelatedProfileRow, child: PatientRecord) -> RelatedProfile:
    return RelatedProfile(Relationship(row.relationship), child.birth_date, row.attached_at, row.detached_at)


def _attached(row: RelatedProfileRow, child: PatientRecord, today: date) -> AttachedChild:
    return AttachedChild(row, child, _profile(row, child).is_active(today))


async def _child(uow: UnitOfWork[DmpStore], row: RelatedProfileRow) -> PatientRecord:
    child = await uow.store.get(PatientRecord, row.child_record_id)
    assert child is not None
    return child


async def attach(
    context: DmpContext,
    caller: CallerContext,
    matricule: str,
    *,
    child_matricule: str,
    relationship: Relationship,
) -> AttachedChild:
    """Attach a child's profile (a minor with a qualified INS) to this parent's record."""
    async with guarded_unit(context) as uow:
        parent = await guard(
            uow,
            context,
            caller,
            matricule,
            RecordOperation.MANAGE_RELATED_PROFILES,
            resource_type="related_profile",
        )
        child = await guard(
            uow,
            context,
            caller,
            child_matricule,
            RecordOperation.MANAGE_RELATED_PROFILES,
            resource_type="parent_record",
        )
        try:
            check_attachment(parent.matricule, child.matricule, child.birth_date, context.today())
        except AttachmentRefused as error:
            raise RelatedProfileRefused(str(error)) from error
        now = context.now()
        row = RelatedProfileRow(
            id=uuid.uuid4(),
            parent_record_id=parent.id,
            child_record_id=child.id,
            relationship=relationship.value,
            attached_at=now,
            attached_by_rpps=caller.professional.rpps,
            attached_by_practice=caller.practice_id,
            created_at=now,
        )
        await uow.store.add_related_profile(row)
        return _attached(row, child, context.today())


async def list_related(
    context: DmpContext, caller: CallerContext, matricule: str, *, cursor: str | None, limit: int
) -> Slice[AttachedChild]:
    """The children's profiles attached to this record, detached ones included."""
    async with guarded_unit(context) as uow:
        parent = await guard(
            uow,
            context,
            caller,
            matricule,
            RecordOperation.READ_RELATED_PROFILES,
            resource_type="related_profile",
        )
        page = await uow.store.related_profiles_page(parent.id, cursor=cursor, limit=limit)
        items = [_attached(row, await _child(uow, row), context.today()) for row in page.items]
    return Slice(items, page.next_cursor)


async def detach(
    context: DmpContext, caller: CallerContext, matricule: str, related_id: uuid.UUID
) -> AttachedChild:
    """Detach a child's profile (kept in the history)."""
    async with guarded_unit(context) as uow:
        parent = await guard(
            uow,
            context,
            caller,
            matricule,
            RecordOperation.MANAGE_RELATED_PROFILES,
            resource_type="related_profile",
            resource_id=related_id,
        )
        row = await uow.store.owned(RelatedProfileRow, related_id, lock=True, parent_record_id=parent.id)
        if row is None:
            raise NotFound(Missing.RELATED_PROFILE)
        child = await _child(uow, row)
        try:
            detached = _profile(row, child).detach(max(context.now(), row.attached_at))
        except AttachmentRefused as error:
            raise RelatedProfileDetached("already detached") from error
        row.detached_at = detached.detached_at
        row.detached_by_rpps = caller.professional.rpps
        await uow.store.save(row)
        return _attached(row, child, context.today())
