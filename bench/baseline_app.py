"""The yardstick for a service's own cost (issue 15): a minimal FastAPI app that does the same one-row
read as ins-service's `GET /v1/identities/{id}` with a raw asyncpg pool, and nothing else — no auth,
no ORM, no middleware, no telemetry. bench/http_paths.py runs it under the same uvicorn settings as
the services (deploy/local/stack.sh) against the same database, so the ratio service / baseline is
measured in the same run.

    BASELINE_DATABASE_URL=postgresql://… python -m uvicorn --app-dir bench --factory baseline_app:build
"""

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
from fastapi import FastAPI, Header, HTTPException

# The row ins-service reads for the same call (its store's `get`): one identity of the caller's practice.
READ = "SELECT * FROM identities WHERE id = $1 AND practice_id = $2"
# As many connections as the services' SQLAlchemy pools keep (pool_size, servicekit.db).
POOL_SIZE = 10


def build() -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        pool = await asyncpg.create_pool(
            os.environ["BASELINE_DATABASE_URL"], min_size=POOL_SIZE, max_size=POOL_SIZE
        )
        app.state.pool = pool
        try:
            yield
        finally:
            await pool.close()

    app = FastAPI(lifespan=lifespan, openapi_url=None, docs_url=None, redoc_url=None)

    @app.get("/v1/identities/{identity_id}")
    async def read(identity_id: uuid.UUID, x_practice_id: str = Header(max_length=64)) -> dict[str, Any]:
        row = await app.state.pool.fetchrow(READ, identity_id, x_practice_id)
        if row is None:
            raise HTTPException(404)
        return dict(row)

    @app.get("/ready")
    async def ready() -> dict[str, str]:
        await app.state.pool.fetchval("SELECT 1")
        return {"status": "ready"}

    return app
