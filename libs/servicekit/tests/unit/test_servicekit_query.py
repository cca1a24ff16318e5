"""`QueryDate`: a query date is `YYYY-MM-DD`, as `format: date` says; no Unix time, no other spelling."""

from typing import Annotated

import httpx
import pytest
from fastapi import FastAPI, Query

from servicekit.query import QueryDate


@pytest.fixture(scope="module")
def app() -> FastAPI:
    app = FastAPI()

    @app.get("/v1/days")
    async def days(on: Annotated[QueryDate | None, Query(alias="from")] = None) -> dict[str, str | None]:
        return {"on": on.isoformat() if on else None}

    return app


async def test_only_an_iso_calendar_date_is_read(app: FastAPI) -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
        assert (await http.get("/v1/days", params={"from": "2024-02-29"})).json() == {"on": "2024-02-29"}
        assert (await http.get("/v1/days")).json() == {"on": None}
        for refused in ["0", "1700000000", "2024-02-30", "2024-2-3", "20240229", "2024-02-29T00:00:00"]:
            response = await http.get("/v1/days", params={"from": refused})
            assert response.status_code == 422, refused
            assert response.json()["detail"][0]["loc"] == ["query", "from"]
    schema = app.openapi()["paths"]["/v1/days"]["get"]["parameters"][0]["schema"]
    assert schema["anyOf"][0] == {"type": "string", "format": "date"}
