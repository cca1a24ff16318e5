"""Children's profiles attached to a parent's record (DOMAIN.md §5: "related profiles").

Both records must exist with a qualified INS, and the patient's refusals on either record apply:
attaching is traced on the parent's and on the child's access log.
"""

import uuid

from fastapi import APIRouter
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from dmp_service.domain import (
    AttachmentRefused,
    RecordOperation,
    RelatedProfile,
    Relationship,
    check_attachment,
)
from dmp_service.guard import guard
from dmp_service.models import PatientRecord, RelatedProfileRow
from dmp_service.queries import fetch_page, find_owned
from dmp_service.routes.common import problems
from dmp_service.schemas import InsPath, RelatedProfileRequest, RelatedProfileView
from dmp_service.wiring import Dmp, DmpDep
from servicekit import Caller, ProblemError, Session
from servicekit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page

router = APIRouter(tags=["related profiles"])


def _view(row: RelatedProfileRow, child: PatientRecord, dmp: Dmp) -> RelatedProfileView:
    profile = RelatedProfile(
        Relationship(row.relationship), child.birth_date, row.attached_at, row.detached_at
    )
    return RelatedProfileView(
        id=row.id,
        child_ins=child.matricule,
        relationship=profile.relationship,
        attached_at=row.attached_at,
        attached_by_rpps=row.attached_by_rpps,
        detached_at=row.detached_at,
        active=profile.is_active(dmp.today()),
    )


@router.post(
    "/patients/{ins}/related-profiles",
    status_code=201,
    summary="Attach a child's profile (a minor with a qualified INS) to this parent's record",
    response_model=RelatedProfileView,
    responses=problems(409, 422),
)
async def attach(
    ins: InsPath, body: RelatedProfileRequest, caller: Caller, session: Session, dmp: DmpDep
) -> RelatedProfileView:
    parent = await guard(
        session, dmp, caller, ins, RecordOperation.MANAGE_RELATED_PROFILES, resource_type="related_profile"
    )
    child = await guard(
        session,
        dmp,
        caller,
        body.child_ins,
        RecordOperation.MANAGE_RELATED_PROFILES,
        resource_type="parent_record",
    )
    try:
        check_attachment(parent.matricule, child.matricule, child.birth_date, dmp.today())
    except AttachmentRefused as error:
        raise ProblemError(
            422, "related-profile-refused", "This profile cannot be attached.", str(error)
        ) from error
    now = dmp.now()
    row = RelatedProfileRow(
        id=uuid.uuid4(),
        parent_record_id=parent.id,
        child_record_id=child.id,
        relationship=body.relationship.value,
        attached_at=now,
        attached_by_rpps=caller.professional.rpps,
        attached_by_practice=caller.practice_id,
        created_at=now,
    )
    session.add(row)
    try:
        await session.flush()
    except IntegrityError as error:
        raise ProblemError(409, "related-profile-exists", "This child is already attached.") from error
    return _view(row, child, dmp)


@router.get(
    "/patients/{ins}/related-profiles",
    summary="The children's profiles attached to this record (detached ones included)",
    response_model=Page[RelatedProfileView],
    responses=problems(400),
)
async def list_related(
    ins: InsPath,
    caller: Caller,
    session: Session,
    dmp: DmpDep,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[RelatedProfileView]:
    parent = await guard(
        session, dmp, caller, ins, RecordOperation.READ_RELATED_PROFILES, resource_type="related_profile"
    )
    query = select(RelatedProfileRow).where(RelatedProfileRow.parent_record_id == parent.id)  # type: ignore[arg-type]
    rows, next_cursor = await fetch_page(session, query, RelatedProfileRow, cursor, limit)
    items = []
    for row in rows:
        child = await session.get(PatientRecord, row.child_record_id)
        assert child is not None
        items.append(_view(row, child, dmp))
    return Page(items=items, next_cursor=next_cursor)


@router.delete(
    "/patients/{ins}/related-profiles/{related_id}",
    summary="Detach a child's profile (kept in the history)",
    response_model=RelatedProfileView,
    responses=problems(409),
)
async def detach(
    ins: InsPath, related_id: uuid.UUID, caller: Caller, session: Session, dmp: DmpDep
) -> RelatedProfileView:
    parent = await guard(
        session,
        dmp,
        caller,
        ins,
        RecordOperation.MANAGE_RELATED_PROFILES,
        resource_type="related_profile",
        resource_id=related_id,
    )
    row = await find_owned(
        session,
        RelatedProfileRow,
        related_id,
        ProblemError(404, "related-profile-not-found", "No such related profile on this record."),
        lock=True,
        parent_record_id=parent.id,
    )
    child = await session.get(PatientRecord, row.child_record_id)
    assert child is not None
    profile = RelatedProfile(
        Relationship(row.relationship), child.birth_date, row.attached_at, row.detached_at
    )
    try:
        detached = profile.detach(max(dmp.now(), row.attached_at))
    except AttachmentRefused as error:
        raise ProblemError(409, "related-profile-detached", "This profile is already detached.") from error
    row.detached_at = detached.detached_at
    row.detached_by_rpps = caller.professional.rpps
    session.add(row)
    await session.flush()
    return _view(row, child, dmp)
