"""Async database access: one engine per service process, sessions that are transactions."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import Column, DateTime, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlmodel import Field

from servicekit.telemetry import instrument_engine


def timestamptz(*, nullable: bool = False, **column: Any) -> Any:
    """A SQLModel field stored as `timestamptz` (README: store aware instants); `column` goes to Column."""
    return Field(sa_column=Column(DateTime(timezone=True), nullable=nullable, **column))


class Database:
    """The service's database: `transaction()` opens a session whose work commits or rolls back whole."""

    def __init__(self, url: str, *, pool_size: int = 10) -> None:
        self.url = url
        self.engine: AsyncEngine = create_async_engine(
            url, pool_size=pool_size, max_overflow=10, pool_pre_ping=True
        )
        instrument_engine(self.engine)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        async with self.sessions() as session, session.begin():
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
