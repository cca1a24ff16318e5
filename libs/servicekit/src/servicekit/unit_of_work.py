"""The unit of work a workflow runs in: one transaction, the service's store over it, and its outbox.

cosmicpython's `UnitOfWork` with our outbox in place of `collect_new_events()`: an event is queued in
the transaction of the change it announces, so it is published if and only if the change commits.
Workflows depend on `UnitOfWork[S]` and `Outbox` only, so their unit tests run against an in-memory
store and `servicekit.testing.RecordingOutbox`, and production runs them against PostgreSQL.
"""

import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from opentelemetry.metrics import Counter
from sqlalchemy.ext.asyncio import AsyncSession

from dentalink_contracts.events.base import DomainEvent
from servicekit.db import Database
from servicekit.outbox import publish
from servicekit.telemetry import after_commit

S = TypeVar("S")
S_co = TypeVar("S_co", covariant=True)


class Outbox(Protocol):
    """Where a workflow puts what it announces and what waits for the commit."""

    async def publish(self, event: DomainEvent, *, key: str, event_id: uuid.UUID | None = None) -> uuid.UUID:
        """Queue `event`, keyed by the pseudonymous patient key, in the current transaction."""
        ...

    def after_commit(self, action: Callable[[], None]) -> None:
        """Run `action` if and only if the transaction commits (domain counters)."""
        ...

    def count(self, counter: Counter, amount: float = 1, attributes: dict[str, str] | None = None) -> None:
        """`counter.add(...)` once the transaction commits."""
        ...


class SqlOutbox:
    """The transactional outbox of one SQLAlchemy session."""

    def __init__(self, session: AsyncSession, source: str) -> None:
        self.session = session
        self.source = source

    async def publish(self, event: DomainEvent, *, key: str, event_id: uuid.UUID | None = None) -> uuid.UUID:
        return await publish(self.session, event, key=key, source=self.source, event_id=event_id)

    def after_commit(self, action: Callable[[], None]) -> None:
        after_commit(self.session, action)

    def count(self, counter: Counter, amount: float = 1, attributes: dict[str, str] | None = None) -> None:
        labels = attributes or {}
        after_commit(self.session, lambda: counter.add(amount, labels))


@dataclass(frozen=True)
class UnitOfWork(Generic[S_co]):
    """One transaction seen by a workflow: the service's store over it and the outbox."""

    store: S_co
    outbox: Outbox


UnitOfWorkFactory = Callable[[], AbstractAsyncContextManager[UnitOfWork[S]]]


def unit_of_work_in(session: AsyncSession, store: Callable[[AsyncSession], S], source: str) -> UnitOfWork[S]:
    """The unit of work of a transaction someone else opened (a consumer's, with its inbox row)."""
    return UnitOfWork(store=store(session), outbox=SqlOutbox(session, source))


def sql_units_of_work(
    database: Database, store: Callable[[AsyncSession], S], source: str
) -> UnitOfWorkFactory[S]:
    """Opens a transaction per unit of work: committed when the block ends, rolled back on error."""

    @asynccontextmanager
    async def open_unit() -> AsyncIterator[UnitOfWork[S]]:
        async with database.transaction() as session:
            yield unit_of_work_in(session, store, source)

    return open_unit


def sql_single_statements(
    database: Database, store: Callable[[AsyncSession], S], source: str
) -> UnitOfWorkFactory[S]:
    """Units with no transaction: each statement commits alone (`Database.autocommit`). For work that
    is a single statement on a hot path; never for a change and its event (they must commit together)."""

    @asynccontextmanager
    async def open_unit() -> AsyncIterator[UnitOfWork[S]]:
        async with database.autocommit() as session:
            yield unit_of_work_in(session, store, source)

    return open_unit
