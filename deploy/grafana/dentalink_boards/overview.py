"""Platform overview: the public API as vendors see it at the gateway (per operation rate, errors,
latency), its SLOs' burn rates, the gateway's own refusals, the upstream services behind it and
whether every scrape target is up.

Operations are the gateway's `http_route` (the public route template, e.g.
`/v1/identities/{identity_id}`) with `http_request_method`; probes and scrapes are not recorded.
"""

from grafana_foundation_sdk.models import units
from grafana_foundation_sdk.models.dashboard import Dashboard

from .common import (
    RATE,
    UP_DOWN,
    Query,
    Section,
    dashboard,
    graph,
    label_variable,
    or_zero,
    single,
    states,
    steps,
    timeline,
)

UID = "dentalink-overview"

# The public API's SLOs, those of the alert rules (deploy/prometheus/rules/availability.yml records
# them as dentalink:slo_objective:ratio; a test checks both agree): 99.5 % of requests answered
# without a 5xx, 99 % answered within 500 ms, over 30 days.
AVAILABILITY_OBJECTIVE = 0.995
LATENCY_THRESHOLD = "0.5"  # an `le` bucket boundary of http_server_request_duration_seconds
LATENCY_OBJECTIVE = 0.99
ERROR_BUDGET = round(1 - AVAILABILITY_OBJECTIVE, 6)
LATENCY_BUDGET = round(1 - LATENCY_OBJECTIVE, 6)
# Burn-rate windows of the multi-window alerts: 1h/5m page at 14.4x, 6h/30m page at 6x.
BURN_WINDOWS = ("5m", "30m", "1h", "6h")

EDGE = 'job="gateway", instance=~"$instance"'
OPERATION = "http_request_method, http_route"
OPERATION_LEGEND = "{{http_request_method}} {{http_route}}"
REQUESTS = f"http_server_request_duration_seconds_count{{{EDGE}}}"
ERRORS = f'http_server_request_duration_seconds_count{{{EDGE}, http_response_status_code=~"5.."}}'
BUCKETS = f"http_server_request_duration_seconds_bucket{{{EDGE}}}"
# The SLOs are the service's, whichever gateway instance answered.
SLO_REQUESTS = 'http_server_request_duration_seconds_count{job="gateway"}'
SLO_ERRORS = 'http_server_request_duration_seconds_count{job="gateway", http_response_status_code=~"5.."}'

BURN_LIMITS = steps((None, "green"), (6, "orange"), (14.4, "red"))


def error_ratio_by_operation() -> str:
    # An operation without any 5xx has no 5xx series: `or ... * 0` gives it 0 instead of no line.
    everything = f"sum by ({OPERATION}) (rate({REQUESTS}[{RATE}]))"
    return f"(sum by ({OPERATION}) (rate({ERRORS}[{RATE}])) or {everything} * 0) / {everything}"


def latency(quantile: str) -> Query:
    return Query(
        f"histogram_quantile({quantile}, sum by (le, {OPERATION}) (rate({BUCKETS}[{RATE}])))",
        OPERATION_LEGEND,
    )


# The error ratios per window are the alert rules' own recordings (deploy/prometheus/rules/
# availability.yml), so the panels show exactly what the burn-rate alerts compare.
def availability_burn(window: str) -> Query:
    return Query(f'job:dentalink_api_errors:ratio_rate{window}{{job="gateway"}} / {ERROR_BUDGET}', window)


def latency_burn(window: str) -> Query:
    return Query(f'job:dentalink_api_slow:ratio_rate{window}{{job="gateway"}} / {LATENCY_BUDGET}', window)


def now() -> Section:
    return Section(
        "Public API now",
        [
            single(
                "Requests per second",
                "Requests the gateway answered per second, every public operation and status together.",
                units.RequestsPerSecond,
                Query(f"sum(rate({REQUESTS}[{RATE}]))", "requests"),
            ),
            single(
                "5xx ratio",
                "Share of public requests answered with a 5xx (the availability SLO's errors).",
                units.PercentUnit,
                Query(f"({or_zero(f'sum(rate({ERRORS}[{RATE}]))')}) / sum(rate({REQUESTS}[{RATE}]))", "5xx"),
                thresholds=steps((None, "green"), (ERROR_BUDGET, "red")),
            ),
            single(
                "p95 latency",
                "95th percentile of the public requests' duration, every operation together.",
                units.Seconds,
                Query(f"histogram_quantile(0.95, sum by (le) (rate({BUCKETS}[{RATE}])))", "p95"),
                thresholds=steps((None, "green"), (float(LATENCY_THRESHOLD), "red")),
            ),
            single(
                "Availability over the range",
                f"Share of public requests without a 5xx over the dashboard's time range "
                f"(objective {AVAILABILITY_OBJECTIVE:.1%}).",
                units.PercentUnit,
                Query(
                    f"1 - (({or_zero(f'sum(increase({SLO_ERRORS}[$__range]))')}) "
                    f"/ sum(increase({SLO_REQUESTS}[$__range])))",
                    "availability",
                ),
                thresholds=steps((None, "red"), (AVAILABILITY_OBJECTIVE, "green")),
            ),
        ],
    )


def operations() -> Section:
    return Section(
        "Public operations",
        [
            graph(
                "Request rate per operation",
                "Requests per second per public operation (route template and method), every status.",
                units.RequestsPerSecond,
                Query(f"sum by ({OPERATION}) (rate({REQUESTS}[{RATE}]))", OPERATION_LEGEND),
            ),
            graph(
                "5xx ratio per operation",
                "Share of each operation's requests answered with a 5xx (0 when it had none).",
                units.PercentUnit,
                Query(error_ratio_by_operation(), OPERATION_LEGEND),
            ),
            graph(
                "Latency p50 per operation",
                "Median request duration per public operation (histogram_quantile over the buckets).",
                units.Seconds,
                latency("0.5"),
                width=8,
            ),
            graph(
                "Latency p95 per operation",
                "95th percentile of the request duration per public operation.",
                units.Seconds,
                latency("0.95"),
                width=8,
            ),
            graph(
                "Latency p99 per operation",
                "99th percentile of the request duration per public operation.",
                units.Seconds,
                latency("0.99"),
                width=8,
            ),
            graph(
                "Responses by status code",
                "Responses per second by HTTP status code, every operation together.",
                units.RequestsPerSecond,
                Query(
                    f"sum by (http_response_status_code) (rate({REQUESTS}[{RATE}]))",
                    "{{http_response_status_code}}",
                ),
                width=24,
                stacked=True,
            ),
        ],
    )


def slo() -> Section:
    return Section(
        "SLO burn rates",
        [
            graph(
                "Availability SLO burn rate",
                f"How fast the 5xx error budget ({ERROR_BUDGET:.1%} of requests, objective "
                f"{AVAILABILITY_OBJECTIVE:.1%}) burns per window: 1 spends it exactly in 30 days; the alerts "
                "page at 14.4 (1h and 5m) and 6 (6h and 30m). From the alert rules' recorded error ratios.",
                units.NoUnit,
                *[availability_burn(window) for window in BURN_WINDOWS],
                limits=BURN_LIMITS,
            ),
            graph(
                "Latency SLO burn rate",
                f"How fast the latency budget burns: requests slower than {LATENCY_THRESHOLD} s may be "
                f"{LATENCY_BUDGET:.0%} (objective {LATENCY_OBJECTIVE:.0%}); 1 spends the budget in 30 days. "
                "From the alert rules' recorded slow-request ratios.",
                units.NoUnit,
                *[latency_burn(window) for window in BURN_WINDOWS],
                limits=BURN_LIMITS,
            ),
        ],
    )


def edge() -> Section:
    refusals = f"dentalink_gateway_refusals_total{{{EDGE}}}"
    unauthenticated = f'dentalink_gateway_refusals_total{{{EDGE}, status="401"}}'
    rate_limited = f'dentalink_gateway_refusals_total{{{EDGE}, status="429"}}'
    return Section(
        "Gateway refusals",
        [
            graph(
                "Refusals by status and reason",
                "Calls the gateway answered itself with an error, per second, by HTTP status and problem "
                "type (401 authentication, 403 habilitation, 429 rate limiting, 502/503/504 upstream).",
                units.RequestsPerSecond,
                Query(
                    or_zero(f"sum by (status, reason) (rate({refusals}[{RATE}]))"),
                    "{{status}} {{reason}}",
                ),
            ),
            graph(
                "Authentication failures by reason",
                "401 answers per second by problem type (unauthenticated, invalid-token, invalid-client, …).",
                units.RequestsPerSecond,
                Query(
                    or_zero(f"sum by (reason) (rate({unauthenticated}[{RATE}]))"),
                    "{{reason}}",
                ),
                width=8,
            ),
            graph(
                "Rate limited (429)",
                "Requests refused per second because a client exceeded its rate limit.",
                units.RequestsPerSecond,
                Query(
                    or_zero(f"sum(rate({rate_limited}[{RATE}]))"),
                    "429",
                ),
                width=8,
            ),
            graph(
                "Idempotent replays",
                "Creations answered from the stored result of an earlier request with the same "
                "Idempotency-Key, per second (clients retrying).",
                units.RequestsPerSecond,
                Query(
                    or_zero(f"sum(rate(dentalink_gateway_idempotent_replays_total{{{EDGE}}}[{RATE}]))"),
                    "replays",
                ),
                Query(
                    or_zero(
                        f"sum(rate(dentalink_gateway_audit_completion_failures_total{{{EDGE}}}[{RATE}]))"
                    ),
                    "audit completion failures",
                ),
                width=8,
            ),
        ],
    )


def upstreams() -> Section:
    calls = f"dentalink_gateway_upstream_duration_seconds_count{{{EDGE}}}"
    return Section(
        "Upstream services",
        [
            graph(
                "Upstream latency p95",
                "95th percentile of the time each upstream service takes to answer the gateway (headers).",
                units.Seconds,
                Query(
                    "histogram_quantile(0.95, sum by (le, upstream) "
                    f"(rate(dentalink_gateway_upstream_duration_seconds_bucket{{{EDGE}}}[{RATE}])))",
                    "{{upstream}}",
                ),
                width=8,
            ),
            graph(
                "Upstream calls by outcome",
                "Calls per second to each upstream by outcome: status class (2xx…5xx), timeout or "
                "unreachable.",
                units.RequestsPerSecond,
                Query(f"sum by (upstream, outcome) (rate({calls}[{RATE}]))", "{{upstream}} {{outcome}}"),
                width=8,
            ),
            timeline(
                "Circuit breakers",
                "Each upstream's circuit breaker in the gateway: closed (calls pass), half-open (probing) "
                "or open (calls refused with 503 at once).",
                units.NoUnit,
                Query(f"max by (upstream) (dentalink_gateway_breaker_state{{{EDGE}}})", "{{upstream}}"),
                mappings=states({0: ("closed", "green"), 1: ("half-open", "orange"), 2: ("open", "red")}),
                thresholds=steps((None, "green"), (1, "orange"), (2, "red")),
                width=8,
            ),
        ],
    )


def targets() -> Section:
    return Section(
        "Targets",
        [
            single(
                "Scrape targets up",
                "Whether Prometheus could scrape each target at its last attempt (job and instance).",
                units.NoUnit,
                Query("min by (job, instance) (up)", "{{job}} {{instance}}"),
                width=24,
                mappings=UP_DOWN,
                thresholds=steps((None, "red"), (1, "green")),
            ),
            timeline(
                "Dependencies reachable",
                "Each process's view of its dependencies (database, Kafka, each consumer group progressing).",
                units.NoUnit,
                Query("min by (job, dependency) (dentalink_dependency_up)", "{{job}} {{dependency}}"),
                mappings=UP_DOWN,
                thresholds=steps((None, "red"), (1, "green")),
                width=24,
                height=10,
            ),
        ],
    )


def build() -> Dashboard:
    return dashboard(
        UID,
        "Dentalink / Platform overview",
        "The public API at the gateway: per-operation rate, errors and latency, SLO burn rates, refusals, "
        "upstream health and scrape targets.",
        [now(), operations(), slo(), edge(), upstreams(), targets()],
        variables=[
            label_variable(
                "instance",
                "Gateway instance",
                'label_values(up{job="gateway"}, instance)',
                "The gateway instances whose requests the per-operation panels count",
            )
        ],
        tags=["overview"],
    )
