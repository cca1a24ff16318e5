"""Children's profiles attached to a parent's record (DOMAIN.md §5; rules in `workflows.related`)."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Path

from dmp_service.context import Context
from dmp_service.domain import Relationship
from dmp_service.problems import ProblemRoute, problems
from dmp_service.schemas import InsPath, RelatedProfileRequest, RelatedProfileView
from dmp_service.workflows import related as workflows
from dmp_service.workflows.related import AttachedChild
from servicekit import Caller
from servicekit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page

router = APIRouter(tags=["related profiles"], route_class=ProblemRoute)


def _view(attached: AttachedChild) -> RelatedProfileView:
    row = attached.row
    return RelatedProfileView(
        id=row.id,
        child_ins=attached.child.matricule,
        relationship=Relationship(row.relationship),
        attached_at=row.attached_at,
        attached_by_rpps=row.attached_by_rpps,
        detached_at=row.detached_at,
        active=attached.active,
    )


RelatedId = Annotated[uuid.UUID, Path(description="The related-profile link's id.")]


@router.post(
    "/patients/{ins}/related-profiles",
    operation_id="relatedProfiles.attach",
    status_code=201,
    summary="Attach a child's profile (a minor with a qualified INS) to this parent's record",
    response_model=RelatedProfileView,
    responses=problems(409, 422),
)
async def attach(
    ins: InsPath, body: RelatedProfileRequest, caller: Caller, context: Context
) -> RelatedProfileView:
    attached = await workflows.attach(
        context, caller, ins, child_matricule=body.child_ins, relationship=body.relationship
    )
    return _view(attached)


@router.get(
    "/patients/{ins}/related-profiles",
    operation_id="relatedProfiles.list",
    summary="The children's profiles attached to this record (detached ones included)",
    response_model=Page[RelatedProfileView],
    responses=problems(400),
)
async def list_related(
    ins: InsPath,
    caller: Caller,
    context: Context,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[RelatedProfileView]:
    page = await workflows.list_related(context, caller, ins, cursor=cursor, limit=limit)
    return Page(items=[_view(attached) for attached in page.items], next_cursor=page.next_cursor)


@router.delete(
    "/patients/{ins}/related-profiles/{related_id}",
    operation_id="relatedProfiles.detach",
    summary="Detach a child's profile (kept in the history)",
    response_model=RelatedProfileView,
    responses=problems(409),
)
async def detach(ins: InsPath, related_id: RelatedId, caller: Caller, context: Context) -> RelatedProfileView:
    return _view(await workflows.detach(context, caller, ins, related_id))
