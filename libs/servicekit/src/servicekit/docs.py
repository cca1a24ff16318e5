"""API docs that work without the internet: Swagger UI served by the process itself.

FastAPI's own /docs loads Swagger UI from a public CDN, so the page stays blank wherever that CDN is
out of reach — inside most hospital and practice networks. Here the Swagger UI files come from a PyPI
package (`fastapi-swagger`: Swagger UI 5, the first major version that renders OpenAPI 3.1; only its
files are used) and are served under /docs/assets/ beside the page's start script. The page names no
other host, and its Content-Security-Policy keeps the browser on this origin. ReDoc is not served (its
page loads a CDN script and web fonts).

"Try it out" sends requests to the server that served the page, whatever `servers` the document
names (the gateway's committed document names the local platform): the start script rewrites them
in the browser, so the page works on any host, port or environment.

One router for both pages that serve docs: the gateway's public /docs and a service's /docs on its
admin port (servicekit.app and servicekit.admin include it).
"""

import hashlib
import html
import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.openapi.docs import get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse, Response

DOCS_PATH = "/docs"
ASSETS_PATH = f"{DOCS_PATH}/assets"
OAUTH2_REDIRECT_PATH = f"{DOCS_PATH}/oauth2-redirect"

# Pages of the docs load from their own origin only: Swagger UI needs inline styles and draws its
# icons as data: images; "Try it out" calls this origin (`connect-src 'self'`).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'self'"
)
# An upgrade of the package changes the files under the same names: a day's cache, then revalidation.
_ASSET_CACHE = "public, max-age=86400, must-revalidate"

# (package, folder) holding the files.
_SWAGGER_UI = ("fastapi_swagger", "resources")
_OURS = ("servicekit", "docs_assets")


@dataclass(frozen=True)
class DocsLink:
    """A link shown above Swagger UI (the gateway's integrator guide)."""

    label: str
    path: str


@dataclass(frozen=True)
class _Asset:
    location: tuple[str, str]
    media_type: str


ASSETS: dict[str, _Asset] = {
    "swagger-ui-bundle.js": _Asset(_SWAGGER_UI, "text/javascript; charset=utf-8"),
    "swagger-ui.css": _Asset(_SWAGGER_UI, "text/css; charset=utf-8"),
    "favicon-32x32.png": _Asset(_SWAGGER_UI, "image/png"),
    "swagger-init.js": _Asset(_OURS, "text/javascript; charset=utf-8"),
    "docs.css": _Asset(_OURS, "text/css; charset=utf-8"),
}


@cache
def asset_bytes(name: str) -> tuple[bytes, str]:
    """An asset's bytes and strong ETag, read from its package once."""
    package, folder = ASSETS[name].location
    content = (files(package) / folder / name).read_bytes()
    return content, f'"{hashlib.sha256(content).hexdigest()[:32]}"'


def docs_router(
    *, title: str, openapi_url: str = "/openapi.json", links: tuple[DocsLink, ...] = ()
) -> APIRouter:
    """/docs (Swagger UI on `openapi_url`, with `links` above it), its assets and the OAuth2
    redirect page Swagger UI's authorization-code flows come back to."""
    router = APIRouter(include_in_schema=False)

    @router.get(DOCS_PATH)
    async def docs(request: Request) -> HTMLResponse:
        return docs_html(swagger_page(root_path(request), title=title, openapi_url=openapi_url, links=links))

    @router.get(OAUTH2_REDIRECT_PATH)
    async def oauth2_redirect() -> HTMLResponse:
        # FastAPI's copy of Swagger UI's page: an inline script, no external resource.
        return get_swagger_ui_oauth2_redirect_html()

    @router.get(ASSETS_PATH + "/{name}")
    async def asset(name: str, request: Request) -> Response:
        if name not in ASSETS:
            raise HTTPException(status_code=404)
        content, etag = asset_bytes(name)
        headers = {"ETag": etag, "Cache-Control": _ASSET_CACHE}
        if etag in request.headers.get("if-none-match", ""):
            return Response(status_code=304, headers=headers)
        return Response(content, media_type=ASSETS[name].media_type, headers=headers)

    return router


def docs_html(page: str) -> HTMLResponse:
    """A page of the docs, kept by the browser to this origin (CONTENT_SECURITY_POLICY)."""
    return HTMLResponse(page, headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY})


def root_path(request: Request) -> str:
    """The prefix a proxy mounted the app under ('' at the root), as FastAPI's own docs use it."""
    return str(request.scope.get("root_path", "")).rstrip("/")


def swagger_page(root: str, *, title: str, openapi_url: str, links: tuple[DocsLink, ...] = ()) -> str:
    """The Swagger UI page: every URL in it is a path on this server (below `root`)."""
    config = {
        "openapiUrl": root + openapi_url,
        "apiRoot": root + "/",
        "oauth2RedirectUrl": root + OAUTH2_REDIRECT_PATH,
        "options": {
            "deepLinking": True,
            "showExtensions": True,
            "showCommonExtensions": True,
            "displayRequestDuration": True,
            # Swagger UI's default sends the document's URL to a public validator for a badge.
            "validatorUrl": None,
        },
    }
    assets = html.escape(root + ASSETS_PATH)
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<link rel="stylesheet" href="{assets}/swagger-ui.css">
<link rel="stylesheet" href="{assets}/docs.css">
<link rel="icon" type="image/png" href="{assets}/favicon-32x32.png">
</head>
<body>
{docs_nav(root, links, openapi_url=openapi_url)}
<div id="swagger-ui"></div>
<script id="docs-config" type="application/json">{_script_safe_json(config)}</script>
<script src="{assets}/swagger-ui-bundle.js"></script>
<script src="{assets}/swagger-init.js"></script>
</body>
</html>
"""


def docs_nav(root: str, links: tuple[DocsLink, ...], *, openapi_url: str = "/openapi.json") -> str:
    """The bar atop every docs page (styled by docs.css): `links`, then the OpenAPI document."""
    listed = (*links, DocsLink("OpenAPI document", openapi_url))
    anchors = "".join(
        f'<a href="{html.escape(root + link.path)}">{html.escape(link.label)}</a>' for link in listed
    )
    return f'<nav class="docs-links">{anchors}</nav>'


def _script_safe_json(value: Any) -> str:
    """JSON that cannot close the <script> element holding it."""
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
