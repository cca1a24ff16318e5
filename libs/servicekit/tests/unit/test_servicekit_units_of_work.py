"""In-memory units of work behave as a transaction does: all or nothing, events only on commit."""

from dataclasses import dataclass, field

import pytest
from opentelemetry.metrics import get_meter

from dentalink_contracts.events.base import DomainEvent
from servicekit.fakes import InMemoryUnits


class Noted(DomainEvent):
    event_type = "fr.dentalink.test.noted.v1"
    topic = "test.noted.v1"
    what: str


@dataclass
class Notebook:
    notes: dict[str, str] = field(default_factory=dict)


COUNTER = get_meter("test").create_counter("dentalink_test_notes")


async def test_a_committed_unit_keeps_its_writes_events_and_counters():
    units = InMemoryUnits(Notebook())
    async with units.factory() as uow:
        uow.store.notes["a"] = "first"
        await uow.outbox.publish(Noted(what="a"), key="pk_a")
        uow.outbox.count(COUNTER, 1, {"kind": "a"})
        assert units.outbox.published == []  # nothing leaves before the commit
    assert units.store.notes == {"a": "first"}
    assert [(p.event, p.key) for p in units.outbox.published] == [(Noted(what="a"), "pk_a")]
    assert units.outbox.events(Noted) == [Noted(what="a")]
    assert units.outbox.counted == [("dentalink_test_notes", 1, {"kind": "a"})]
    assert units.commits == 1


async def test_a_unit_that_raises_leaves_the_store_as_it_was_and_publishes_nothing():
    units = InMemoryUnits(Notebook(notes={"kept": "yes"}))

    async def refused_change() -> None:
        async with units.factory() as uow:
            uow.store.notes["lost"] = "no"
            del uow.store.notes["kept"]
            await uow.outbox.publish(Noted(what="lost"), key="pk_x")
            uow.outbox.count(COUNTER)
            raise RuntimeError("refused")

    with pytest.raises(RuntimeError):
        await refused_change()
    assert units.store.notes == {"kept": "yes"}
    assert units.outbox.published == []
    assert units.outbox.counted == []
    assert units.commits == 0
