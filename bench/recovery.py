"""Recovery under faults (issue 13): kill -9, in turn, billing, telemed, the gateway, the broker and the
PostgreSQL postmaster (once with a long write in flight) under a steady load of tele-expertises
through the gateway, and print per fault how long the platform took to be ready again, how long to
drain, and what the clients saw.

The platform is one of its own, started as `make up` starts one (deploy/local/supervise.sh: every
process under supervisord) but with its own PostgreSQL cluster, Kafka broker, ports, topics and run
directory: it never touches a running platform or the test suite's servers, and nothing restarts a
killed process but supervisord. Removed at the end.

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
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from gateway.adapters.psc_sandbox import sandbox_professional
from gateway.sandbox_client import SandboxPractice
from servicekit.testing import SANDBOX_PATIENT, SANDBOX_TYPED_TRAITS

ROOT = Path(__file__).resolve().parents[1]
LOCAL = ROOT / "deploy/local"
FAULTS = ("billing", "telemed", "gateway", "kafka", "postgres", "postgres-long-write")
# Ports and names of a platform of its own, beside `make up` (offset 0) and the e2e stack (10 000).
PORT_OFFSET = 20_000
PG_PORT = 25_432
KAFKA_PORT = 29_092
KAFKA_CONTROLLER_PORT = 29_093
PROCESSES = {
    "gateway": 8000,
    "ins-service": 8101,
    "vitale-service": 8102,
    "dmp-service": 8103,
    "telemed-service": 8104,
    "billing-service": 8105,
}
SERVICE_DATABASES = ("ins", "vitale", "dmp", "telemed", "billing")
# The supervisord program each fault kills.
PROGRAM = {
    "billing": "services:billing-service",
    "telemed": "services:telemed-service",
    "gateway": "gateway",
    "kafka": "kafka",
    "postgres": "postgres",
    "postgres-long-write": "postgres",
}
# The sandbox patient, and the scenario's two dentists (tests/e2e/test_e2e_scenario.py).
PATIENT, TRAITS = SANDBOX_PATIENT, SANDBOX_TYPED_TRAITS
REQUERANT, REQUIS = "ehpad-dentist", "dentist-known"
BASELINE_SECONDS = 6.0  # steady load before each fault
AFTER_READY_SECONDS = 4.0  # load once everything is ready again, before it stops and drains
READY_TIMEOUT = 150.0
DRAIN_TIMEOUT = 120.0
CALL_DEADLINE = 120.0


# --- the platform ---------------------------------------------------------------------------------


class Platform:
    """A supervised platform of its own: its run directory, PostgreSQL cluster, broker and ports."""

    def __init__(self) -> None:
        self.run_dir = ROOT / ".run/chaos"
        self.namespace = f"chaos-{uuid.uuid4().hex[:8]}"
        digest = hashlib.sha1(str(ROOT).encode()).hexdigest()[:12]
        # As root PostgreSQL runs as `postgres`, which may not enter the checkout (postgres.sh).
        self.pg_home = (
            Path(f"/var/lib/postgresql/dentalink/chaos-{digest}")
            if os.geteuid() == 0
            else self.run_dir / "postgres"
        )

    def env(self) -> dict[str, str]:
        mine = ("DENTALINK_", "INS_", "VITALE_", "DMP_", "TELEMED_", "BILLING_", "GATEWAY_", "OTEL_")
        env = {name: value for name, value in os.environ.items() if not name.startswith(mine)}
        return env | {
            "DENTALINK_RUN": str(self.run_dir),
            "DENTALINK_PG_HOME": str(self.pg_home),
            "DENTALINK_PG_PORT": str(PG_PORT),
            "DENTALINK_PG_MANAGED": "1",
            "DATABASE_URL": f"postgresql+asyncpg://dentalink:dentalink@127.0.0.1:{PG_PORT}/postgres",
            "DENTALINK_KAFKA_PORT": str(KAFKA_PORT),
            "DENTALINK_KAFKA_CONTROLLER_PORT": str(KAFKA_CONTROLLER_PORT),
            "DENTALINK_KAFKA_MANAGED": "1",
            "KAFKA_BOOTSTRAP_SERVERS": f"127.0.0.1:{KAFKA_PORT}",
            "DENTALINK_PORT_OFFSET": str(PORT_OFFSET),
            "DENTALINK_TOPIC_NAMESPACE": self.namespace,
            # Prometheus, its exporters and Jaeger are not what is measured here: CPU for the faults.
            "DENTALINK_MONITORING": "0",
            "DENTALINK_JAEGER": "0",
            "DENTALINK_KAFKA_METRICS": "0",
        }

    def script(self, *args: str, timeout: float = 300) -> str:
        done = subprocess.run(
            ["bash", *args], env=self.env(), capture_output=True, text=True, timeout=timeout, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}):\n{done.stderr[-4000:]}")
        return done.stdout

    async def start(self) -> None:
        await asyncio.to_thread(self.teardown)  # what an interrupted run left
        await asyncio.to_thread(self.script, str(LOCAL / "supervise.sh"), "up")

    def teardown(self) -> None:
        with contextlib.suppress(Exception):
            self.script(str(LOCAL / "supervise.sh"), "down", timeout=300)
        with contextlib.suppress(Exception):
            self.script(str(LOCAL / "stack.sh"), "stop")
        with contextlib.suppress(Exception):
            self.script(str(LOCAL / "kafka.sh"), "stop")
        with contextlib.suppress(Exception):
            self.script(str(LOCAL / "postgres.sh"), "purge")
        subprocess.run(["rm", "-rf", str(self.run_dir), str(self.pg_home)], check=False)

    def pid(self, program: str) -> int:
        ctl = [str(ROOT / ".venv/bin/supervisorctl"), "-c", str(self.run_dir / "supervisor/supervisord.conf")]
        answer = subprocess.run(
            [*ctl, "pid", program], capture_output=True, text=True, check=False, timeout=30
        )
        return int(answer.stdout.strip())

    def gateway_url(self) -> str:
        return f"http://127.0.0.1:{PROCESSES['gateway'] + PORT_OFFSET}"

    def database_url(self, name: str) -> str:
        return f"postgresql://dentalink:dentalink@127.0.0.1:{PG_PORT}/{name}"

    @property
    def kafka(self) -> str:
        return f"127.0.0.1:{KAFKA_PORT}"


async def readiness(http: httpx.AsyncClient) -> tuple[bool, bool]:
    """(every process answers /ready 200, and every /ready?verbose also says each dependency is back)."""
    serving = complete = True
    for port in PROCESSES.values():
        try:
            answer = await http.get(f"http://127.0.0.1:{port + PORT_OFFSET}/ready?verbose", timeout=2.0)
        except httpx.HTTPError:
            return False, False
        serving = serving and answer.status_code == 200
        complete = complete and serving and all(answer.json().get("dependencies", {}).values())
    return serving, complete


# --- what the clients saw -------------------------------------------------------------------------


@dataclass
class Seen:
    """The answers of one phase, by kind: `2xx`, `503` (a problem with Retry-After), `refused`
    (no connection to the gateway) and anything else by status and problem type."""

    answers: Counter[str] = field(default_factory=Counter)

    def record(self, kind: str) -> None:
        self.answers[kind] += 1


def allowed_answer(fault: str, kind: str) -> bool:
    """What a client may see: 2xx or 503 with Retry-After; no answer at all only while the gateway
    itself is down (refused, or its connection dropped by the kill)."""
    if kind in ("2xx", "503"):
        return True
    return fault == "gateway" and (kind == "refused" or kind.startswith("dropped:"))


class Unexpected(Exception):
    """An answer a client must never get, whatever the fault."""


def kind_of(answer: httpx.Response) -> str:
    if answer.is_success:
        return "2xx"
    problem = "problem+json" in answer.headers.get("content-type", "")
    kind = answer.json().get("type", "").rsplit("/", 1)[-1] if problem else "not-a-problem"
    retry_after = answer.headers.get("retry-after", "")
    if answer.status_code == 503 and problem and retry_after.isdigit():
        return "503"
    return f"{answer.status_code} {kind}{'' if retry_after else ' (no Retry-After)'}"


class Client:
    """A dental software's calls through the gateway: a POST carries one Idempotency-Key across its
    retries; a 503 or a refused connection is retried after Retry-After (or half a second)."""

    def __init__(self, practice: SandboxPractice) -> None:
        self.practice = practice
        self.seen = Seen()

    async def post(self, path: str, body: Any, who: str, wanted: int) -> Any:
        key = str(uuid.uuid4())
        deadline = time.monotonic() + CALL_DEADLINE
        while True:
            try:
                headers = await self.practice.headers(who, idempotency_key=key)
                answer = await self.practice.http.post(path, json=body, headers=headers)
            except httpx.HTTPStatusError as error:  # the token calls raise for status
                answer = error.response
            except httpx.TransportError as error:
                # No answer: refused (no connection) or dropped (the connection broke), by its kind.
                connected = not isinstance(error, httpx.ConnectError)
                self.seen.record(f"dropped:{type(error).__name__}" if connected else "refused")
                if time.monotonic() > deadline:
                    raise Unexpected(f"POST {path}: no connection for {CALL_DEADLINE} s") from None
                await asyncio.sleep(0.5)
                continue
            kind = kind_of(answer)
            self.seen.record(kind)
            if kind == "2xx" and answer.status_code == wanted:
                return answer.json()
            if kind != "503" or time.monotonic() > deadline:
                raise Unexpected(f"POST {path}: {kind}")
            await asyncio.sleep(min(float(answer.headers["retry-after"]), 5.0))


REPORT = {
    "text": "Blessure muqueuse par la prothèse : retouche à prévoir.",
    "acts": ["Retouche de prothèse amovible"],
    "prescriptions": [],
}


async def one_expertise(client: Client, number: int) -> None:
    """Request, accept and answer one tele-expertise: two acts (RQD, TE2) to bill."""
    request = {
        "patient": PATIENT,
        "situation": "ehpad_resident",
        "requis": {"rpps": sandbox_professional(REQUIS).rpps, "profession": "dentist"},
        "reasons": f"Douleur sous prothèse, résidente d'EHPAD (demande {number}).",
    }
    created = await client.post("/v1/tele-expertises", request, REQUERANT, 201)
    base = f"/v1/tele-expertises/{created['id']}"
    await client.post(f"{base}/acceptance", {}, REQUIS, 200)
    await client.post(f"{base}/report", REPORT, REQUIS, 200)


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
        found = []
        if self.ready_seconds is None:
            found.append(f"not ready within {READY_TIMEOUT} s")
        if self.drained_seconds is None:
            found.append(f"not drained within {DRAIN_TIMEOUT} s: {self.ledger}")
        if self.ledger["doubled"] or self.ledger["orphan_decisions"]:
            found.append(f"acts decided twice or decisions without an act: {self.ledger}")
        if self.ledger["dead_letters"]:
            found.append(f"{self.ledger['dead_letters']} dead letters")
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


async def until(check: Callable[[], Awaitable[bool]], timeout: float, every: float = 0.25) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            if await check():
                return True
        await asyncio.sleep(every)
    return False


async def run_fault(platform: Platform, load: Load, fault: str, http: httpx.AsyncClient) -> FaultResult:
    done_before = load.done
    load.start()
    await asyncio.sleep(BASELINE_SECONDS)
    writer = None
    if fault == "postgres-long-write":
        writer = asyncio.create_task(long_write(platform))
        await asyncio.sleep(2.0)
    victim = await asyncio.to_thread(platform.pid, PROGRAM[fault])
    if victim <= 1:  # os.kill(0, ...) would hit this very process group
        raise RuntimeError(f"supervisord gives no pid for {PROGRAM[fault]}")
    killed_at = time.monotonic()
    os.kill(victim, signal.SIGKILL)
    writing = writer is not None and not writer.done()
    # A killed server or process stops answering at once; readiness is judged from there.
    await asyncio.sleep(0.5)
    serving_at: list[float] = []

    async def ready() -> bool:
        serving, complete = await readiness(http)
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


@contextlib.asynccontextmanager
async def prepared_practice(platform: Platform) -> AsyncIterator[SandboxPractice]:
    """A practice whose patient is qualified (QUAL) and known to telemed, with its care relationship."""
    async with SandboxPractice.open(
        platform.gateway_url(),
        database_url=platform.database_url("gateway").replace("postgresql:", "postgresql+asyncpg:"),
        rate_limit="100000/minute",
    ) as practice:
        setup = Client(practice)
        identity = await setup.post("/v1/identities", TRAITS, "dentist", 201)
        url = f"/v1/identities/{identity['id']}"
        await setup.post(f"{url}/insi-lookups", {"method": "traits"}, "dentist", 200)
        await setup.post(f"{url}/document-checks", {"document": "passport"}, "dentist", 200)
        relationship = {
            "patient": PATIENT,
            "dentist_rpps": sandbox_professional(REQUIS).rpps,
            "kind": "entry_checkup",
        }
        await setup.post("/v1/care-relationships", relationship, REQUERANT, 201)

        async def telemed_knows_the_patient() -> bool:
            await one_expertise(setup, 0)
            return True

        if not await until(telemed_knows_the_patient, 60, every=0.5):
            raise RuntimeError("telemed never learnt of the qualified patient")
        yield practice


async def run(faults: list[str], workers: int) -> list[FaultResult]:
    platform = Platform()
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
