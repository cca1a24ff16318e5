"""Event hop benchmark (issues 2 and 15): producer transaction commit -> consumer effect commit.

The sender process writes state rows and their outbox events at a fixed rate; the relay publishes
them (woken by LISTEN/NOTIFY). A separate receiver process consumes them with the idempotent
consumer and writes one effect row per event. Each hop is measured from the wall-clock instant the
sender's commit returned to the instant the receiver's effect transaction committed (an after-commit
hook of the handler's session, so the bench reads the consumer from outside, however it batches).
The hop is split at the instant the relay marked the row sent (after Kafka acknowledged it).

Saturation: the offered rate doubles from 200 events/s (10 s per step) until a step where the
receiver does not keep up: every event applied before the drain limit and p95 within `--bound-ms`
(halves instead when it does not keep up at 200 events/s). Then the consumer alone drains a
backlog of 10 000 events already on the topic: its capacity, whatever the sender can offer.
Up to 200 events/s the sender commits one event per transaction; above, 50 transactions a second
of rate/50 events each, so that the pipeline (relay, broker, consumer) is loaded more than the
sender's own commits. Should the sender still not offer a step's rate (it shares the machine), the
saturation reported is the highest rate achieved and kept up with, marked as limited by the sender.

Usage: python bench/event_hop.py [--rate 200] [--seconds 20] [--no-saturation] [--json FILE]
(needs `make infra`)
"""

import argparse
import asyncio
import json
import math
import os
import statistics
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import uvloop
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession

from dentalink_contracts.envelope import Envelope, to_kafka
from dentalink_contracts.events.base import DomainEvent
from servicekit.consumer import EventConsumer, Subscription
from servicekit.db import DEFAULT_POOL_SIZE, Database
from servicekit.kafka import ensure_topics, idempotent_producer
from servicekit.migrations import upgrade_to_head
from servicekit.outbox import OutboxRelay, publish
from servicekit.telemetry import after_commit
from servicekit.testing import database_connection, fresh_database, kafka_bootstrap

MIGRATIONS = Path(__file__).parent / "event_hop_migrations"
SENDER_TRANSACTIONS_PER_SECOND = 200  # one event per transaction up to this rate
BULK_TRANSACTIONS_PER_SECOND = 50  # above it, this many transactions a second, rate/50 events each
STEP_SECONDS = 10
MAX_STEP_RATE = 12_800
MIN_STEP_RATE = 25
BACKLOG = 10_000

# hop id -> wall-clock instant its effect committed, filled by the receiver process.
APPLIED: dict[int, float] = {}


class Hop(DomainEvent):
    event_type: ClassVar[str] = "fr.dentalink.bench.hop.v1"
    topic: ClassVar[str] = "bench.hop.v1"
    hop_id: int


def hop_class(topic: str) -> type[Hop]:
    return type("HopRun", (Hop,), {"topic": topic, "event_type": f"fr.dentalink.bench.{topic}"})


async def record_effect(session: AsyncSession, hop: Hop, _: Envelope, __: None) -> None:
    await session.execute(
        text(
            "INSERT INTO hop_effect (hop_id, committed_at) "
            "VALUES (:id, extract(epoch FROM clock_timestamp()))"
        ),
        {"id": hop.hop_id},
    )
    after_commit(session, lambda: APPLIED.__setitem__(hop.hop_id, time.time()))


async def receiver(url: str, topic: str, group: str, expected: int, deadline_s: float, out: str) -> None:
    database = Database(url)
    producer = idempotent_producer(kafka_bootstrap(), "bench-receiver")
    await producer.start()
    consumer = EventConsumer(
        group,
        [Subscription(hop_class(topic), record_effect)],
        context=None,
        database=database,
        bootstrap_servers=kafka_bootstrap(),
        producer=producer,
    )
    await consumer.start()
    print("ready", flush=True)
    cpu = time.process_time()
    deadline = time.monotonic() + deadline_s
    while len(APPLIED) < expected and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    await consumer.stop()
    await producer.stop()
    await database.close()
    Path(out).write_text(json.dumps({"applied": APPLIED, "cpu_s": time.process_time() - cpu}))


@dataclass
class Step:
    """One run at one offered rate; latencies in milliseconds."""

    rate: int
    seconds: int
    achieved: float
    sent: int
    delivered: int
    hops: list[float] = field(repr=False)
    relay: list[float] = field(repr=False)
    consumer: list[float] = field(repr=False)
    receiver_cpu_ms_per_event: float
    sender_cpu_ms_per_event: float
    transactions_per_event: dict[str, float]

    def p(self, values: list[float], q: float) -> float:
        return percentile(values, q) if values else math.inf

    def offered_fully(self) -> bool:
        return self.achieved >= 0.95 * self.rate

    def verdict(self, bound_ms: float) -> str:
        """'' when the receiver kept up with what was offered, else why not."""
        if self.delivered < self.sent:
            return f"{self.sent - self.delivered} events not applied before the drain limit"
        if self.p(self.hops, 95) > bound_ms:
            return f"p95 {self.p(self.hops, 95):.0f} ms > {bound_ms:.0f} ms"
        return ""

    def summary(self, bound_ms: float) -> dict[str, Any]:
        figures = {f"p{q}_ms": round(self.p(self.hops, q), 1) for q in (50, 95, 99)}
        return {
            "rate": self.rate,
            "seconds": self.seconds,
            "achieved": round(self.achieved, 1),
            "sent": self.sent,
            "delivered": self.delivered,
            **figures,
            "max_ms": round(max(self.hops, default=math.inf), 1),
            "relay_p50_ms": round(self.p(self.relay, 50), 1),
            "relay_p95_ms": round(self.p(self.relay, 95), 1),
            "consumer_p50_ms": round(self.p(self.consumer, 50), 1),
            "consumer_p95_ms": round(self.p(self.consumer, 95), 1),
            "receiver_cpu_ms_per_event": round(self.receiver_cpu_ms_per_event, 2),
            "sender_cpu_ms_per_event": round(self.sender_cpu_ms_per_event, 2),
            "sender_db_transactions_per_event": round(self.transactions_per_event["sender"], 2),
            "receiver_db_transactions_per_event": round(self.transactions_per_event["receiver"], 2),
            "kept_up": not self.verdict(bound_ms),
            "why_not": self.verdict(bound_ms),
            "offered_fully": self.offered_fully(),
        }


async def run_step(rate: int, seconds: int, drain_s: float) -> Step:
    topic = f"bench.hop-{uuid.uuid4().hex[:8]}.v1"
    hop = hop_class(topic)
    per_transaction = (
        1 if rate <= SENDER_TRANSACTIONS_PER_SECOND else math.ceil(rate / BULK_TRANSACTIONS_PER_SECOND)
    )
    transactions = rate * seconds // per_transaction
    total = transactions * per_transaction
    await ensure_topics(kafka_bootstrap(), [topic])
    async with fresh_database("bench_sender") as sender_url, fresh_database("bench_receiver") as receiver_url:
        await upgrade_to_head(MIGRATIONS, sender_url)
        await upgrade_to_head(MIGRATIONS, receiver_url)
        child, out = await start_receiver(receiver_url, topic, total, seconds + 5 + drain_s)
        database = Database(sender_url)
        producer = idempotent_producer(kafka_bootstrap(), "bench-sender")
        await producer.start()
        relay = OutboxRelay(database, producer, service="bench-sender")
        await relay.start()
        await asyncio.sleep(2)  # let the receiver's group assignment settle
        transactions_before = await committed_transactions(sender_url, receiver_url)
        committed: dict[int, float] = {}

        # At most one transaction per pooled connection: a sender that falls behind shows as a lower
        # achieved rate, not as pool timeouts.
        connections = asyncio.Semaphore(DEFAULT_POOL_SIZE)

        async def one(first: int) -> None:
            ids = range(first, first + per_transaction)
            async with connections, database.transaction() as session:
                for hop_id in ids:
                    await session.execute(text("INSERT INTO hop_state (hop_id) VALUES (:id)"), {"id": hop_id})
                    await publish(session, hop(hop_id=hop_id), key=f"pk_{hop_id % 64:032x}", source="/bench")
            done = time.time()
            committed.update(dict.fromkeys(ids, done))

        tasks = []
        started = time.monotonic()
        cpu = time.process_time()
        for n in range(transactions):
            delay = started + n * per_transaction / rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(n * per_transaction)))
        await asyncio.gather(*tasks)
        achieved = total / (time.monotonic() - started)
        await asyncio.to_thread(child.wait, seconds + 60 + drain_s)
        sender_cpu = time.process_time() - cpu
        await relay.stop()
        await producer.stop()
        await database.close()
        async with database_connection(sender_url) as connection:
            sent_rows = await connection.fetch(
                "SELECT (payload->'data'->>'hop_id')::int AS hop_id, extract(epoch FROM sent_at) AS sent"
                " FROM outbox_messages WHERE sent_at IS NOT NULL"
            )
        transactions_after = await committed_transactions(sender_url, receiver_url)
        report = receiver_report(out)
        effects = report["applied"]
    sent_at = {row["hop_id"]: float(row["sent"]) for row in sent_rows}
    applied = [i for i in committed if i in effects]
    return Step(
        rate=rate,
        seconds=seconds,
        achieved=achieved,
        sent=total,
        delivered=len(applied),
        hops=sorted((effects[i] - committed[i]) * 1000 for i in applied),
        relay=sorted((sent_at[i] - committed[i]) * 1000 for i in applied if i in sent_at),
        consumer=sorted((effects[i] - sent_at[i]) * 1000 for i in applied if i in sent_at),
        receiver_cpu_ms_per_event=report["cpu_s"] * 1000 / max(1, len(applied)),
        sender_cpu_ms_per_event=sender_cpu * 1000 / max(1, total),
        transactions_per_event={
            side: (transactions_after[side] - transactions_before[side]) / max(1, total)
            for side in ("sender", "receiver")
        },
    )


async def start_receiver(
    url: str, topic: str, expected: int, deadline_s: float
) -> tuple[subprocess.Popen[str], str]:
    """The receiver process, once its consumer runs; it writes its report to the returned path."""
    out = f"/tmp/dentalink-bench-{uuid.uuid4().hex[:6]}.json"
    group = f"bench-{uuid.uuid4().hex[:6]}"
    child = subprocess.Popen(
        [
            sys.executable,
            __file__,
            "--role",
            "receiver",
            "--url",
            url,
            "--topic",
            topic,
            "--group",
            group,
            "--expected",
            str(expected),
            "--deadline",
            str(deadline_s),
            "--out",
            out,
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    await asyncio.to_thread(child.stdout.readline)  # "ready"
    return child, out


def receiver_report(out: str) -> dict[str, Any]:
    report: dict[str, Any] = json.loads(Path(out).read_text())
    os.unlink(out)
    report["applied"] = {int(hop_id): at for hop_id, at in report["applied"].items()}
    return report


async def drain_rate(events: int) -> dict[str, float]:
    """The consumer alone: `events` already on the topic when it starts, applied as fast as it can.
    Events per second from its first commit to its last, and its CPU per event."""
    topic = f"bench.drain-{uuid.uuid4().hex[:8]}.v1"
    hop = hop_class(topic)
    await ensure_topics(kafka_bootstrap(), [topic])
    producer = idempotent_producer(kafka_bootstrap(), "bench-backlog")
    await producer.start()
    try:
        acks = []
        for hop_id in range(events):
            envelope = Envelope.wrap(
                hop(hop_id=hop_id), id=uuid.uuid4(), source="/bench", key=f"pk_{hop_id % 64:032x}"
            )
            key, value, headers = to_kafka(envelope)
            acks.append(await producer.send(topic, value=value, key=key, headers=headers))
        await asyncio.gather(*acks)
    finally:
        await producer.stop()
    async with fresh_database("bench_drain") as url:
        await upgrade_to_head(MIGRATIONS, url)
        child, out = await start_receiver(url, topic, events, 300)
        await asyncio.to_thread(child.wait, 360)
        report = receiver_report(out)
    instants = sorted(report["applied"].values())
    first_batch = sum(1 for at in instants if at == instants[0])
    seconds = instants[-1] - instants[0]
    return {
        "events": len(instants),
        "events_per_s": (len(instants) - first_batch) / seconds if seconds > 0 else math.inf,
        "receiver_cpu_ms_per_event": report["cpu_s"] * 1000 / max(1, len(instants)),
    }


async def committed_transactions(sender_url: str, receiver_url: str) -> dict[str, int]:
    """Transactions committed so far in each side's database (PostgreSQL's own count: it includes
    the pool's pings and the relay's claims, everything the pipeline costs the database)."""
    names = {"sender": make_url(sender_url).database, "receiver": make_url(receiver_url).database}
    async with database_connection(sender_url) as connection:
        rows = await connection.fetch(
            "SELECT datname, xact_commit FROM pg_stat_database WHERE datname = ANY($1::text[])",
            list(names.values()),
        )
    counts = {row["datname"]: int(row["xact_commit"]) for row in rows}
    return {side: counts.get(name, 0) for side, name in names.items()}


def percentile(values: list[float], p: float) -> float:
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def print_table(
    first: Step, steps: list[Step], saturation: int | None, limited_by: str, bound_ms: float
) -> None:
    lat = first.hops
    rows = [
        ("target rate (events/s)", f"{first.rate}"),
        ("achieved rate (events/s)", f"{first.achieved:.1f}"),
        ("events sent / delivered", f"{first.sent} / {first.delivered}"),
        ("p50 hop (ms)", f"{first.p(lat, 50):.1f}"),
        ("p95 hop (ms)  [target <= 50]", f"{first.p(lat, 95):.1f}"),
        ("p99 hop (ms)  [target <= 150]", f"{first.p(lat, 99):.1f}"),
        ("max hop (ms)", f"{max(lat, default=math.inf):.1f}"),
        ("mean hop (ms)", f"{statistics.fmean(lat) if lat else math.inf:.1f}"),
        (
            "  relay: commit -> acked p50 / p95 (ms)",
            f"{first.p(first.relay, 50):.1f} / {first.p(first.relay, 95):.1f}",
        ),
        (
            "  consumer: acked -> applied p50 / p95 (ms)",
            f"{first.p(first.consumer, 50):.1f} / {first.p(first.consumer, 95):.1f}",
        ),
        ("receiver process CPU per event (ms)", f"{first.receiver_cpu_ms_per_event:.2f}"),
        ("sender process CPU per event: writes + relay (ms)", f"{first.sender_cpu_ms_per_event:.2f}"),
        (
            "database transactions per event: sender / receiver",
            f"{first.transactions_per_event['sender']:.2f} / {first.transactions_per_event['receiver']:.2f}",
        ),
    ]
    width = max(len(name) for name, _ in rows)
    print(f"| {'event hop (commit -> consumer commit)':<{width}} | value |")
    print(f"| {'-' * width} | ----- |")
    for name, value in rows:
        print(f"| {name:<{width}} | {value} |")
    if len(steps) < 2:
        return
    print()
    header = (
        "offered (events/s)",
        "achieved",
        "applied",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        f"kept up (p95 <= {bound_ms:.0f} ms)",
    )
    print("| " + " | ".join(header) + " |")
    print("|" + " --- |" * len(header))
    for step in sorted(steps, key=lambda step: step.rate):
        why = step.verdict(bound_ms)
        kept = "yes" if step.offered_fully() else f"yes, at the {step.achieved:.0f}/s the sender offered"
        cells = (
            f"{step.rate}",
            f"{step.achieved:.0f}",
            f"{step.delivered}/{step.sent}",
            *(f"{step.p(step.hops, q):.1f}" for q in (50, 95, 99)),
            kept if not why else f"no: {why}",
        )
        print("| " + " | ".join(cells) + " |")
    if saturation is None:
        print(f"\nsaturation rate: below {min(s.rate for s in steps)} events/s")
    else:
        print(f"\nsaturation rate: {saturation} events/s (limited by the {limited_by})")


def saturation_of(steps: list[Step], bound_ms: float) -> tuple[int | None, str]:
    """The highest rate achieved that the receiver kept up with, and what stopped the stepping: the
    relay or the consumer (the longer part of the hop at the rate that broke the bound), the sender
    (it could not offer more), or the highest step tried."""
    kept = [step for step in steps if not step.verdict(bound_ms)]
    broken = [step for step in steps if step.verdict(bound_ms)]
    if broken:
        # The longer part of the hop at the lowest rate that broke the bound.
        at = min(broken, key=lambda step: step.rate)
        limited_by = "relay" if at.p(at.relay, 95) > at.p(at.consumer, 95) else "consumer"
    elif not max(steps, key=lambda step: step.rate).offered_fully():
        limited_by = "sender"
    else:
        limited_by = "highest step tried"
    if not kept:
        return None, limited_by
    best = max(kept, key=lambda step: min(step.rate, step.achieved))
    return round(min(best.rate, best.achieved)), limited_by


async def bench(
    rate: int, seconds: int, saturation_steps: bool, bound_ms: float, drain_s: float
) -> dict[str, Any]:
    first = await run_step(rate, seconds, drain_s)
    steps = [first]
    if saturation_steps:
        step = first
        if step.verdict(bound_ms):
            # It does not even keep up at the first rate: halve until it does.
            while step.verdict(bound_ms) and step.rate // 2 >= MIN_STEP_RATE:
                step = await run_step(step.rate // 2, STEP_SECONDS, drain_s)
                steps.append(step)
        else:
            # Double while it keeps up with a fully offered rate.
            while not step.verdict(bound_ms) and step.offered_fully() and step.rate * 2 <= MAX_STEP_RATE:
                step = await run_step(step.rate * 2, STEP_SECONDS, drain_s)
                steps.append(step)
    saturation, limited_by = saturation_of(steps, bound_ms)
    if saturation_steps:
        print_table(first, steps, saturation, limited_by, bound_ms)
    else:
        print_table(first, [], None, "", bound_ms)
    drain = await drain_rate(BACKLOG) if saturation_steps else None
    if drain is not None:
        print(
            f"consumer alone, draining a backlog of {drain['events']:.0f} events: "
            f"{drain['events_per_s']:.0f} events/s, {drain['receiver_cpu_ms_per_event']:.2f} ms CPU per event"
        )
    return {
        **first.summary(bound_ms),
        "saturation_events_per_s": saturation if saturation_steps else None,
        "saturation_limited_by": limited_by if saturation_steps else None,
        "saturation_bound_ms": bound_ms,
        "steps": [step.summary(bound_ms) for step in steps],
        "drain": drain,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--role", default="sender")
    parser.add_argument("--rate", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--no-saturation", action="store_true", help="only the run at --rate")
    parser.add_argument("--bound-ms", type=float, default=250.0, help="p95 a step must stay within")
    parser.add_argument("--drain", type=float, default=30.0, help="seconds after the last send to apply all")
    parser.add_argument("--json", type=Path, help="also write the figures there")
    parser.add_argument("--url")
    parser.add_argument("--topic")
    parser.add_argument("--group")
    parser.add_argument("--expected", type=int)
    parser.add_argument("--deadline", type=float, default=300.0)
    parser.add_argument("--out")
    args = parser.parse_args()
    # The services run on uvloop under uvicorn: measure on the same event loop.
    if args.role == "receiver":
        uvloop.run(receiver(args.url, args.topic, args.group, args.expected, args.deadline, args.out))
        return
    result = uvloop.run(bench(args.rate, args.seconds, not args.no_saturation, args.bound_ms, args.drain))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
