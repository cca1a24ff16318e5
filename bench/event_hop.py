"""Event hop benchmark (issue 2): producer transaction commit -> consumer effect commit, across processes.

The sender process writes one state row and its outbox event per transaction at a fixed rate; the
relay publishes them (woken by LISTEN/NOTIFY). A separate receiver process consumes them with the
idempotent consumer and writes its effect. Each hop is measured from the wall-clock instant the
sender's commit returned to the instant the receiver's effect transaction committed.

Usage: python bench/event_hop.py [--rate 200] [--seconds 20]   (needs `make infra`)
"""

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any, ClassVar

import uvloop
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from dentalink_contracts.envelope import Envelope
from dentalink_contracts.events.base import DomainEvent
from servicekit.consumer import EventConsumer, Subscription
from servicekit.db import Database
from servicekit.kafka import ensure_topics, idempotent_producer
from servicekit.migrations import upgrade_to_head
from servicekit.outbox import OutboxRelay, publish
from servicekit.testing import fresh_database, kafka_bootstrap

MIGRATIONS = Path(__file__).parent / "event_hop_migrations"


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


class StampingConsumer(EventConsumer[None]):
    """Records, per hop, the instant its effect transaction committed (the handler returns after commit)."""

    commits: ClassVar[dict[int, float]] = {}

    async def _handle_with_retries(self, envelope: Envelope, subscription: Subscription[None]) -> str | None:
        result = await super()._handle_with_retries(envelope, subscription)
        self.commits[int(envelope.data["hop_id"])] = time.time()
        return result


async def receiver(url: str, topic: str, group: str, expected: int, out: str) -> None:
    database = Database(url)
    producer = idempotent_producer(kafka_bootstrap(), "bench-receiver")
    await producer.start()
    consumer = StampingConsumer(
        group,
        [Subscription(hop_class(topic), record_effect)],
        context=None,
        database=database,
        bootstrap_servers=kafka_bootstrap(),
        producer=producer,
    )
    await consumer.start()
    print("ready", flush=True)
    deadline = time.monotonic() + 300
    while len(StampingConsumer.commits) < expected and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
    await consumer.stop()
    await producer.stop()
    await database.close()
    Path(out).write_text(json.dumps(StampingConsumer.commits))


async def sender(rate: int, seconds: int) -> dict[str, Any]:
    topic = f"bench.hop-{uuid.uuid4().hex[:8]}.v1"
    hop = hop_class(topic)
    total = rate * seconds
    await ensure_topics(kafka_bootstrap(), [topic])
    async with fresh_database("bench_sender") as sender_url, fresh_database("bench_receiver") as receiver_url:
        await upgrade_to_head(MIGRATIONS, sender_url)
        await upgrade_to_head(MIGRATIONS, receiver_url)
        out = f"/tmp/dentalink-bench-{uuid.uuid4().hex[:6]}.json"
        child = subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--role",
                "receiver",
                "--url",
                receiver_url,
                "--topic",
                topic,
                "--group",
                f"bench-{uuid.uuid4().hex[:6]}",
                "--expected",
                str(total),
                "--out",
                out,
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        await asyncio.to_thread(child.stdout.readline)  # "ready"
        database = Database(sender_url)
        producer = idempotent_producer(kafka_bootstrap(), "bench-sender")
        await producer.start()
        relay = OutboxRelay(database, producer, service="bench-sender")
        await relay.start()
        await asyncio.sleep(2)  # let the receiver's group assignment settle
        committed: dict[int, float] = {}
        started = time.monotonic()

        async def one(hop_id: int) -> None:
            async with database.transaction() as session:
                await session.execute(text("INSERT INTO hop_state (hop_id) VALUES (:id)"), {"id": hop_id})
                await publish(session, hop(hop_id=hop_id), key=f"pk_{hop_id % 64:032x}", source="/bench")
            committed[hop_id] = time.time()

        tasks = []
        for hop_id in range(total):
            target = started + hop_id / rate
            delay = target - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(hop_id)))
        await asyncio.gather(*tasks)
        achieved = total / (time.monotonic() - started)
        await asyncio.to_thread(child.wait, 300)
        await relay.stop()
        await producer.stop()
        await database.close()
        effects = {int(k): v for k, v in json.loads(Path(out).read_text()).items()}
        os.unlink(out)
    latencies = sorted((effects[i] - committed[i]) * 1000 for i in committed if i in effects)
    return {"rate": rate, "achieved": achieved, "sent": total, "delivered": len(latencies), "lat": latencies}


def percentile(values: list[float], p: float) -> float:
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def print_table(result: dict[str, Any]) -> None:
    lat = result["lat"]
    rows = [
        ("target rate (events/s)", f"{result['rate']}"),
        ("achieved rate (events/s)", f"{result['achieved']:.1f}"),
        ("events sent / delivered", f"{result['sent']} / {result['delivered']}"),
        ("p50 hop (ms)", f"{percentile(lat, 50):.1f}"),
        ("p95 hop (ms)  [target <= 50]", f"{percentile(lat, 95):.1f}"),
        ("p99 hop (ms)  [target <= 150]", f"{percentile(lat, 99):.1f}"),
        ("max hop (ms)", f"{max(lat):.1f}"),
        ("mean hop (ms)", f"{statistics.fmean(lat):.1f}"),
    ]
    width = max(len(name) for name, _ in rows)
    print(f"| {'event hop (commit -> consumer commit)':<{width}} | value |")
    print(f"| {'-' * width} | ----- |")
    for name, value in rows:
        print(f"| {name:<{width}} | {value} |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--role", default="sender")
    parser.add_argument("--rate", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--url")
    parser.add_argument("--topic")
    parser.add_argument("--group")
    parser.add_argument("--expected", type=int)
    parser.add_argument("--out")
    args = parser.parse_args()
    # The services run on uvloop under uvicorn: measure on the same event loop.
    if args.role == "receiver":
        uvloop.run(receiver(args.url, args.topic, args.group, args.expected, args.out))
        return
    print_table(uvloop.run(sender(args.rate, args.seconds)))


if __name__ == "__main__":
    main()
