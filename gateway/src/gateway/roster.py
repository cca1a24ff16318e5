"""A practice's roster, kept by the gateway and managed by the practice admin: which professional
(RPPS) holds which roles in the practice. The role of every call comes from here.

A practice never loses its last admin (409), so it can always manage its roster.
"""

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Path, Response
from pydantic import AfterValidator, BaseModel, Field
from sqlalchemy import literal, select, tuple_
from sqlalchemy.exc import IntegrityError
from sqlmodel import col

from dentalink_contracts.values import Role
from gateway.caller import Call, GatewayCall
from gateway.domain.rpps import is_valid_rpps
from gateway.models import PracticeMember
from gateway.openapi_docs import problem_responses
from servicekit.app import Session
from servicekit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page, decode_cursor, page_of
from servicekit.problems import ProblemError


def _valid_rpps(value: str) -> str:
    if not is_valid_rpps(value):
        raise ValueError("an RPPS number is 11 digits with a valid check digit")
    return value


CheckedRpps = Annotated[str, AfterValidator(_valid_rpps)]
RppsPath = Annotated[str, Path(pattern=r"^[0-9]{11}$")]
PracticePath = Annotated[str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]


class MemberIn(BaseModel):
    """A professional to add to the roster, with the roles they hold in the practice."""

    rpps: CheckedRpps
    roles: list[Role] = Field(min_length=1)

    model_config = {
        "json_schema_extra": {"examples": [{"rpps": "10000001072", "roles": ["dental_assistant"]}]}
    }


class RolesIn(BaseModel):
    """The complete set of roles the professional holds from now on."""

    roles: list[Role] = Field(min_length=1)

    model_config = {"json_schema_extra": {"examples": [{"roles": ["dentist", "practice_admin"]}]}}


class MemberOut(BaseModel):
    practice_id: str
    rpps: str
    roles: list[Role]
    created_at: datetime
    updated_at: datetime
    updated_by: str = Field(description="RPPS of the admin who last changed it (or `manage`).")

    @classmethod
    def of(cls, row: PracticeMember) -> "MemberOut":
        roles = [Role(role) for role in row.roles]
        return cls(
            practice_id=row.practice_id,
            rpps=row.rpps,
            roles=roles,
            created_at=row.created_at,
            updated_at=row.updated_at,
            updated_by=row.updated_by,
        )


router = APIRouter(prefix="/v1/practices/{practice_id}/members", tags=["practices"])
ERRORS = problem_responses(400, 401, 403, 404, 429)


def _same_practice(call: Call, practice_id: str) -> str:
    if call.practice_id != practice_id:
        raise ProblemError(404, "practice-not-found", "No such practice for this client.")
    return practice_id


def _not_found() -> ProblemError:
    return ProblemError(404, "member-not-found", "No such member in this practice.")


async def _keep_an_admin(session: Session, practice_id: str, leaving_rpps: str) -> None:
    """Refuse to leave the practice without an admin (the admins are locked while deciding)."""
    admins = (
        await session.execute(
            select(col(PracticeMember.rpps))
            .where(
                col(PracticeMember.practice_id) == practice_id,
                col(PracticeMember.roles).contains([Role.PRACTICE_ADMIN.value]),
            )
            .with_for_update()
        )
    ).scalars()
    if set(admins) <= {leaving_rpps}:
        raise ProblemError(
            409, "last-practice-admin", "The practice would have no admin left.", "Name another admin first."
        )


async def _member(session: Session, practice_id: str, rpps: str) -> PracticeMember:
    member = await session.get(PracticeMember, (practice_id, rpps), with_for_update=True)
    if member is None:
        raise _not_found()
    return member


@router.get("", response_model=Page[MemberOut], summary="List the practice's roster", responses=ERRORS)
async def list_members(
    practice_id: PracticePath,
    call: GatewayCall,
    session: Session,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[MemberOut]:
    _same_practice(call, practice_id)
    created_at, rpps = col(PracticeMember.created_at), col(PracticeMember.rpps)
    conditions = [col(PracticeMember.practice_id) == practice_id]
    if cursor is not None:
        # Keyed by RPPS, not a UUID: `paged` does not apply, but the cursor is checked the same way.
        after_at, after_rpps = decode_cursor(cursor)
        conditions.append(tuple_(created_at, rpps) > tuple_(literal(after_at), literal(after_rpps)))
    rows = (
        await session.execute(
            select(PracticeMember).where(*conditions).order_by(created_at, rpps).limit(limit + 1)
        )
    ).scalars()
    items, next_cursor = page_of(list(rows), limit, id_field="rpps")
    return Page[MemberOut](items=[MemberOut.of(row) for row in items], next_cursor=next_cursor)


@router.post(
    "",
    status_code=201,
    response_model=MemberOut,
    summary="Add a professional to the roster",
    responses={**ERRORS, **problem_responses(409, 422)},
)
async def add_member(
    practice_id: PracticePath, body: MemberIn, call: GatewayCall, session: Session
) -> MemberOut:
    _same_practice(call, practice_id)
    assert call.professional is not None
    now = datetime.now(UTC)
    row = PracticeMember(
        practice_id=practice_id,
        rpps=body.rpps,
        roles=sorted({role.value for role in body.roles}),
        created_at=now,
        updated_at=now,
        updated_by=call.professional.rpps,
    )
    session.add(row)
    try:
        await session.flush()
    except IntegrityError:
        raise ProblemError(
            409,
            "member-exists",
            "This professional is already on the roster.",
            "Change their roles with PUT.",
        ) from None
    return MemberOut.of(row)


@router.get("/{rpps}", response_model=MemberOut, summary="One member of the roster", responses=ERRORS)
async def get_member(
    practice_id: PracticePath, rpps: RppsPath, call: GatewayCall, session: Session
) -> MemberOut:
    _same_practice(call, practice_id)
    member = await session.get(PracticeMember, (practice_id, rpps))
    if member is None:
        raise _not_found()
    return MemberOut.of(member)


@router.put(
    "/{rpps}",
    response_model=MemberOut,
    summary="Replace the roles of a member",
    responses={**ERRORS, **problem_responses(409, 422)},
)
async def set_roles(
    practice_id: PracticePath, rpps: RppsPath, body: RolesIn, call: GatewayCall, session: Session
) -> MemberOut:
    _same_practice(call, practice_id)
    assert call.professional is not None
    member = await _member(session, practice_id, rpps)
    roles = sorted({role.value for role in body.roles})
    if Role.PRACTICE_ADMIN.value in member.roles and Role.PRACTICE_ADMIN.value not in roles:
        await _keep_an_admin(session, practice_id, rpps)
    member.roles = roles
    member.updated_by = call.professional.rpps
    member.updated_at = datetime.now(UTC)
    await session.flush()
    return MemberOut.of(member)


@router.delete(
    "/{rpps}",
    status_code=204,
    summary="Remove a professional from the roster",
    responses={**ERRORS, **problem_responses(409)},
)
async def remove_member(
    practice_id: PracticePath, rpps: RppsPath, call: GatewayCall, session: Session
) -> Response:
    _same_practice(call, practice_id)
    member = await _member(session, practice_id, rpps)
    if Role.PRACTICE_ADMIN.value in member.roles:
        await _keep_an_admin(session, practice_id, rpps)
    await session.delete(member)
    return Response(status_code=204)
