"""A practice's roster, managed by the practice admin (gateway.workflows.roster): which professional
(RPPS) holds which roles in the practice. A practice never loses its last admin (409)."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Response
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from dentalink_contracts.values import Role
from gateway.api.caller import GatewayCall
from gateway.api.openapi import problem_responses
from gateway.context import Context
from gateway.domain.roster import Member
from gateway.domain.rpps import is_valid_rpps
from gateway.workflows import roster
from servicekit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page


def _valid_rpps(value: str) -> str:
    if not is_valid_rpps(value):
        raise ValueError("an RPPS number is 11 digits with a valid check digit")
    return value


CheckedRpps = Annotated[str, AfterValidator(_valid_rpps)]
RppsPath = Annotated[
    str, Path(pattern=r"^[0-9]{11}$", description="RPPS number (11 digits) of the roster member.")
]
PracticePath = Annotated[
    str,
    Path(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$",
        description="The practice whose roster it is: the one named by `X-Practice-Id`.",
    ),
]


class MemberIn(BaseModel):
    """A professional to add to the roster, with the roles they hold in the practice."""

    rpps: CheckedRpps = Field(
        description="RPPS number of the professional (11 digits with a valid check digit)."
    )
    roles: list[Role] = Field(min_length=1, description="The roles they hold in the practice (at least one).")

    model_config = {
        "json_schema_extra": {"examples": [{"rpps": "10000001072", "roles": ["dental_assistant"]}]}
    }


class RolesIn(BaseModel):
    """The complete set of roles the professional holds from now on."""

    roles: list[Role] = Field(
        min_length=1, description="The roles from now on (at least one); replaces the previous set."
    )

    model_config = {"json_schema_extra": {"examples": [{"roles": ["dentist", "practice_admin"]}]}}


class MemberOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "practice_id": "cab-0123456789",
                    "rpps": "10000001072",
                    "roles": ["dental_assistant"],
                    "created_at": "2025-03-01T08:00:00Z",
                    "updated_at": "2025-03-01T08:00:00Z",
                    "updated_by": "10000001015",
                }
            ]
        }
    )

    practice_id: str = Field(description="The practice.")
    rpps: str = Field(description="RPPS number of the professional.")
    roles: list[Role] = Field(description="The roles they hold in the practice.")
    created_at: datetime = Field(description="When they joined the roster.")
    updated_at: datetime = Field(description="When their roles last changed.")
    updated_by: str = Field(description="RPPS of the admin who last changed it (or `manage`).")

    @classmethod
    def of(cls, member: Member) -> "MemberOut":
        roles = [Role(role) for role in member.roles]
        return cls(
            practice_id=member.practice_id,
            rpps=member.rpps,
            roles=roles,
            created_at=member.created_at,
            updated_at=member.updated_at,
            updated_by=member.updated_by,
        )


router = APIRouter(prefix="/v1/practices/{practice_id}/members", tags=["practices"])
ERRORS = problem_responses(400, 401, 403, 404, 429)


@router.get(
    "",
    operation_id="practiceMembers.list",
    response_model=Page[MemberOut],
    summary="List the practice's roster",
    responses=ERRORS,
)
async def list_members(
    practice_id: PracticePath,
    call: GatewayCall,
    context: Context,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[MemberOut]:
    members, next_cursor = await roster.list_members(context, call, practice_id, cursor=cursor, limit=limit)
    return Page[MemberOut](items=[MemberOut.of(member) for member in members], next_cursor=next_cursor)


@router.post(
    "",
    operation_id="practiceMembers.add",
    status_code=201,
    response_model=MemberOut,
    summary="Add a professional to the roster",
    responses={**ERRORS, **problem_responses(409, 422)},
)
async def add_member(
    practice_id: PracticePath, body: MemberIn, call: GatewayCall, context: Context
) -> MemberOut:
    return MemberOut.of(await roster.add_member(context, call, practice_id, body.rpps, body.roles))


@router.get(
    "/{rpps}",
    operation_id="practiceMembers.get",
    response_model=MemberOut,
    summary="One member of the roster",
    responses=ERRORS,
)
async def get_member(
    practice_id: PracticePath, rpps: RppsPath, call: GatewayCall, context: Context
) -> MemberOut:
    return MemberOut.of(await roster.get_member(context, call, practice_id, rpps))


@router.put(
    "/{rpps}",
    operation_id="practiceMembers.setRoles",
    response_model=MemberOut,
    summary="Replace the roles of a member",
    responses={**ERRORS, **problem_responses(409, 422)},
)
async def set_roles(
    practice_id: PracticePath, rpps: RppsPath, body: RolesIn, call: GatewayCall, context: Context
) -> MemberOut:
    return MemberOut.of(await roster.set_roles(context, call, practice_id, rpps, body.roles))


@router.delete(
    "/{rpps}",
    operation_id="practiceMembers.remove",
    status_code=204,
    summary="Remove a professional from the roster",
    responses={**ERRORS, **problem_responses(409)},
)
async def remove_member(
    practice_id: PracticePath, rpps: RppsPath, call: GatewayCall, context: Context
) -> Response:
    await roster.remove_member(context, call, practice_id, rpps)
    return Response(status_code=204)
