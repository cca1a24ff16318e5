"""What operators watch at the edge beside request durations (servicekit.http_metrics): the gateway's
own refusals by status and reason, idempotent replays, upstream latency and each upstream's circuit.

Label values are the gateway's own names (problem types, upstream names, outcome classes), never
client input.
"""

from collections.abc import Mapping
from typing import Protocol

from opentelemetry.metrics import Observation

from gateway.breaker import BreakerState
from servicekit.counters import starting_at_zero
from servicekit.gauges import Live
from servicekit.http_metrics import DURATION_BUCKETS
from servicekit.telemetry import meter

refusals = starting_at_zero(
    meter.create_counter(
        "dentalink_gateway_refusals",
        description="Calls the gateway answered itself with an error, by HTTP status and problem type "
        "(401: authentication failures by reason; 429: rate limiting)",
    ),
    *(
        {"status": status, "reason": reason}
        for status, reason in (
            ("401", "unauthenticated"),
            ("401", "invalid-token"),
            ("401", "invalid-professional-token"),
            ("401", "invalid-client"),
            ("429", "rate-limited"),
            ("503", "upstream-unavailable"),
            ("504", "upstream-timeout"),
        )
    ),
)
idempotent_replays = starting_at_zero(
    meter.create_counter(
        "dentalink_gateway_idempotent_replays",
        description="Creations replayed for a repeated Idempotency-Key",
    )
)
upstream_duration = meter.create_histogram(
    "dentalink_gateway_upstream_duration",
    unit="s",
    description="Time to an upstream's answer headers, per upstream and outcome (status class or error)",
    explicit_bucket_boundaries_advisory=DURATION_BUCKETS,
)

BREAKER_LEVEL = {BreakerState.CLOSED: 0, BreakerState.HALF_OPEN: 1, BreakerState.OPEN: 2}


class CircuitOwner(Protocol):
    def circuit_states(self) -> Mapping[str, BreakerState]: ...


def _observe_circuits(owner: CircuitOwner) -> list[Observation]:
    states = owner.circuit_states().items()
    return [Observation(BREAKER_LEVEL[state], {"upstream": name}) for name, state in states]


_circuit_owners: Live[CircuitOwner] = Live()
_circuit_owners.create_observable_gauge(
    "dentalink_gateway_breaker_state",
    _observe_circuits,
    description="Circuit breaker state per upstream: 0 closed, 1 half-open (probing), 2 open",
)


def watch_circuits(owner: CircuitOwner) -> None:
    """Report `owner`'s circuits in `dentalink_gateway_breaker_state` for as long as it lives."""
    _circuit_owners.add(owner)


def outcome_class(status: int) -> str:
    return f"{status // 100}xx"
