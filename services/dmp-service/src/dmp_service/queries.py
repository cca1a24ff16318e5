"""Query helpers shared by the routes and the stores: one row of a record, one page of a list."""

import uuid
from datetime import datetime
from typing import Any, Protocol, TypeVar

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from servicekit import ProblemError
from servicekit.pagination import page_of, paged


class Listed(Protocol):
    """A table listed by pages: sorted by (created_at, id), as the cursor says."""

    id: uuid.UUID
    created_at: datetime


R = TypeVar("R")
L = TypeVar("L", bound=Listed)


async def find_owned(
    session: AsyncSession,
    table: type[R],
    row_id: uuid.UUID,
    missing: ProblemError,
    *,
    lock: bool = False,
    **owner: Any,
) -> R:
    """The row `row_id` of `table` if its `owner` columns match (e.g. `record_id=...`), else `missing`.

    Scoping by owner keeps a request from reaching a row of another record through its id."""
    query = select(table).filter_by(id=row_id, **owner)
    if lock:
        query = query.with_for_update()
    row = (await session.execute(query)).scalar_one_or_none()
    if row is None:
        raise missing
    return row


async def fetch_page(
    session: AsyncSession, query: Select[tuple[L]], table: type[L], cursor: str | None, limit: int
) -> tuple[list[L], str | None]:
    """One page of `query`'s rows of `table` after `cursor`, and the cursor of the next page (None: last)."""
    paged_query = paged(query, table.created_at, table.id, cursor, limit)
    return page_of(list((await session.execute(paged_query)).scalars().all()), limit)
