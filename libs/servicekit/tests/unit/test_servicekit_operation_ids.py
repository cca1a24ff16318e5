"""Operation ids: a route's own, else `<first tag>.<function name>` in camelCase."""

from fastapi import FastAPI

from servicekit.operation_ids import camel, operation_id


def test_words_become_camel_case() -> None:
    assert camel("care sheets") == "careSheets"
    assert camel("tele-expertise") == "teleExpertise"
    assert camel("add_care_sheet_line") == "addCareSheetLine"


def test_a_route_keeps_its_own_id_and_others_get_tag_and_name() -> None:
    app = FastAPI(generate_unique_id_function=operation_id)

    @app.get("/v1/identities", tags=["identities"], operation_id="identities.list")
    async def find() -> None: ...

    @app.get("/health", tags=["operations"])
    async def health_check() -> None: ...

    @app.get("/ready")
    async def ready() -> None: ...

    ids = {path: item["get"]["operationId"] for path, item in app.openapi()["paths"].items()}
    assert ids == {
        "/v1/identities": "identities.list",
        "/health": "operations.healthCheck",
        "/ready": "operations.ready",
    }
