"""One context per process, handed to routes, jobs and handlers alike; messaging only when asked for."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Annotated

import pytest
from fastapi import APIRouter, Depends

from servicekit import Kit, PeriodicJob, ServiceSpec, context_of, create_app
from servicekit.probe import MIGRATIONS
from servicekit.settings import ServiceSettings
from servicekit.testing import eventually, fresh_database, running

pytestmark = pytest.mark.integration


@dataclass(frozen=True)
class Collaborators:
    source: str
    job_saw: list[object] = field(default_factory=list)
    released: list[bool] = field(default_factory=list)


Context = Annotated[Collaborators, Depends(context_of)]


def quiet_app(url: str, contexts: list[Collaborators]):
    """A process that neither produces nor consumes: its context holds a resource to release."""
    router = APIRouter()

    @router.get("/v1/context")
    async def which(context: Context) -> dict[str, object]:
        return {"id": id(context), "source": context.source}

    @asynccontextmanager
    async def build_context(kit: Kit) -> AsyncIterator[Collaborators]:
        context = Collaborators(source=kit.source)
        contexts.append(context)
        yield context
        context.released.append(True)

    async def job(context: Collaborators) -> None:
        context.job_saw.append(context)

    settings = ServiceSettings(service_name="probe-quiet", database_url=url)
    return create_app(
        ServiceSpec(
            settings=settings,
            title="quiet",
            description="test",
            routers=[router],
            migrations_dir=MIGRATIONS,
            context=build_context,
            jobs=[PeriodicJob("look", 0.05, job)],
        )
    )


async def test_routes_and_jobs_receive_the_one_context_released_at_shutdown():
    contexts: list[Collaborators] = []
    async with fresh_database("quiet") as url:
        async with running(quiet_app(url, contexts)) as http:
            answer = (await http.get("/v1/context")).json()
            assert len(contexts) == 1
            context = contexts[0]
            assert answer == {"id": id(context), "source": "/dentalink/probe-quiet"}

            async def job_ran() -> None:
                assert context.job_saw and all(seen is context for seen in context.job_saw)

            await eventually(job_ran)
            assert context.released == []
        assert context.released == [True]


async def test_a_process_without_events_has_no_producer_and_no_kafka_readiness():
    async with fresh_database("quiet") as url:
        app = quiet_app(url, [])
        async with running(app) as http:
            ready = await http.get("/ready")
            assert ready.status_code == 200
            assert ready.json()["checks"] == {"database": True}
            runtime = app.state.runtime
            assert runtime.producer is None
            assert runtime.relay is None
            assert runtime.consumers == []
