"""In-memory stand-ins for workflow unit tests: a recording outbox and units of work over a fake store.

The spirit of cosmicpython's `FakeUnitOfWork`: a business change is tested in milliseconds, with no
database or broker, against the same `UnitOfWork` interface production uses. Integration tests keep
the real PostgreSQL and Kafka.
"""

import copy
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from opentelemetry.metrics import Counter

from dentalink_contracts.events.base import DomainEvent
from servicekit.unit_of_work import UnitOfWork, UnitOfWorkFactory

S = TypeVar("S")
E = TypeVar("E", bound=DomainEvent)


@dataclass(frozen=True)
class Published:
    """One event a workflow queued, with its message key."""

    event: DomainEvent
    key: str
    event_id: uuid.UUID


@dataclass
class RecordingOutbox:
    """Keeps what committed units of work published; a unit that raised publishes nothing."""

    published: list[Published] = field(default_factory=list)
    counted: list[tuple[str, float, dict[str, str]]] = field(default_factory=list)
    _pending: list[Published] = field(default_factory=list)
    _on_commit: list[Callable[[], None]] = field(default_factory=list)

    async def publish(self, event: DomainEvent, *, key: str, event_id: uuid.UUID | None = None) -> uuid.UUID:
        queued = Published(event=event, key=key, event_id=event_id or uuid.uuid4())
        self._pending.append(queued)
        return queued.event_id

    def after_commit(self, action: Callable[[], None]) -> None:
        self._on_commit.append(action)

    def count(self, counter: Counter, amount: float = 1, attributes: dict[str, str] | None = None) -> None:
        labels = dict(attributes or {})
        # SDK instruments expose `name`; the API's proxy (no provider installed yet) keeps `_name`.
        name = str(getattr(counter, "name", None) or getattr(counter, "_name", counter))
        self._on_commit.append(lambda: self.counted.append((name, amount, labels)))

    def commit(self) -> None:
        self.published.extend(self._pending)
        actions, self._pending, self._on_commit = self._on_commit, [], []
        for action in actions:
            action()

    def rollback(self) -> None:
        self._pending, self._on_commit = [], []

    def events(self, kind: type[E]) -> list[E]:
        """The committed events of one type, in publication order."""
        return [item.event for item in self.published if isinstance(item.event, kind)]


@dataclass
class InMemoryUnits(Generic[S]):
    """Units of work over one in-memory store: a unit that raises leaves the store as it found it."""

    store: S
    outbox: RecordingOutbox = field(default_factory=RecordingOutbox)
    commits: int = 0

    @asynccontextmanager
    async def _open(self) -> AsyncIterator[UnitOfWork[S]]:
        saved: Any = copy.deepcopy(vars(self.store))
        try:
            yield UnitOfWork(store=self.store, outbox=self.outbox)
        except BaseException:
            vars(self.store).clear()
            vars(self.store).update(saved)
            self.outbox.rollback()
            raise
        self.commits += 1
        self.outbox.commit()

    @property
    def factory(self) -> UnitOfWorkFactory[S]:
        """What a context holds as its `units_of_work`."""
        return self._open

    @asynccontextmanager
    async def unit(self) -> AsyncIterator[UnitOfWork[S]]:
        """One unit, as a consumer opens it around an event handler."""
        async with self._open() as unit:
            yield unit
