"""Cursor pagination: every list answers `{"items": [...], "next_cursor": ...}`; the next page is
asked for with `cursor=<next_cursor>` and the same filters, until `next_cursor` is null."""

from collections.abc import AsyncIterator, Awaitable
from typing import Any, Protocol

from dentalink_client.types import Unset


class ListCall(Protocol):
    def __call__(self, *args: Any, **kwargs: Any) -> Awaitable[Any]: ...


def next_cursor(page: Any) -> str | None:
    """The cursor of the page after `page`; None on the last page (null, absent or empty)."""
    cursor = getattr(page, "next_cursor", None)
    if isinstance(page, dict):
        cursor = page.get("next_cursor")
    if cursor is None or isinstance(cursor, Unset) or cursor == "":
        return None
    return str(cursor)


async def paginate(list_call: ListCall, *args: Any, **kwargs: Any) -> AsyncIterator[Any]:
    """Each page of `list_call(*args, **kwargs)`, starting at `cursor` if one is given."""
    cursor = kwargs.pop("cursor", None)
    while True:
        page = await list_call(*args, **kwargs, **({"cursor": cursor} if cursor else {}))
        yield page
        cursor = next_cursor(page)
        if cursor is None:
            return
