"""Cursor pagination over (created_at, id), the servicekit convention, for this service's queries."""

import uuid
from typing import Annotated, Any, TypeVar

from fastapi import Query
from sqlalchemy import Select, literal, tuple_

from servicekit import ProblemError
from servicekit.pagination import DEFAULT_LIMIT, MAX_LIMIT, decode_cursor

S = TypeVar("S", bound=Select[Any])

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size.")]
Cursor = Annotated[str | None, Query(description="`next_cursor` of the previous page.")]
DEFAULT_PAGE = DEFAULT_LIMIT


def paged(query: S, created_at: Any, id_column: Any, cursor: str | None, limit: int) -> S:
    """`query` ordered by (created_at, id), after the cursor's item, limited to one more than a page."""
    if cursor is not None:
        last_created, last_id = decode_cursor(cursor)
        try:
            last_uuid = uuid.UUID(last_id)
        except ValueError as error:
            raise ProblemError(400, "invalid-cursor", "The cursor is not one this API issued.") from error
        query = query.where(tuple_(created_at, id_column) > tuple_(literal(last_created), literal(last_uuid)))
    return query.order_by(created_at, id_column).limit(limit + 1)
