"""The admin port: metrics and a service's own API docs, apart from the port that serves requests.

In production a process's public port serves its API only; Prometheus scrapes `/metrics` and
operators read `/docs` on `<PREFIX>_ADMIN_PORT`, which a network policy keeps internal. Health and
readiness answer on both ports (load balancers probe the public one, operators the admin one).

A process of several workers (uvicorn --workers, `ServiceSettings.workers`) shares its public port,
but each worker's metrics are its own: worker slot k serves them on ADMIN_PORT + k × stride
(`ServiceSettings.admin_ports`), and Prometheus scrapes every slot. A worker takes the first slot
whose port is free, and its listening socket is the slot's lock: the kernel frees it when the worker
dies, so the worker started in its place takes its slot (and its name, `worker_name`).
"""

import asyncio
import logging
import socket
import time
from collections.abc import Sequence
from dataclasses import dataclass

import uvicorn
from fastapi import APIRouter, FastAPI
from fastapi.responses import JSONResponse

from servicekit.docs import docs_router
from servicekit.telemetry import NO_NATIVE_TELEMETRY

log = logging.getLogger("servicekit.admin")


def admin_app(service: FastAPI, operations: APIRouter, *, with_docs: bool) -> FastAPI:
    """What the admin port serves for `service`: `operations` (health, readiness, metrics of the
    service's process) and, for a service whose docs are not public, its OpenAPI and Swagger UI
    (servicekit.docs: served from the process, no CDN)."""
    admin = FastAPI(
        title=f"{service.title} (admin)",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        telemetry=NO_NATIVE_TELEMETRY,  # scrapes and probes are not traffic to trace
    )
    admin.include_router(operations)
    if with_docs:

        @admin.get("/openapi.json", include_in_schema=False)
        async def openapi() -> JSONResponse:
            return JSONResponse(service.openapi())

        admin.include_router(docs_router(title=f"{service.title} - Swagger UI"))

    return admin


@dataclass(frozen=True)
class AdminSlot:
    """The admin port a worker holds: slot `index` of the process's `workers`, its socket bound and
    listening (the slot's lock until the worker exits)."""

    index: int
    workers: int
    socket: socket.socket

    @property
    def port(self) -> int:
        return int(self.socket.getsockname()[1])


# The slot this process's worker holds while its app runs (servicekit.app claims it at start-up).
_held: AdminSlot | None = None


def hold(slot: AdminSlot | None) -> None:
    """Record the slot this worker holds (None once released)."""
    global _held
    _held = slot


def worker_slot() -> int | None:
    """This worker's slot when its process runs several workers; None when it runs alone."""
    return _held.index if _held is not None and _held.workers > 1 else None


def worker_name(name: str) -> str:
    """`name` for this worker: `<name>-w<slot>` among several workers, `name` alone otherwise. The
    worker started in place of a dead one takes its slot, so its name too."""
    slot = worker_slot()
    return name if slot is None else f"{name}-w{slot}"


class AdminSlotsTaken(RuntimeError):
    """Every admin slot of the process stayed held by other workers."""


# A worker started while the one it replaces still exits waits this long for its slot.
SLOT_WAIT_SECONDS = 30.0


async def claim_admin_slot(
    host: str, ports: Sequence[int], *, wait_seconds: float = SLOT_WAIT_SECONDS
) -> AdminSlot:
    """The first of `ports` (one per worker slot) this worker can listen on."""
    deadline = time.monotonic() + wait_seconds
    while True:
        for index, port in enumerate(ports):
            listening = _listen(host, port)
            if listening is not None:
                return AdminSlot(index=index, workers=len(ports), socket=listening)
        if time.monotonic() > deadline:
            raise AdminSlotsTaken(f"no free admin port among {list(ports)} on {host}")
        await asyncio.sleep(0.5)


def _listen(host: str, port: int) -> socket.socket | None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        # A dead worker's port lingering in TIME_WAIT is free to take; a listening one is not.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        # Listening, not only bound, is the claim: two sockets may bind one port until one listens.
        sock.listen(socket.SOMAXCONN)
    except OSError:
        sock.close()
        return None
    return sock


class AdminServer:
    """A second uvicorn server in the process's event loop, on the admin slot's socket."""

    def __init__(self, app: FastAPI, slot: AdminSlot) -> None:
        host, port = slot.socket.getsockname()[:2]
        config = uvicorn.Config(
            app, host=host, port=port, workers=1, lifespan="off", log_config=None, access_log=False
        )
        config.load()
        self.slot = slot
        self.server = uvicorn.Server(config)
        self.server.lifespan = config.lifespan_class(config)
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        # startup/main_loop/shutdown rather than serve(): serve() would take over the process's
        # signal handlers, which belong to the public server.
        await self.server.startup(sockets=[self.slot.socket])
        self._task = asyncio.create_task(self.server.main_loop(), name="admin-server")
        log.info("admin port open", extra={"port": self.slot.port, "slot": self.slot.index})

    async def stop(self) -> None:
        self.server.should_exit = True
        if self._task is not None:
            await self._task
        await self.server.shutdown()
