"""Deprecating a route of the /v1 API (docs/api-versioning.md): the OpenAPI document marks the operation
`deprecated`, and every answer it gives carries the `Deprecation` header (RFC 9745: when it was
deprecated), the `Sunset` header (RFC 8594: when it stops answering) and, when there is one, a `Link`
to the migration note. The sunset is at least `MINIMUM_NOTICE` after the deprecation.

    @router.get("/v1/old-thing", **deprecated(since=datetime(2027, 1, 4, tzinfo=UTC),
                                             sunset=datetime(2027, 7, 5, tzinfo=UTC),
                                             link="https://dentalink.fr/docs/migrations/old-thing"))
"""

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

from fastapi import Depends, Response

# The shortest notice between the `Deprecation` date and the `Sunset` date (the versioning policy).
MINIMUM_NOTICE = timedelta(days=180)


def deprecation_headers(since: datetime, sunset: datetime, link: str | None = None) -> dict[str, str]:
    """The headers of a deprecated route's answers; refuses naive dates and a notice under the minimum."""
    if since.tzinfo is None or sunset.tzinfo is None:
        raise ValueError("deprecation and sunset dates must be timezone-aware")
    if sunset - since < MINIMUM_NOTICE:
        raise ValueError(f"a sunset comes at least {MINIMUM_NOTICE.days} days after the deprecation")
    headers = {
        # RFC 9745 §2.1: an RFC 9651 Date, `@` and the seconds since the epoch.
        "Deprecation": f"@{int(since.timestamp())}",
        # RFC 8594 §3: an HTTP-date.
        "Sunset": format_datetime(sunset.astimezone(UTC), usegmt=True),
    }
    if link is not None:
        headers["Link"] = f'<{link}>; rel="deprecation"; type="text/html"'
    return headers


def deprecated(*, since: datetime, sunset: datetime, link: str | None = None) -> dict[str, Any]:
    """Keyword arguments for a route decorator that deprecate the route (see the module docstring)."""
    headers = deprecation_headers(since, sunset, link)

    async def announce(response: Response) -> None:
        response.headers.update(headers)

    return {"deprecated": True, "dependencies": [Depends(announce)]}
