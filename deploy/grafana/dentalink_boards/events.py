"""Events: what each process publishes through its transactional outbox, what its consumer groups
handle, how far behind they are, what was redelivered or dead-lettered, and the broker's view of
every topic (the Prometheus JMX exporter's rules, deploy/local/kafka/jmx-exporter.yaml).

Consumer series carry `consumer` (the consumer group's name, without the environment's namespace)
and the processed counter `event_type`; lag and dead letters carry `topic` too.
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
    steps,
    timeline,
)

UID = "dentalink-events"
# The alert on the oldest unsent outbox row fires past 60 s.
OUTBOX_AGE_LIMIT = 60

JOB = 'job=~"$job"'
KAFKA = 'job="kafka"'
DEAD_LETTERS = f"dentalink_consumer_dead_lettered_total{{{JOB}}}"


def outbox() -> Section:
    return Section(
        "Outbox (produce)",
        [
            graph(
                "Events published per job",
                "Outbox events acknowledged by Kafka per second, per process.",
                units.EventsPerSecond,
                Query(f"sum by (job) (rate(dentalink_outbox_published_total{{{JOB}}}[{RATE}]))", "{{job}}"),
                width=6,
            ),
            graph(
                "Publish failures per job",
                "Outbox publish attempts that failed per second (the row stays and is retried).",
                units.EventsPerSecond,
                Query(
                    or_zero(f"sum by (job) (rate(dentalink_outbox_publish_failures_total{{{JOB}}}[{RATE}]))"),
                    "{{job}}",
                ),
                width=6,
            ),
            graph(
                "Outbox backlog",
                "Outbox rows not yet acknowledged by Kafka, per process.",
                units.Short,
                Query(f"max by (job) (dentalink_outbox_backlog{{{JOB}}})", "{{job}}"),
                width=6,
            ),
            graph(
                "Oldest unsent event age",
                f"Age of the oldest outbox row not yet acknowledged by Kafka; the alert fires past "
                f"{OUTBOX_AGE_LIMIT} s.",
                units.Seconds,
                Query(f"max by (job) (dentalink_outbox_oldest_age_seconds{{{JOB}}})", "{{job}}"),
                width=6,
                limits=steps((None, "green"), (OUTBOX_AGE_LIMIT, "red")),
            ),
        ],
    )


def consumers() -> Section:
    return Section(
        "Consumers",
        [
            graph(
                "Events processed per group and type",
                "Events whose handler's effect was committed, per second, by consumer group and event type.",
                units.EventsPerSecond,
                Query(
                    "sum by (consumer, event_type) "
                    f"(rate(dentalink_consumer_processed_total{{{JOB}}}[{RATE}]))",
                    "{{consumer}} {{event_type}}",
                ),
            ),
            graph(
                "Lag per consumer group",
                "Records behind the high watermark, summed over each group's partitions.",
                units.Short,
                Query(f"sum by (consumer) (dentalink_consumer_lag{{{JOB}}})", "{{consumer}}"),
            ),
            graph(
                "Handler duration p95",
                "95th percentile of the time a consumer group's handler takes per event.",
                units.Seconds,
                Query(
                    "histogram_quantile(0.95, sum by (le, consumer) "
                    f"(rate(dentalink_consumer_handler_duration_seconds_bucket{{{JOB}}}[{RATE}])))",
                    "{{consumer}}",
                ),
                width=8,
            ),
            graph(
                "Duplicates skipped",
                "Redelivered events the inbox recognised and skipped, per second, per consumer group.",
                units.EventsPerSecond,
                Query(
                    or_zero(
                        f"sum by (consumer) (rate(dentalink_consumer_duplicates_total{{{JOB}}}[{RATE}]))"
                    ),
                    "{{consumer}}",
                ),
                width=8,
            ),
            graph(
                "Dead letters",
                "Events sent to a dead-letter topic per second, by consumer group and source topic.",
                units.EventsPerSecond,
                Query(
                    or_zero(f"sum by (consumer, topic) (rate({DEAD_LETTERS}[{RATE}]))"),
                    "{{consumer}} {{topic}}",
                ),
                width=8,
            ),
            single(
                "Dead-lettered over the range",
                "Events dead-lettered over the dashboard's time range; any is an alert.",
                units.Short,
                Query(
                    or_zero(f"sum(increase({DEAD_LETTERS}[$__range]))"),
                    "dead letters",
                ),
                thresholds=steps((None, "green"), (1, "red")),
                height=8,
            ),
            timeline(
                "Consumer groups progressing",
                "Whether each consumer group polls and commits (dependency consumer:<group> of its process).",
                units.NoUnit,
                Query(
                    f'min by (job, dependency) (dentalink_dependency_up{{{JOB}, dependency=~"consumer:.*"}})',
                    "{{job}} {{dependency}}",
                ),
                mappings=UP_DOWN,
                thresholds=steps((None, "red"), (1, "green")),
                width=18,
            ),
        ],
    )


def topics() -> Section:
    return Section(
        "Kafka topics",
        [
            graph(
                "Messages produced per topic",
                "Messages the broker appended per second, per topic (produce side).",
                units.MessagesPerSecond,
                Query(
                    f"sum by (topic) (rate(kafka_server_topic_messages_in_total{{{KAFKA}}}[{RATE}]))",
                    "{{topic}}",
                ),
            ),
            graph(
                "Bytes fetched per topic",
                "Bytes the broker served to fetchers per second, per topic (consume side, replication "
                "included).",
                units.BytesPerSecondSI,
                Query(
                    f"sum by (topic) (rate(kafka_server_topic_bytes_out_total{{{KAFKA}}}[{RATE}]))",
                    "{{topic}}",
                ),
            ),
        ],
    )


def build() -> Dashboard:
    return dashboard(
        UID,
        "Dentalink / Events",
        "Outbox publishing, consumer groups (throughput, lag, duplicates, dead letters) and Kafka topics.",
        [outbox(), consumers(), topics()],
        variables=[
            label_variable(
                "job",
                "Process",
                'label_values(up{job=~"gateway|.+-service"}, job)',
                "The processes whose outbox and consumers are shown",
            )
        ],
        tags=["events"],
    )
