"""Scaling (issue 17): throughput of the e2e write path — a tele-expertise requested, accepted and
reported through the gateway, its two acts billed — with 1 and with 2 replicas of every process, on
the same 3-node Kafka cluster, and each process's share of the CPU while it runs.

Each configuration is a platform of its own (bench/isolated_platform.py, supervised as `make
up-cluster` runs one; with 2 replicas nginx balances over them), started, loaded by `--clients`
concurrent clients for `--seconds` after a warm-up, then removed. On this 2-core machine the ceiling
is the CPU: the table says where it goes (a share of 1.0 is one core busy all along; `machine` is
every process's, this bench and the brokers included).

Usage: python bench/scaling.py [--replicas 1,2] [--clients 8] [--seconds 40] [--json FILE]
"""

import argparse
import asyncio
import json
import sys
import time
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path

from cpu_meter import CpuMeter, shares
from gateway_calls import prepared_practice
from isolated_platform import PROCESSES, Platform
from recovery import Load

WARM_UP_SECONDS = 8.0


@dataclass
class Scaling:
    replicas: int
    clients: int
    seconds: float
    expertises_per_second: float
    calls_per_second: float
    failures: int
    cpu: dict[str, float]  # share of one core per process (replicas summed), plus brokers and machine


def scaling_platform(replicas: int) -> Platform:
    """Ports apart from every other platform (make up 0, e2e 10 000, cluster 12 000, chaos 20 000),
    below the kernel's ephemeral range (32768+), where an outgoing connection may hold a port."""
    return Platform(
        f"scaling-{replicas}",
        port_offset=15_000,
        pg_port=26_432,
        kafka_port=26_092,
        kafka_nodes=3,
        replicas=replicas,
    )


def roots(platform: Platform) -> dict[str, int]:
    """Every supervised program's pid, by program name (kafka-1, billing-service-2, edge…)."""
    programs = ["postgres", "kafka-1", "kafka-2", "kafka-3", *map(platform.program, platform.instances())]
    if platform.replicas > 1:
        programs.append("edge")
    return {program.split(":")[-1]: platform.pid(program) for program in programs}


def by_process(cpu: dict[str, float]) -> dict[str, float]:
    """Replicas summed under their process's name; brokers summed as `kafka`."""
    summed: defaultdict[str, float] = defaultdict(float)
    for name, share in cpu.items():
        process = next((p for p in PROCESSES if name == p or name.startswith(f"{p}-")), None)
        summed[process or ("kafka" if name.startswith("kafka-") else name)] += share
    return {name: round(share, 2) for name, share in summed.items() if name not in ("wrk", "cpu_wait")}


async def measure(replicas: int, clients: int, seconds: float) -> Scaling:
    platform = scaling_platform(replicas)
    await platform.start()
    try:
        async with prepared_practice(platform) as practice:
            load = Load(practice, clients)
            load.start()
            await asyncio.sleep(WARM_UP_SECONDS)
            meter = CpuMeter(await asyncio.to_thread(roots, platform))
            done_before, before, started = load.done, meter.sample(), time.monotonic()
            await asyncio.sleep(seconds)
            done, after, wall = load.done - done_before, meter.sample(), time.monotonic() - started
            answers = await load.stop()
        return Scaling(
            replicas=replicas,
            clients=clients,
            seconds=round(wall, 1),
            expertises_per_second=round(done / wall, 2),
            calls_per_second=round(3 * done / wall, 1),
            failures=len(load.failures) + sum(n for kind, n in answers.items() if kind != "2xx"),
            cpu=by_process(shares(before, after, wall)),
        )
    finally:
        await asyncio.to_thread(platform.teardown)


def table(results: list[Scaling]) -> str:
    names = sorted({name for result in results for name in result.cpu} - {"machine", "bench"})
    header = ["replicas", "expertises/s", "calls/s", "failed", *names, "bench", "machine"]
    lines = [f"| {' | '.join(header)} |", "|" + "---|" * len(header)]
    for result in results:
        cells = [
            str(result.replicas),
            f"{result.expertises_per_second:.2f}",
            f"{result.calls_per_second:.1f}",
        ]
        cells.append(str(result.failures))
        cells += [f"{result.cpu.get(name, 0.0):.2f}" for name in [*names, "bench", "machine"]]
        lines.append(f"| {' | '.join(cells)} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", default="1,2")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=40.0)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    results = []
    for replicas in (int(value) for value in args.replicas.split(",")):
        results.append(asyncio.run(measure(replicas, args.clients, args.seconds)))
        print(f"  {replicas} replica(s): {asdict(results[-1])}", file=sys.stderr, flush=True)
    print(f"\nThe e2e write path on a 3-node Kafka cluster, {args.clients} clients, CPU in cores\n")
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps([asdict(result) for result in results], indent=1))


if __name__ == "__main__":
    main()
