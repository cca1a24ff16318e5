"""The gateway's public docs work without the internet: /docs (Swagger UI) and /docs/guide load
nothing from another host, and every asset they reference answers here with its content type."""

import httpx
import pytest

from gateway.api.guide import GUIDE_PATH
from servicekit.docs import ASSETS_PATH
from servicekit.testing import assert_served_offline

pytestmark = pytest.mark.integration


async def test_the_api_reference_is_served_offline_and_links_the_guide(http: httpx.AsyncClient) -> None:
    references = await assert_served_offline(http, "/docs")
    assert {f"{ASSETS_PATH}/swagger-ui-bundle.js", f"{ASSETS_PATH}/swagger-ui.css", GUIDE_PATH} <= set(
        references
    )
    assert (await http.get("/redoc")).status_code == 404  # ReDoc would load a CDN and web fonts


async def test_the_integrator_guide_is_served_offline(http: httpx.AsyncClient) -> None:
    references = await assert_served_offline(http, GUIDE_PATH)
    assert {"/docs", "/openapi.json", "/.well-known/jwks.json"} <= set(references)
    assert f"{ASSETS_PATH}/docs.css" in references  # the same bar atop the page as atop /docs
    guide = (await http.get(GUIDE_PATH)).text
    for section in ("Authentication", "The sandbox", "Webhooks"):
        assert f"{section}" in guide
    for named in ("/v1/oauth/token", "X-Pro-Sante-Connect-Token", "X-Practice-Id", "webhook-signature"):
        assert named in guide
    assert "<table>" in guide  # the Markdown was rendered, tables included
