"""Infrastructure: the Kafka broker (JMX exporter agent, job `kafka`), PostgreSQL (postgres_exporter,
job `postgres`) and every scraped process's CPU and resident memory (the `process_*` metrics of the
Python processes, the broker's JVM agent and the Go exporters alike), plus the cost of scraping them.
"""

from grafana_foundation_sdk.models import units
from grafana_foundation_sdk.models.dashboard import Dashboard

from .common import (
    RATE,
    UP_DOWN,
    ZERO_IS_GOOD,
    Query,
    Section,
    dashboard,
    graph,
    label_variable,
    or_zero,
    single,
    steps,
)

UID = "dentalink-infrastructure"
KAFKA = 'job="kafka"'
POSTGRES = 'job="postgres"'
JOB = 'job=~"$job"'
# The alert on PostgreSQL connections fires near the limit.
CONNECTIONS_WARNING = 0.8


def kafka() -> Section:
    return Section(
        "Kafka broker",
        [
            single(
                "Under-replicated partitions",
                "Partitions whose in-sync replicas are fewer than their replicas (0 on a healthy cluster).",
                units.Short,
                Query(
                    f"sum(kafka_server_replica_manager_under_replicated_partitions{{{KAFKA}}})",
                    "under-replicated",
                ),
                thresholds=ZERO_IS_GOOD,
            ),
            single(
                "Offline partitions",
                "Partitions without a leader: nobody can produce to or consume from them.",
                units.Short,
                Query(f"sum(kafka_controller_offline_partitions_count{{{KAFKA}}})", "offline"),
                thresholds=ZERO_IS_GOOD,
            ),
            single(
                "Active controllers",
                "KRaft controllers active in the cluster: exactly 1 is healthy.",
                units.Short,
                Query(f"sum(kafka_controller_active_controller_count{{{KAFKA}}})", "active controllers"),
                thresholds=steps((None, "red"), (1, "green"), (2, "red")),
            ),
            single(
                "Partitions",
                "Partitions hosted by the broker (its replicas, every topic).",
                units.Short,
                Query(f"sum(kafka_server_replica_manager_partitions{{{KAFKA}}})", "partitions"),
            ),
            graph(
                "Requests by type",
                "Requests the broker received per second, by API (Produce, Fetch, Metadata, OffsetCommit, "
                "…).",
                units.RequestsPerSecond,
                Query(
                    f"sum by (request) (rate(kafka_network_requests_total{{{KAFKA}}}[{RATE}]))", "{{request}}"
                ),
                width=8,
            ),
            graph(
                "Request errors by type",
                "Answers with an error code per second, by API and error (NONE excluded).",
                units.RequestsPerSecond,
                Query(
                    or_zero(
                        "sum by (request, error) "
                        f'(rate(kafka_network_request_responses_total{{{KAFKA}, error!="NONE"}}[{RATE}]))'
                    ),
                    "{{request}} {{error}}",
                ),
                width=8,
            ),
            graph(
                "Bytes in and out",
                "Bytes per second produced to the broker (in) and fetched from it (out), every topic.",
                units.BytesPerSecondSI,
                Query(f"sum(rate(kafka_server_broker_bytes_in_total{{{KAFKA}}}[{RATE}]))", "in"),
                Query(f"sum(rate(kafka_server_broker_bytes_out_total{{{KAFKA}}}[{RATE}]))", "out"),
                width=8,
            ),
            graph(
                "Request time p99 by type",
                "99th percentile of the broker's total time per request, by API (the broker's own "
                "recent-window quantile).",
                units.Seconds,
                Query(
                    "max by (request) "
                    f'(kafka_network_request_total_time_seconds{{{KAFKA}, quantile="0.99"}})',
                    "{{request}}",
                ),
                width=24,
            ),
        ],
    )


def postgres() -> Section:
    connections = f"sum(pg_stat_activity_count{{{POSTGRES}}})"
    limit = f"max(pg_settings_max_connections{{{POSTGRES}}})"
    return Section(
        "PostgreSQL",
        [
            single(
                "PostgreSQL up",
                "Whether the exporter could query the server at its last scrape.",
                units.NoUnit,
                Query(f"min(pg_up{{{POSTGRES}}})", "pg_up"),
                mappings=UP_DOWN,
                thresholds=steps((None, "red"), (1, "green")),
                width=4,
            ),
            single(
                "Connections used",
                f"Server connections in use over max_connections; the alert fires near the limit "
                f"({CONNECTIONS_WARNING:.0%}).",
                units.PercentUnit,
                Query(f"{connections} / {limit}", "used"),
                thresholds=steps((None, "green"), (CONNECTIONS_WARNING, "orange"), (0.9, "red")),
                width=4,
            ),
            graph(
                "Connections vs max",
                "Server connections (every database and state) and the max_connections setting.",
                units.Short,
                Query(connections, "connections"),
                Query(limit, "max_connections"),
                width=8,
            ),
            graph(
                "Connections per database and state",
                "Server connections by database and state (active, idle, idle in transaction, …).",
                units.Short,
                Query(
                    f"sum by (datname, state) (pg_stat_activity_count{{{POSTGRES}}})", "{{datname}} {{state}}"
                ),
                width=8,
            ),
            graph(
                "Transactions per database",
                "Transactions committed or rolled back per second, per database.",
                units.OpsPerSecond,
                Query(
                    f"sum by (datname) (rate(pg_stat_database_xact_commit{{{POSTGRES}}}[{RATE}]) "
                    f"+ rate(pg_stat_database_xact_rollback{{{POSTGRES}}}[{RATE}]))",
                    "{{datname}}",
                ),
            ),
            graph(
                "Database sizes",
                "Size on disk of each database.",
                units.BytesIEC,
                Query(f"max by (datname) (pg_database_size_bytes{{{POSTGRES}}})", "{{datname}}"),
            ),
        ],
    )


def processes() -> Section:
    return Section(
        "Processes",
        [
            graph(
                "CPU per job",
                "CPU time used per second by each job's processes (100 % = one core).",
                units.PercentUnit,
                Query(f"sum by (job) (rate(process_cpu_seconds_total{{{JOB}}}[{RATE}]))", "{{job}}"),
            ),
            graph(
                "Resident memory per job",
                "Resident set size (RSS) of each job's processes.",
                units.BytesIEC,
                Query(f"sum by (job) (process_resident_memory_bytes{{{JOB}}})", "{{job}}"),
            ),
            graph(
                "Scrape duration per job",
                "How long Prometheus takes to scrape each job's targets.",
                units.Seconds,
                Query(f"max by (job) (scrape_duration_seconds{{{JOB}}})", "{{job}}"),
            ),
            graph(
                "Samples per scrape per job",
                "Samples each job's targets expose per scrape (the storage cost of scraping them).",
                units.Short,
                Query(f"sum by (job) (scrape_samples_scraped{{{JOB}}})", "{{job}}"),
            ),
        ],
    )


def build() -> Dashboard:
    return dashboard(
        UID,
        "Dentalink / Infrastructure",
        "Kafka broker, PostgreSQL, and CPU, memory and scrape cost of every scraped process.",
        [kafka(), postgres(), processes()],
        variables=[
            label_variable("job", "Job", "label_values(up, job)", "The scrape jobs whose processes are shown")
        ],
        tags=["infrastructure"],
    )
