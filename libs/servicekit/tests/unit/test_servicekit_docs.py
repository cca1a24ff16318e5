"""/docs served by the process itself: the page names no other host, its assets answer from here."""

import json
import re
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from servicekit.docs import ASSETS_PATH, CONTENT_SECURITY_POLICY, DocsLink, asset_bytes, docs_router
from servicekit.testing import assert_served_offline, page_references


def app_with_docs() -> FastAPI:
    app = FastAPI(title="Probe", docs_url=None, redoc_url=None)

    @app.get("/v1/pings")
    async def pings() -> list[str]:
        return []

    app.include_router(docs_router(title="Probe docs", links=(DocsLink("Guide", "/openapi.json"),)))
    return app


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app_with_docs())
    async with httpx.AsyncClient(transport=transport, base_url="http://docs.test") as client:
        yield client


async def test_the_page_names_no_other_host_and_every_asset_answers_here(http: httpx.AsyncClient) -> None:
    references = await assert_served_offline(http, "/docs")
    assert {f"{ASSETS_PATH}/swagger-ui.css", f"{ASSETS_PATH}/swagger-ui-bundle.js"} <= set(references)
    assert f"{ASSETS_PATH}/swagger-init.js" in references
    page = await http.get("/docs")
    assert page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "default-src 'self'" in CONTENT_SECURITY_POLICY and "connect-src 'self'" in CONTENT_SECURITY_POLICY


async def test_swagger_ui_is_told_not_to_call_the_public_validator(http: httpx.AsyncClient) -> None:
    page = (await http.get("/docs")).text
    config = json.loads(
        re.search(r'<script id="docs-config" type="application/json">(.*?)</script>', page)[1]
    )
    assert config["options"]["validatorUrl"] is None
    assert config["openapiUrl"] == "/openapi.json" and config["apiRoot"] == "/"


def test_the_packaged_swagger_ui_renders_openapi_3_1() -> None:
    # Swagger UI renders OpenAPI 3.1 from its version 5 on; 4.x shows "Unable to render this definition".
    bundle, _ = asset_bytes("swagger-ui-bundle.js")
    version = re.search(rb'PACKAGE_VERSION:"(\d+)\.(\d+)\.(\d+)"', bundle)
    assert version is not None and int(version[1]) >= 5, version


async def test_assets_are_cached_and_revalidated_unknown_ones_are_404(http: httpx.AsyncClient) -> None:
    first = await http.get(f"{ASSETS_PATH}/swagger-ui.css")
    assert first.status_code == 200 and "max-age" in first.headers["cache-control"]
    again = await http.get(f"{ASSETS_PATH}/swagger-ui.css", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and not again.content
    # Only the listed files: nothing else of the packages they live in.
    for other in ("index.html", "__init__.py", "main.py", "swagger-ui-bundle.js.map"):
        assert (await http.get(f"{ASSETS_PATH}/{other}")).status_code == 404, other


async def test_behind_a_proxy_prefix_every_url_keeps_the_prefix() -> None:
    transport = httpx.ASGITransport(app=app_with_docs(), root_path="/api")
    async with httpx.AsyncClient(transport=transport, base_url="http://docs.test") as http:
        page = (await http.get("/docs")).text
    assert all(reference.startswith("/api/") for reference in page_references(page))
    assert '"apiRoot": "/api/"' in page


async def test_the_oauth2_redirect_page_loads_nothing(http: httpx.AsyncClient) -> None:
    redirect = await http.get("/docs/oauth2-redirect")
    assert redirect.status_code == 200
    assert page_references(redirect.text) == [] and "http" not in redirect.text
