"""servicekit.gauges: one gauge per kind reports every live object, dataclasses included."""

import gc
from dataclasses import dataclass

from opentelemetry.metrics import Observation

from servicekit.gauges import Live


@dataclass
class Watched:  # a dataclass: unhashable, kept by identity
    name: str

    def observe(self) -> list[Observation]:
        return [Observation(1, {"name": self.name})]


def names(live: Live[Watched]) -> list[str]:
    return sorted(item.name for item in live)


def test_every_live_object_is_reported_until_discarded_or_collected() -> None:
    live: Live[Watched] = Live()
    first, second = Watched("a"), Watched("b")
    live.add(first)
    live.add(second)
    assert names(live) == ["a", "b"]
    live.discard(first)
    assert names(live) == ["b"]
    del second
    gc.collect()
    assert names(live) == []
