"""The sandbox reset of one practice's data: the internal route each service serves to the gateway's
`POST /v1/sandbox/practices/{practice_id}/reset`, and the helpers its deletions use.

The route is not under `/v1`, so the gateway's proxy never forwards a vendor's call to it (only
`/v1/{path}` is proxied, and only through a habilitation rule); the gateway calls it itself, with
the internal token of the practice admin who asked. It is mounted only in sandbox mode and refuses
(404) if sandbox mode is off anyway; a caller acting for another practice, or not as its admin, is
refused (403). Each service deletes, in the request's one transaction, the rows the practice created:
its `Purge` says which, in order, and `delete_in_order` runs them.
"""

from collections.abc import Awaitable, Callable, Mapping

from fastapi import APIRouter, Path, Request
from pydantic import BaseModel, Field
from sqlalchemy import Delete, TableClause, text
from sqlalchemy.ext.asyncio import AsyncSession

from dentalink_contracts.values import PRACTICE_ID_PATTERN, Role
from servicekit.app import Session, runtime_of
from servicekit.auth import Caller
from servicekit.problems import ProblemError

RESET_PATH = "/internal/sandbox/practices/{practice_id}/reset"

Purge = Callable[[AsyncSession, str], Awaitable[dict[str, int]]]
"""Deletes one practice's rows in the session's transaction; returns rows deleted per table."""


class PracticeReset(BaseModel):
    """What one service deleted for the practice."""

    service: str = Field(description="The service that reset its data.")
    practice_id: str = Field(description="The practice whose data was deleted.")
    deleted: dict[str, int] = Field(description="Rows deleted per table.")


def reset_path(practice_id: str) -> str:
    return RESET_PATH.format(practice_id=practice_id)


async def delete_rows(session: AsyncSession, statement: Delete) -> int:
    """Run one DELETE and say how many rows it removed."""
    result = await session.execute(statement)
    return int(getattr(result, "rowcount", 0) or 0)


async def delete_in_order(
    session: AsyncSession, *statements: Delete, triggers: Mapping[str, str] | None = None
) -> dict[str, int]:
    """Run the DELETEs in the order given (children before their parents) and say how many rows each
    table lost, by table name. `triggers` names, by table, the trigger that protects it (append-only
    history, signed care sheets): it is disabled around that table's DELETE only. ALTER TABLE is
    transactional and holds a SHARE ROW EXCLUSIVE lock until the commit, so no other transaction writes
    the table meanwhile or ever sees the trigger off; the table's owner (the service, which ran its
    migrations) may."""
    deleted: dict[str, int] = {}
    for statement in statements:
        table = statement.table
        if not isinstance(table, TableClause):
            raise TypeError("a reset deletes from one table per statement")
        trigger = (triggers or {}).get(table.name)
        if trigger is not None:
            await session.execute(text(f'ALTER TABLE "{table.name}" DISABLE TRIGGER "{trigger}"'))
        deleted[table.name] = await delete_rows(session, statement)
        if trigger is not None:
            await session.execute(text(f'ALTER TABLE "{table.name}" ENABLE TRIGGER "{trigger}"'))
    return deleted


PracticePath = Path(pattern=PRACTICE_ID_PATTERN, description="The practice whose data is deleted.")


def sandbox_reset_router(purge: Purge) -> APIRouter:
    """The internal reset route of a service, deleting through `purge`."""
    router = APIRouter(include_in_schema=False)

    @router.post(RESET_PATH, response_model=PracticeReset)
    async def reset_practice(
        request: Request, caller: Caller, session: Session, practice_id: str = PracticePath
    ) -> PracticeReset:
        settings = runtime_of(request).kit.settings
        if not settings.sandbox_enabled:
            raise ProblemError(404, "not-found", "Resource not found.")
        if caller.practice_id != practice_id or caller.role is not Role.PRACTICE_ADMIN:
            raise ProblemError(
                403,
                "forbidden-role",
                "Your role does not allow this operation.",
                "Only the practice admin of this practice resets its sandbox data.",
            )
        deleted = await purge(session, practice_id)
        return PracticeReset(service=settings.service_name, practice_id=practice_id, deleted=deleted)

    return router


def sandbox_reset_routers(sandbox_enabled: bool, purge: Purge) -> list[APIRouter]:
    """The reset route when the service runs in sandbox mode; none otherwise (production)."""
    return [sandbox_reset_router(purge)] if sandbox_enabled else []
