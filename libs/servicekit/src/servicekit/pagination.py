"""Cursor pagination for every list (ARCHITECTURE.md, API conventions).

The cursor is an opaque, URL-safe encoding of the sort key of the last item returned; clients pass
it back as `cursor` to get the next page. A tampered or foreign cursor is a 400 problem.
"""

import base64
import json
from datetime import datetime
from typing import Any, Generic, TypeVar
from uuid import UUID

from pydantic import BaseModel

from servicekit.problems import ProblemError

T = TypeVar("T")
DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class Page(BaseModel, Generic[T]):
    """One page of a list; `next_cursor` is null on the last page."""

    items: list[T]
    next_cursor: str | None = None


def encode_cursor(created_at: datetime, item_id: UUID | str) -> str:
    raw = json.dumps([created_at.isoformat(), str(item_id)]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    """(created_at, id) of the last item of the previous page."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        created_at, item_id = json.loads(base64.urlsafe_b64decode(padded))
        return datetime.fromisoformat(created_at), str(item_id)
    except (ValueError, TypeError) as error:
        raise ProblemError(400, "invalid-cursor", "The cursor is not one this API issued.") from error


def page_of(
    rows: list[Any], limit: int, *, created_at: str = "created_at", id_field: str = "id"
) -> tuple[list[Any], str | None]:
    """Given up to limit+1 rows ordered by (created_at, id), the page and the next cursor."""
    if len(rows) <= limit:
        return rows, None
    last = rows[limit - 1]
    return rows[:limit], encode_cursor(getattr(last, created_at), getattr(last, id_field))
