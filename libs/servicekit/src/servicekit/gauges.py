"""Gauges over the objects of a kind alive in this process (relays, consumers, dependency watches,
circuit breakers).

OpenTelemetry keeps the callbacks of the first registration of an instrument name and ignores any
later one, so a gauge registered per object reports only the first object a process ever made (tests
and workers make many). A gauge is registered once per kind, and reports every object added and not
yet discarded (or collected).
"""

import weakref
from collections.abc import Callable, Iterable, Iterator
from typing import Generic, TypeVar

from opentelemetry.metrics import CallbackOptions, Observation

from servicekit.telemetry import meter

T = TypeVar("T")


class Live(Generic[T]):
    """The objects of one kind a gauge reports on."""

    def __init__(self) -> None:
        # By identity (dataclasses are unhashable), weakly: a collected object leaves by itself.
        self._objects: weakref.WeakValueDictionary[int, T] = weakref.WeakValueDictionary()

    def add(self, item: T) -> None:
        self._objects[id(item)] = item

    def discard(self, item: T) -> None:
        if self._objects.get(id(item)) is item:
            del self._objects[id(item)]

    def __iter__(self) -> Iterator[T]:
        return iter(list(self._objects.values()))  # a copy: an object may leave while a scrape iterates

    def create_observable_gauge(
        self, name: str, observe: Callable[[T], Iterable[Observation]], *, description: str, unit: str = ""
    ) -> None:
        """Register gauge `name`, observing each live object with `observe`."""

        def callback(_: CallbackOptions) -> list[Observation]:
            return [observation for item in self for observation in observe(item)]

        meter.create_observable_gauge(name, callbacks=[callback], description=description, unit=unit)
