"""The admin port: metrics and a service's own API docs, apart from the port that serves requests.

In production a process's public port serves its API only; Prometheus scrapes `/metrics` and
operators read `/docs` on `<PREFIX>_ADMIN_PORT`, which a network policy keeps internal. Health and
readiness answer on both ports (load balancers probe the public one, operators the admin one).
"""

import asyncio
import logging

import uvicorn
from fastapi import APIRouter, FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse

log = logging.getLogger("servicekit.admin")


def admin_app(service: FastAPI, operations: APIRouter, *, with_docs: bool) -> FastAPI:
    """What the admin port serves for `service`: `operations` (health, readiness, metrics of the
    service's process) and, for a service whose docs are not public, its OpenAPI and Swagger UI."""
    admin = FastAPI(title=f"{service.title} (admin)", docs_url=None, redoc_url=None, openapi_url=None)
    admin.include_router(operations)
    if with_docs:

        @admin.get("/openapi.json", include_in_schema=False)
        async def openapi() -> JSONResponse:
            return JSONResponse(service.openapi())

        @admin.get("/docs", include_in_schema=False)
        async def docs() -> HTMLResponse:
            return get_swagger_ui_html(openapi_url="/openapi.json", title=f"{service.title} docs")

    return admin


class AdminServer:
    """A second uvicorn server in the process's event loop, on the admin port."""

    def __init__(self, app: FastAPI, host: str, port: int) -> None:
        config = uvicorn.Config(app, host=host, port=port, lifespan="off", log_config=None, access_log=False)
        config.load()
        self.server = uvicorn.Server(config)
        self.server.lifespan = config.lifespan_class(config)
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        # startup/main_loop/shutdown rather than serve(): serve() would take over the process's
        # signal handlers, which belong to the public server.
        await self.server.startup()
        self._task = asyncio.create_task(self.server.main_loop(), name="admin-server")
        log.info("admin port open", extra={"port": self.server.config.port})

    async def stop(self) -> None:
        self.server.should_exit = True
        if self._task is not None:
            await self._task
        await self.server.shutdown()
