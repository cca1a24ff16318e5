"""Recovery under faults (issue 13): kill -9, in turn, billing, telemed, the gateway, the broker and the
PostgreSQL postmaster (once with a long write in flight) under a steady load of tele-expertises
through the gateway, and print per fault how long the platform took to be ready again, how long to
drain, and what the clients saw.

The platform is one of its own (bench/isolated_platform.py), started as `make up` starts one
(deploy/local/supervise.sh: every process under supervisord) but with its own PostgreSQL cluster,
Kafka broker, ports, topics and run directory: it never touches a running platform or the test
suite's servers, and nothing restarts a killed process but supervisord. Removed at the end.

After each fault, with no manual step, it checks what must hold: every act billed or rejected
exactly once (telemed's acts against billing's decisions), every outbox drained and every consumer
group caught up, no dead letter, every /ready back with every dependency, and the clients saw only
2xx answers or 503 problems with Retry-After (plus refused connections while the gateway itself was
down). `--json FILE` writes the results (tests/chaos reads them); the exit status is 1 when any check
fails.

Usage: python bench/recovery.py [--faults billing,telemed,gateway,kafka,postgres,postgres-long-write]
                                [--workers 3] [--json FILE]
"""

import argparse
import asyncio
import contextlib
import json
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

import asyncpg
import httpx
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from gateway_calls import Client, Seen, Unexpected, one_expertise, prepared_practice
from isolated_platform import SERVICE_DATABASES, Platform, until

from gateway.sandbox_client import SandboxPractice

FAULTS = ("billing", "telemed", "gateway", "kafka", "postgres", "postgres-long-write")


def chaos_platform() -> Platform:
    """Ports and names of a platform of its own, beside `make up` (offset 0) and the e2e stack (10 000)."""
    return Platform(
        "chaos", port_offset=20_000, pg_port=25_432, kafka_port=29_092, kafka_controller_port=29_093
    )


# The supervisord program each fault kills.
PROGRAM = {
    "billing": "services:billing-service",
    "telemed": "services:telemed-service",
    "gateway": "gateway",
    "kafka": "kafka",
    "postgres": "postgres",
    "postgres-long-write": "postgres",
}
BASELINE_SECONDS = 6.0  # steady load before each fault
AFTER_READY_SECONDS = 4.0  # load once everything is ready again, before it stops and drains
READY_TIMEOUT = 150.0
DRAIN_TIMEOUT = 120.0


# --- what the clients saw -------------------------------------------------------------------------


def allowed_answer(fault: str, kind: str) -> bool:
    """What a client may see: 2xx or 503 with Retry-After; no answer at all only while the gateway
    itself is down (refused, or its connection dropped by the kill)."""
    if kind in ("2xx", "503"):
        return True
    return fault == "gateway" and (kind == "refused" or kind.startswith("dropped:"))


class Load:
    """`workers` clients requesting expertises one after the other until stopped."""

    def __init__(self, practice: SandboxPractice, workers: int) -> None:
        self.clients = [Client(practice) for _ in range(workers)]
        self.failures: list[str] = []
        self.done = 0
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        self._stop.clear()
        for client in self.clients:
            client.seen = Seen()
        self._tasks = [asyncio.create_task(self._work(client)) for client in self.clients]

    async def _work(self, client: Client) -> None:
        while not self._stop.is_set():
            try:
                await one_expertise(client, self.done)
                self.done += 1
            except Unexpected as error:
                self.failures.append(str(error))
                await asyncio.sleep(1.0)

    async def stop(self) -> Counter[str]:
        self._stop.set()
        await asyncio.gather(*self._tasks)
        total: Counter[str] = Counter()
        for client in self.clients:
            total += client.seen.answers
        return total


# --- what must hold -------------------------------------------------------------------------------


@dataclass
class Ledger:
    """Acts against billing decisions, unsent outbox rows, consumer lag and dead letters, now."""

    acts: int
    decided_acts: int  # acts with exactly one billing decision
    doubled: int  # acts with more than one decision
    orphan_decisions: int  # decisions without an act
    pending_in_telemed: int  # acts telemed still shows unbilled
    unsent_outbox: int
    lag: int
    dead_letters: int

    @property
    def drained(self) -> bool:
        return (
            self.acts == self.decided_acts
            and self.pending_in_telemed == 0
            and self.unsent_outbox == 0
            and self.lag == 0
        )


async def fetch(url: str, query: str) -> list[asyncpg.Record]:
    connection = await asyncpg.connect(url, timeout=5)
    try:
        return list(await connection.fetch(query))
    finally:
        await connection.close()


async def kafka_backlog(platform: Platform) -> tuple[int, int]:
    """(lag of every consumer group of the platform, messages in its dead-letter topics)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=platform.kafka, request_timeout_ms=5000)
    consumer = AIOKafkaConsumer(bootstrap_servers=platform.kafka, request_timeout_ms=5000)
    await admin.start()
    await consumer.start()
    try:
        topics = [name for name in await admin.list_topics() if name.startswith(f"{platform.namespace}.")]
        partitions = [
            TopicPartition(name, partition)
            for name in topics
            for partition in sorted(consumer.partitions_for_topic(name) or {0})
        ]
        ends = await consumer.end_offsets(partitions) if partitions else {}
        dead = sum(offset for tp, offset in ends.items() if tp.topic.endswith(".dlq"))
        lag = 0
        groups = [group for group, _ in await admin.list_consumer_groups()]
        for group in groups:
            if not group.startswith(platform.namespace):
                continue
            for tp, committed in (await admin.list_consumer_group_offsets(group)).items():
                lag += max(0, ends.get(tp, 0) - committed.offset)
        return lag, dead
    finally:
        await consumer.stop()
        await admin.close()


async def ledger(platform: Platform) -> Ledger:
    acts = await fetch(platform.database_url("telemed"), "SELECT act_id, billing_status FROM expertise_acts")
    decisions = await fetch(
        platform.database_url("billing"),
        "SELECT act_id, count(*) AS n FROM tele_expertise_invoices GROUP BY 1",
    )
    unsent = 0
    for name in SERVICE_DATABASES:
        rows = await fetch(
            platform.database_url(name), "SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL"
        )
        unsent += rows[0][0]
    by_act = {row["act_id"]: row["n"] for row in decisions}
    act_ids = {row["act_id"] for row in acts}
    lag, dead = await kafka_backlog(platform)
    return Ledger(
        acts=len(act_ids),
        decided_acts=sum(1 for act in act_ids if by_act.get(act) == 1),
        doubled=sum(1 for n in by_act.values() if n > 1),
        orphan_decisions=len(set(by_act) - act_ids),
        pending_in_telemed=sum(1 for row in acts if row["billing_status"] == "pending"),
        unsent_outbox=unsent,
        lag=lag,
        dead_letters=dead,
    )


# --- one fault ------------------------------------------------------------------------------------


def settled_problems(
    ready_seconds: float | None, drained_seconds: float | None, ledger: dict[str, int]
) -> list[str]:
    """What must hold once a fault is over, whatever the fault: ready, drained, every act decided
    once, no dead letter."""
    found = []
    if ready_seconds is None:
        found.append(f"not ready within {READY_TIMEOUT} s")
    if drained_seconds is None:
        found.append(f"not drained within {DRAIN_TIMEOUT} s: {ledger}")
    if ledger["doubled"] or ledger["orphan_decisions"]:
        found.append(f"acts decided twice or decisions without an act: {ledger}")
    if ledger["dead_letters"]:
        found.append(f"{ledger['dead_letters']} dead letters")
    return found


@dataclass
class FaultResult:
    fault: str
    serving_seconds: float | None  # from the kill to every /ready 200 (each process serves again)
    ready_seconds: float | None  # from the kill to every /ready?verbose dependency back
    drained_seconds: float | None  # from the kill to every act decided and nothing left to send
    answers: dict[str, int]
    expertises: int
    ledger: dict[str, int]
    client_failures: list[str]
    # The killed program runs again under another pid (supervisord restarted it).
    restarted: bool = False
    # postgres-long-write: the write was still running when the postmaster was killed.
    long_write_in_flight: bool = False

    def problems(self) -> list[str]:
        found = settled_problems(self.ready_seconds, self.drained_seconds, self.ledger)
        if unexpected := sorted(kind for kind in self.answers if not allowed_answer(self.fault, kind)):
            found.append(f"clients saw {unexpected}")
        if self.client_failures:
            found.append(f"calls given up: {self.client_failures[:3]}")
        if self.expertises == 0:
            found.append("no expertise went through")
        if not self.restarted:
            found.append("the killed program was not restarted")
        if self.fault == "postgres-long-write" and not self.long_write_in_flight:
            found.append("the long write had ended before the kill")
        return found


async def long_write(platform: Platform) -> None:
    """A write that runs for minutes, CPU-bound: its backend outlives a postmaster killed under it."""
    connection = await asyncpg.connect(platform.database_url("postgres"), timeout=5)
    try:
        await connection.execute("CREATE TABLE IF NOT EXISTS chaos_long_write (g bigint, h text)")
        await connection.execute(
            "INSERT INTO chaos_long_write SELECT g, md5(g::text) FROM generate_series(1, 50000000) g"
        )
    finally:
        with contextlib.suppress(Exception):
            await connection.close(timeout=1)


async def run_fault(platform: Platform, load: Load, fault: str, http: httpx.AsyncClient) -> FaultResult:
    done_before = load.done
    load.start()
    await asyncio.sleep(BASELINE_SECONDS)
    writer = None
    if fault == "postgres-long-write":
        writer = asyncio.create_task(long_write(platform))
        await asyncio.sleep(2.0)
    victim = await asyncio.to_thread(platform.kill, PROGRAM[fault])
    killed_at = time.monotonic()
    writing = writer is not None and not writer.done()
    # A killed server or process stops answering at once; readiness is judged from there.
    await asyncio.sleep(0.5)
    serving_at: list[float] = []

    async def ready() -> bool:
        serving, complete = await platform.readiness(http)
        if serving and not serving_at:
            serving_at.append(time.monotonic() - killed_at)
        return complete

    ready_seconds = time.monotonic() - killed_at if await until(ready, READY_TIMEOUT) else None
    successor = await asyncio.to_thread(platform.pid, PROGRAM[fault])
    if writer is not None:
        writer.cancel()
        with contextlib.suppress(BaseException):
            await writer
    await asyncio.sleep(AFTER_READY_SECONDS)
    answers = await load.stop()
    state: list[Ledger] = []

    async def drained() -> bool:
        state.append(await ledger(platform))
        return state[-1].drained

    is_drained = await until(drained, DRAIN_TIMEOUT, every=0.5)
    drained_seconds = time.monotonic() - killed_at if is_drained else None
    final = await ledger(platform)
    failures, load.failures = load.failures, []
    return FaultResult(
        fault=fault,
        serving_seconds=round(serving_at[0], 1) if serving_at else None,
        ready_seconds=round(ready_seconds, 1) if ready_seconds is not None else None,
        drained_seconds=round(drained_seconds, 1) if drained_seconds is not None else None,
        answers=dict(answers),
        expertises=load.done - done_before,
        ledger=asdict(final),
        client_failures=failures,
        restarted=successor not in (0, victim),
        long_write_in_flight=writing,
    )


# --- the run --------------------------------------------------------------------------------------


async def run(faults: list[str], workers: int) -> list[FaultResult]:
    platform = chaos_platform()
    await platform.start()
    try:
        results = []
        async with prepared_practice(platform) as practice:
            load = Load(practice, workers)
            async with httpx.AsyncClient() as http:
                for fault in faults:
                    results.append(await run_fault(platform, load, fault, http))
                    print(f"  {fault}: {table_row(results[-1])}", file=sys.stderr, flush=True)
        return results
    finally:
        await asyncio.to_thread(platform.teardown)


def table_row(result: FaultResult) -> str:
    answers = result.answers
    other = sum(n for kind, n in answers.items() if kind not in {"2xx", "503", "refused"})  # dropped too
    ledger = result.ledger
    cells = [
        result.fault,
        "—" if result.serving_seconds is None else f"{result.serving_seconds:.1f}",
        "—" if result.ready_seconds is None else f"{result.ready_seconds:.1f}",
        "—" if result.drained_seconds is None else f"{result.drained_seconds:.1f}",
        str(result.expertises),
        str(answers.get("2xx", 0)),
        str(answers.get("503", 0)),
        str(answers.get("refused", 0)),
        str(other),
        f"{ledger['decided_acts']}/{ledger['acts']}",
        str(ledger["doubled"]),
        str(ledger["dead_letters"]),
        "ok" if not result.problems() else "; ".join(result.problems()),
    ]
    return " | ".join(cells)


HEADER = (
    "fault | serving (s) | all dependencies (s) | drained (s) | expertises | 2xx | 503+Retry-After"
    " | refused | other | acts decided once | doubled | DLQ | checks"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--faults", default=",".join(FAULTS))
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    faults = [fault for fault in args.faults.split(",") if fault]
    if unknown := set(faults) - set(FAULTS):
        parser.error(f"unknown faults: {sorted(unknown)}")
    started = time.monotonic()
    results = asyncio.run(run(faults, args.workers))
    print(f"\nRecovery under kill -9, {args.workers} clients ({time.monotonic() - started:.0f} s in all)\n")
    print(f"| {HEADER} |")
    print("|" + "---|" * len(HEADER.split(" | ")))
    for result in results:
        print(f"| {table_row(result)} |")
    if args.json:
        args.json.write_text(json.dumps([asdict(result) for result in results], indent=1))
    sys.exit(1 if any(result.problems() for result in results) else 0)


if __name__ == "__main__":
    main()
