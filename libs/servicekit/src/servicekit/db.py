"""Async database access: one engine per service process, sessions that are transactions.

The pool keeps `pool_size` connections open and makes a burst wait for one (`pool_timeout`) rather
than open and close extra ones: a PostgreSQL connection is a forked backend, costlier than the
statements a request runs. Connections are not pinged on checkout (a round trip per request); a
connection found dead on use makes SQLAlchemy invalidate the pool, the request answers 503
(servicekit.failures) and the next one gets a fresh connection. `pool_recycle` retires connections
before a firewall or PostgreSQL idle timeout can cut them silently.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import Column, DateTime, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlmodel import Field

from servicekit.telemetry import instrument_engine

DEFAULT_POOL_SIZE = 10
POOL_TIMEOUT_SECONDS = 10.0
POOL_RECYCLE_SECONDS = 1800


def timestamptz(*, nullable: bool = False, **column: Any) -> Any:
    """A SQLModel field stored as `timestamptz` (README: store aware instants); `column` goes to Column."""
    return Field(sa_column=Column(DateTime(timezone=True), nullable=nullable, **column))


async def advisory_xact_lock(session: AsyncSession, namespace: int, key: str) -> None:
    """Take PostgreSQL's transaction-level advisory lock (namespace, hashtext(key)), held until the
    transaction ends: the transactions taking the same one run one after the other. `namespace` is a
    constant of the caller (one per kind of lock), so two kinds never contend on a hash collision."""
    await session.execute(
        text("SELECT pg_advisory_xact_lock(:namespace, hashtext(:key))"), {"namespace": namespace, "key": key}
    )


class Database:
    """The service's database: `transaction()` opens a session whose work commits or rolls back whole;
    `autocommit()` one whose every statement commits on its own (a single write on a hot path, one
    round trip instead of BEGIN, statement, COMMIT)."""

    def __init__(self, url: str, *, pool_size: int = DEFAULT_POOL_SIZE, max_overflow: int = 0) -> None:
        self.url = url
        self.engine: AsyncEngine = create_async_engine(
            url,
            pool_size=pool_size,
            max_overflow=max_overflow,
            pool_timeout=POOL_TIMEOUT_SECONDS,
            pool_recycle=POOL_RECYCLE_SECONDS,
        )
        instrument_engine(self.engine)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self.autocommit_engine = self.engine.execution_options(isolation_level="AUTOCOMMIT")
        self.autocommit_sessions = async_sessionmaker(self.autocommit_engine, expire_on_commit=False)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        async with self.sessions() as session, session.begin():
            yield session

    @asynccontextmanager
    async def autocommit(self) -> AsyncIterator[AsyncSession]:
        """A session with no transaction around its statements: each commits alone. Only for work
        that is one statement, or whose statements need not stand or fall together."""
        async with self.autocommit_sessions() as session:
            yield session

    async def reachable(self) -> bool:
        try:
            async with self.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
            return True
        except Exception:
            return False

    async def close(self) -> None:
        await self.engine.dispose()
