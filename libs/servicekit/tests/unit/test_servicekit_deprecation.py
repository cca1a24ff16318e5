"""A deprecated route says so in the OpenAPI document and in every answer's headers (RFC 9745, RFC 8594),
with at least the policy's notice before its sunset (docs/api-versioning.md)."""

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fastapi import APIRouter, FastAPI

from servicekit.deprecation import MINIMUM_NOTICE, deprecated, deprecation_headers

SINCE = datetime(2027, 1, 4, tzinfo=UTC)
SUNSET = datetime(2027, 7, 5, tzinfo=UTC)


def _app() -> FastAPI:
    router = APIRouter()

    @router.get("/v1/old", **deprecated(since=SINCE, sunset=SUNSET, link="https://dentalink.fr/docs/old"))
    async def old() -> dict[str, str]:
        return {"still": "answering"}

    @router.get("/v1/new")
    async def new() -> dict[str, str]:
        return {"fresh": "yes"}

    app = FastAPI()
    app.include_router(router)
    return app


async def test_a_deprecated_route_announces_its_deprecation_and_sunset() -> None:
    app = _app()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
        old, new = await http.get("/v1/old"), await http.get("/v1/new")

    assert old.status_code == 200 and old.json() == {"still": "answering"}
    assert old.headers["Deprecation"] == f"@{int(SINCE.timestamp())}" == "@1799020800"
    assert old.headers["Sunset"] == "Mon, 05 Jul 2027 00:00:00 GMT"
    assert old.headers["Link"] == '<https://dentalink.fr/docs/old>; rel="deprecation"; type="text/html"'
    assert not {"Deprecation", "Sunset"} & set(new.headers)
    paths = app.openapi()["paths"]
    assert paths["/v1/old"]["get"]["deprecated"] is True
    assert "deprecated" not in paths["/v1/new"]["get"]


def test_the_sunset_gives_at_least_the_minimum_notice() -> None:
    deprecation_headers(SINCE, SINCE + MINIMUM_NOTICE)
    with pytest.raises(ValueError, match="180 days"):
        deprecation_headers(SINCE, SINCE + MINIMUM_NOTICE - timedelta(seconds=1))
    with pytest.raises(ValueError, match="timezone-aware"):
        deprecation_headers(SINCE.replace(tzinfo=None), SUNSET)
    assert "Link" not in deprecation_headers(SINCE, SUNSET)
