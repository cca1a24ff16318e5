"""A practice's roster, kept by the gateway and managed by the practice admin: which professional
(RPPS) holds which roles in the practice. The role of every call comes from here.

Every workflow acts for the practice of the call: another practice is not found (never forbidden).
"""

from collections.abc import Sequence
from dataclasses import replace

from dentalink_contracts.values import Role
from gateway.context import GatewayContext
from gateway.domain.calls import PracticeNotFound
from gateway.domain.roster import Member, MemberNotFound, check_admin_left, role_values
from gateway.workflows.calls import Call
from servicekit.pagination import decode_cursor, page_of


def _same_practice(call: Call, practice_id: str) -> None:
    if call.practice_id != practice_id:
        raise PracticeNotFound()


def _acting_rpps(call: Call) -> str:
    assert call.professional is not None
    return call.professional.rpps


async def list_members(
    context: GatewayContext, call: Call, practice_id: str, *, cursor: str | None, limit: int
) -> tuple[list[Member], str | None]:
    """One page of the roster (oldest first) and the cursor of the next one."""
    _same_practice(call, practice_id)
    # Keyed by RPPS, not a UUID, but the cursor is checked the same way (servicekit.pagination).
    after = decode_cursor(cursor) if cursor is not None else None
    async with context.units_of_work() as uow:
        members = await uow.store.members(practice_id, after=after, limit=limit + 1)
    return page_of(members, limit, id_field="rpps")


async def get_member(context: GatewayContext, call: Call, practice_id: str, rpps: str) -> Member:
    _same_practice(call, practice_id)
    async with context.units_of_work() as uow:
        member = await uow.store.member(practice_id, rpps)
    if member is None:
        raise MemberNotFound()
    return member


async def add_member(
    context: GatewayContext, call: Call, practice_id: str, rpps: str, roles: Sequence[Role]
) -> Member:
    """Put a professional on the roster (MemberExists when already there)."""
    _same_practice(call, practice_id)
    now = context.clock()
    member = Member(
        practice_id=practice_id,
        rpps=rpps,
        roles=role_values(roles),
        created_at=now,
        updated_at=now,
        updated_by=_acting_rpps(call),
    )
    async with context.units_of_work() as uow:
        await uow.store.add_member(member)
    context.standings.forget_practice(practice_id)
    return member


async def set_roles(
    context: GatewayContext, call: Call, practice_id: str, rpps: str, roles: Sequence[Role]
) -> Member:
    """Replace the roles of a member; the practice keeps at least one admin (admins locked while deciding)."""
    _same_practice(call, practice_id)
    by = _acting_rpps(call)
    async with context.units_of_work() as uow:
        member = await uow.store.member(practice_id, rpps, for_update=True)
        if member is None:
            raise MemberNotFound()
        values = role_values(roles)
        if member.is_admin and Role.PRACTICE_ADMIN.value not in values:
            check_admin_left(await uow.store.admins(practice_id), rpps)
        member = replace(member, roles=values, updated_by=by, updated_at=context.clock())
        await uow.store.update_member(member)
    context.standings.forget_practice(practice_id)
    return member


async def remove_member(context: GatewayContext, call: Call, practice_id: str, rpps: str) -> None:
    """Take a professional off the roster; the practice keeps at least one admin."""
    _same_practice(call, practice_id)
    async with context.units_of_work() as uow:
        member = await uow.store.member(practice_id, rpps, for_update=True)
        if member is None:
            raise MemberNotFound()
        if member.is_admin:
            check_admin_left(await uow.store.admins(practice_id), rpps)
        await uow.store.remove_member(practice_id, rpps)
    context.standings.forget_practice(practice_id)
