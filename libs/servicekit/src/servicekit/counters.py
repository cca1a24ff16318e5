"""Counters whose series exist from zero as soon as the process serves.

Prometheus' `increase()` sees an event only if the series existed before it: a dead letter counted on
a brand-new series would never fire `increase(...[10m]) > 0`. And a dashboard shows 0 instead of
"no data" for events that have not happened yet.
"""

from collections.abc import Mapping

from opentelemetry.metrics import Counter

_declared: list[tuple[Counter, tuple[Mapping[str, str], ...]]] = []


def starting_at_zero(counter: Counter, *label_sets: Mapping[str, str]) -> Counter:
    """Declare the label sets of `counter` that exist at 0 from start-up (see `publish_zeros`)."""
    _declared.append((counter, label_sets or ({},)))
    return counter


def publish_zeros() -> None:
    """Create every declared series at 0; called once the meter provider is installed (create_app)."""
    for counter, label_sets in _declared:
        for labels in label_sets:
            counter.add(0, dict(labels))
