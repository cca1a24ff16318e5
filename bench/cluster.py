"""Cluster mode under faults (issue 17): the platform of `make up-cluster` — a 3-node Kafka KRaft
cluster (topics of 6 partitions, replication 3, min.insync.replicas 2), two replicas of every service
and gateway, nginx balancing over them (deploy/local/edge.sh) — under a steady load of tele-expertises
through the edge, while in turn:

- `broker`: one Kafka node of three is killed (-9): producers go on (acks=all with 2 replicas in sync);
- `billing-replica`: one billing replica is killed (-9): its partitions move to the other;
- `rolling-restart`: every service and gateway replica is restarted (SIGTERM, drain, start): replica 1
  of every process, all back to /ready, then replica 2;

and after each, with no manual step: every act decided (billed or rejected) exactly once, every outbox
drained and consumer group caught up, no dead letter, every replica ready, and clients saw only 2xx
answers or 503 problems with Retry-After (which they retry with the same Idempotency-Key) and gave up
no call. Then `rate-limit`: one client limited to 60/minute calling both gateways (not through the
edge) gets 60 calls through in all, the rest 429 — the gateways share their counters (Redis).

The platform is one of its own (bench/isolated_platform.py, supervised as `make up` runs one, own
PostgreSQL, Kafka cluster, ports, topics), removed at the end; supervisord restarts what was killed.
`--json FILE` writes the results (tests/cluster reads them); the exit status is 1 when a check fails.

Usage: python bench/cluster.py [--faults broker,billing-replica,rolling-restart] [--workers 3] [--json FILE]
"""

import argparse
import asyncio
import json
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import httpx
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
from gateway_calls import kind_of, prepared_practice
from isolated_platform import Platform, until
from recovery import DRAIN_TIMEOUT, READY_TIMEOUT, Ledger, Load, ledger, settled_problems

from gateway.sandbox_client import SandboxPractice

FAULTS = ("broker", "billing-replica", "rolling-restart")
VICTIM = {"broker": "kafka-2", "billing-replica": "services:billing-service-1"}
BASELINE_SECONDS = 5.0  # steady load before each fault
AFTER_SECONDS = 4.0  # load once everything is ready again
RATE_LIMIT = 60  # per minute, for the shared-counters check
RATE_LIMIT_CALLS = 100  # over both gateways, well within the minute


def cluster_platform() -> Platform:
    """Ports apart from `make up` (0), the e2e stack (10 000) and the chaos (20 000), and below the
    kernel's ephemeral range (32768+): a listening port there may already be some outgoing
    connection's local port (seen: an admin port taken, a replica restarting for ever)."""
    return Platform(
        "cluster", port_offset=12_000, pg_port=22_432, kafka_port=22_092, kafka_nodes=3, replicas=2
    )


@dataclass
class FaultResult:
    fault: str
    ready_seconds: float | None  # from the fault to every replica's /ready?verbose all back
    drained_seconds: float | None
    answers: dict[str, int]
    expertises: int
    ledger: dict[str, int]
    client_failures: list[str]
    restarted: list[str] = field(default_factory=list)  # what was killed or restarted, and came back

    def problems(self) -> list[str]:
        found = settled_problems(self.ready_seconds, self.drained_seconds, self.ledger)
        if unexpected := sorted(kind for kind in self.answers if kind not in ("2xx", "503")):
            found.append(f"clients saw {unexpected}")
        if self.client_failures:
            found.append(f"calls given up: {self.client_failures[:3]}")
        if self.expertises == 0:
            found.append("no expertise went through")
        if not self.restarted:
            found.append("nothing was killed or restarted")
        return found


async def kill(platform: Platform, program: str) -> list[str]:
    victim = await asyncio.to_thread(platform.kill, program)
    await asyncio.sleep(0.5)

    async def restarted() -> bool:
        return (await asyncio.to_thread(platform.pid, program)) not in (0, victim)

    return [program] if await until(restarted, READY_TIMEOUT) else []


async def rolling_restart(platform: Platform, http: httpx.AsyncClient) -> list[str]:
    """Replica 1 of every process at once (each process's replica 2 serves meanwhile), every one ready
    again, then replica 2: as a rolling update of each Deployment, the Deployments side by side."""
    done: list[str] = []
    waves: dict[str, dict[str, int]] = {}
    for name, port in platform.instances().items():
        waves.setdefault(name.rsplit("-", 1)[1], {})[name] = port
    for wave in waves.values():

        async def restart_and_wait(name: str, port: int) -> str | None:
            await asyncio.to_thread(platform.restart, platform.program(name))

            async def ready() -> bool:
                return (await http.get(f"http://127.0.0.1:{port}/ready", timeout=2.0)).status_code == 200

            return name if await until(ready, READY_TIMEOUT) else None

        restarted = await asyncio.gather(*(restart_and_wait(name, port) for name, port in wave.items()))
        done += [name for name in restarted if name is not None]
    return done


async def run_fault(platform: Platform, load: Load, fault: str, http: httpx.AsyncClient) -> FaultResult:
    done_before = load.done
    load.start()
    await asyncio.sleep(BASELINE_SECONDS)
    started = time.monotonic()
    if fault == "rolling-restart":
        restarted = await rolling_restart(platform, http)
    else:
        restarted = await kill(platform, VICTIM[fault])

    async def ready() -> bool:
        return (await platform.readiness(http))[1]

    ready_seconds = time.monotonic() - started if await until(ready, READY_TIMEOUT) else None
    await asyncio.sleep(AFTER_SECONDS)
    answers = await load.stop()
    state: list[Ledger] = []

    async def drained() -> bool:
        state.append(await ledger(platform))
        return state[-1].drained

    drained_seconds = time.monotonic() - started if await until(drained, DRAIN_TIMEOUT, every=0.5) else None
    failures, load.failures = load.failures, []
    return FaultResult(
        fault=fault,
        ready_seconds=None if ready_seconds is None else round(ready_seconds, 1),
        drained_seconds=None if drained_seconds is None else round(drained_seconds, 1),
        answers=dict(answers),
        expertises=load.done - done_before,
        ledger=asdict(await ledger(platform)),
        client_failures=failures,
        restarted=restarted,
    )


@dataclass
class RateLimitResult:
    limit: int
    calls: int
    answers: dict[str, int]
    gateways: int

    def problems(self) -> list[str]:
        accepted = self.answers.get("2xx", 0)
        found = []
        if abs(accepted - self.limit) > 2:
            found.append(f"{accepted} calls accepted for a limit of {self.limit} a minute")
        if set(self.answers) - {"2xx", "429 rate-limited"}:
            found.append(f"answers other than 2xx and 429: {self.answers}")
        return found


async def shared_rate_limit(platform: Platform) -> RateLimitResult:
    """One client limited to RATE_LIMIT a minute, its calls alternating between the two gateways."""
    gateways = [port for name, port in platform.instances().items() if name.startswith("gateway")]
    async with SandboxPractice.open(
        platform.gateway_url(),
        database_url=platform.database_url("gateway").replace("postgresql:", "postgresql+asyncpg:"),
        rate_limit=f"{RATE_LIMIT}/minute",
        roster={},  # no member added through the API: every call the client makes here is counted below
    ) as practice:
        headers = await practice.headers()
        answers: Counter[str] = Counter()
        async with httpx.AsyncClient(timeout=10.0) as http:
            for call in range(RATE_LIMIT_CALLS):
                port = gateways[call % len(gateways)]
                answer = await http.get(f"http://127.0.0.1:{port}/v1/identities?limit=1", headers=headers)
                answers[kind_of(answer)] += 1
    return RateLimitResult(RATE_LIMIT, RATE_LIMIT_CALLS, dict(answers), len(gateways))


async def topic_layouts(platform: Platform) -> dict[str, list[int | str | None]]:
    """Per topic of the platform: [partitions, replication factor, min.insync.replicas], as the cluster
    says (the services made them from their settings; the brokers create nothing on their own)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=platform.kafka, request_timeout_ms=10_000)
    await admin.start()
    try:
        ours = f"{platform.namespace}."
        names = sorted(name for name in await admin.list_topics() if name.startswith(ours))
        layouts: dict[str, list[int | str | None]] = {}
        for described in await admin.describe_topics(names):
            partitions = described["partitions"]
            factors = {len(partition["replicas"]) for partition in partitions}
            layouts[described["topic"]] = [len(partitions), max(factors) if len(factors) == 1 else -1, None]
        wanted = {"min.insync.replicas": None}
        resources = [ConfigResource(ConfigResourceType.TOPIC, name, wanted) for name in names]
        for response in await admin.describe_configs(resources):
            for _code, _message, _type, name, entries in response.resources:
                for entry in entries:
                    if entry[0] == "min.insync.replicas":
                        layouts[name][2] = entry[1]
        return layouts
    finally:
        await admin.close()


async def run(
    faults: list[str], workers: int
) -> tuple[dict[str, list[int | str | None]], list[FaultResult], RateLimitResult]:
    platform = cluster_platform()
    await platform.start()
    try:
        layouts = await topic_layouts(platform)
        results = []
        async with prepared_practice(platform) as practice, httpx.AsyncClient() as http:
            load = Load(practice, workers)
            for fault in faults:
                results.append(await run_fault(platform, load, fault, http))
                print(f"  {fault}: {table_row(results[-1])}", file=sys.stderr, flush=True)
        return layouts, results, await shared_rate_limit(platform)
    finally:
        await asyncio.to_thread(platform.teardown)


HEADER = (
    "fault | ready (s) | drained (s) | expertises | 2xx | 503+Retry-After | other | acts decided once"
    " | doubled | DLQ | checks"
)


def table_row(result: FaultResult) -> str:
    other = sum(n for kind, n in result.answers.items() if kind not in ("2xx", "503"))
    cells = [
        result.fault,
        "—" if result.ready_seconds is None else f"{result.ready_seconds:.1f}",
        "—" if result.drained_seconds is None else f"{result.drained_seconds:.1f}",
        str(result.expertises),
        str(result.answers.get("2xx", 0)),
        str(result.answers.get("503", 0)),
        str(other),
        f"{result.ledger['decided_acts']}/{result.ledger['acts']}",
        str(result.ledger["doubled"]),
        str(result.ledger["dead_letters"]),
        "ok" if not result.problems() else "; ".join(result.problems()),
    ]
    return " | ".join(cells)


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
    layouts, results, limited = asyncio.run(run(faults, args.workers))
    print(
        f"\nCluster mode under faults, {args.workers} clients ({time.monotonic() - started:.0f} s in all)\n"
    )
    print(f"| {HEADER} |")
    print("|" + "---|" * len(HEADER.split(" | ")))
    for result in results:
        print(f"| {table_row(result)} |")
    shapes = Counter(f"{p} partitions × {r} replicas, min ISR {i}" for p, r, i in layouts.values())
    print(f"\nTopics ({len(layouts)}): {dict(shapes)}")
    verdict = "; ".join(limited.problems()) or "ok"
    print(
        f"\nShared rate limit: {limited.calls} calls over {limited.gateways} gateways,"
        f" limit {limited.limit}/minute → {limited.answers} ({verdict})"
    )
    if args.json:
        report = {
            "topics": layouts,
            "faults": [asdict(result) for result in results],
            "rate_limit": asdict(limited),
        }
        args.json.write_text(json.dumps(report, indent=1))
    wrong_topics = [name for name, layout in layouts.items() if layout != [6, 3, "2"]]
    failed = any(result.problems() for result in results) or limited.problems() or wrong_topics
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
