"""Cursor pagination for every list (ARCHITECTURE.md, API conventions).

The cursor is an opaque, URL-safe encoding of the sort key of the last item returned; clients pass
it back as `cursor` to get the next page. A tampered or foreign cursor raises `InvalidCursor`, which
every app answers 400 `invalid-cursor` (servicekit.problems): so a store may page without knowing HTTP.
"""

import base64
import json
from datetime import datetime
from typing import Annotated, Any, Generic, TypeVar
from uuid import UUID

from fastapi import Query
from pydantic import BaseModel, Field
from sqlalchemy import Select, literal, tuple_

T = TypeVar("T")
S = TypeVar("S", bound=Select[Any])
DEFAULT_LIMIT = 50
MAX_LIMIT = 200

Limit = Annotated[
    int, Query(ge=1, le=MAX_LIMIT, description=f"Page size: at most this many items (1–{MAX_LIMIT}).")
]
Cursor = Annotated[str | None, Query(description="`next_cursor` of the previous page.")]


class Page(BaseModel, Generic[T]):
    """One page of a list; `next_cursor` is null on the last page."""

    items: list[T] = Field(description="This page's items, in the list's order (oldest first unless said).")
    next_cursor: str | None = Field(
        default=None,
        description="Opaque cursor to pass as `cursor` for the next page; null on the last page.",
    )


def encode_cursor(created_at: datetime, item_id: UUID | str) -> str:
    raw = json.dumps([created_at.isoformat(), str(item_id)]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


class InvalidCursor(Exception):
    """A cursor this API did not issue (tampered, foreign, or naive timestamp)."""


def invalid_cursor() -> InvalidCursor:
    return InvalidCursor("The cursor is not one this API issued.")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    """(created_at, id) of the last item of the previous page; 400 for anything this API did not issue."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        created_at, item_id = json.loads(base64.urlsafe_b64decode(padded))
        after = datetime.fromisoformat(created_at)
    except (ValueError, TypeError) as error:
        raise invalid_cursor() from error
    if after.tzinfo is None:  # compared with timestamptz columns: a naive one would fail in the database
        raise invalid_cursor()
    return after, str(item_id)


def decode_uuid_cursor(cursor: str) -> tuple[datetime, UUID]:
    """`decode_cursor` for tables keyed by UUID."""
    after, item_id = decode_cursor(cursor)
    try:
        return after, UUID(item_id)
    except ValueError as error:
        raise invalid_cursor() from error


def paged(query: S, created_at: Any, id_column: Any, cursor: str | None, limit: int) -> S:
    """`query` ordered by (created_at, id), after the cursor's item, limited to one more than a page
    (feed the rows to `page_of`)."""
    if cursor is not None:
        after, after_id = decode_uuid_cursor(cursor)
        query = query.where(tuple_(created_at, id_column) > tuple_(literal(after), literal(after_id)))
    return query.order_by(created_at, id_column).limit(limit + 1)


def page_of(
    rows: list[Any], limit: int, *, created_at: str = "created_at", id_field: str = "id"
) -> tuple[list[Any], str | None]:
    """Given up to limit+1 rows ordered by (created_at, id), the page and the next cursor."""
    if len(rows) <= limit:
        return rows, None
    last = rows[limit - 1]
    return rows[:limit], encode_cursor(getattr(last, created_at), getattr(last, id_field))
