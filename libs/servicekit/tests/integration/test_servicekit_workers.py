"""A process of two workers (WEB_CONCURRENCY=2, real uvicorn processes): they migrate one fresh
database together, both serve the process's port, each serves its metrics on an admin slot of its
own, the events they publish through the outbox and consume in one consumer group are each handled
once, split between them; and a worker killed is replaced by one that takes its slot.

The process is `servicekit.probe:workers_app` (sends pings on POST /v1/pings, consumes them, notes
which worker handled each), on its own database and topic, in the test run's topic namespace.
"""

import asyncio
import contextlib
import os
import re
import signal
import socket
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from servicekit.testing import database_connection, eventually, fresh_database, unique_group

pytestmark = pytest.mark.integration

WORKERS = 2


def free_ports(count: int) -> list[int]:
    """`count` consecutive ports nothing listens on now (slot k of the admin ports is base + k)."""
    for _ in range(100):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            base: int = probe.getsockname()[1]
        if base + count > 65535:
            continue
        try:
            with contextlib.ExitStack() as held:
                for port in range(base, base + count):
                    sock = held.enter_context(socket.socket())
                    sock.bind(("127.0.0.1", port))
            return list(range(base, base + count))
        except OSError:
            continue
    raise RuntimeError("no consecutive free ports")


@dataclass
class Process:
    """The uvicorn process of two workers, its public port and its workers' admin ports."""

    url: str
    admin_urls: list[str]
    database_url: str
    log: Path

    async def workers(self, rounds: int = 20) -> dict[int, str]:
        """Name (`worker_name`) by pid of the workers that answered `rounds` bursts of requests on
        new connections."""
        seen: dict[int, str] = {}
        for _ in range(rounds):
            # No keep-alive: every request is a new connection, accepted by whichever worker takes it.
            limits = httpx.Limits(max_keepalive_connections=0)
            async with httpx.AsyncClient(base_url=self.url, limits=limits) as http:
                answers = await asyncio.gather(*(http.get("/v1/worker") for _ in range(16)))
            seen |= {answer.json()["pid"]: answer.json()["name"] for answer in answers}
            if len(seen) == WORKERS:
                break
        return seen

    async def handled(self) -> dict[str, tuple[int, int]]:
        """(times handled, handling worker's pid) of every ping received."""
        async with database_connection(self.database_url) as connection:
            rows = await connection.fetch("SELECT ping_id, times, handled_by FROM received")
        return {row["ping_id"]: (row["times"], row["handled_by"]) for row in rows}


@pytest.fixture
async def process(tmp_path: Path) -> AsyncIterator[Process]:
    run = unique_group("workers")
    public, *_ = free_ports(1)
    admin_ports = free_ports(WORKERS)
    log = tmp_path / "workers.log"
    async with fresh_database("workers") as url:
        inherited = {
            name: value
            for name, value in os.environ.items()
            if not name.startswith(("SERVICE_", "OTEL_")) and name != "WEB_CONCURRENCY"
        }
        env = inherited | {
            "PROBE_RUN": run,
            "WEB_CONCURRENCY": str(WORKERS),
            "SERVICE_DATABASE_URL": url,
            "SERVICE_ADMIN_PORT": str(admin_ports[0]),
            "SERVICE_ADMIN_SLOT_STRIDE": "1",
            "SERVICE_CONSUMER_GROUP_SUFFIX": f"-{run}",
            "SERVICE_LOG_LEVEL": "WARNING",
        }
        command = [
            sys.executable, "-m", "uvicorn", "--factory", "servicekit.probe:workers_app",
            "--host", "127.0.0.1", "--port", str(public), "--workers", str(WORKERS), "--no-access-log",
        ]  # fmt: skip
        with log.open("w") as output:
            server = await asyncio.create_subprocess_exec(
                *command, env=env, stdout=output, stderr=asyncio.subprocess.STDOUT
            )
        process = Process(
            url=f"http://127.0.0.1:{public}",
            admin_urls=[f"http://127.0.0.1:{port}" for port in admin_ports],
            database_url=url,
            log=log,
        )
        try:
            await every_slot_ready(process, server)
            yield process
        finally:
            server.send_signal(signal.SIGTERM)  # uvicorn's parent stops its workers
            try:
                await asyncio.wait_for(server.wait(), 60)
            except TimeoutError:
                server.kill()
                await server.wait()


async def every_slot_ready(process: Process, server: asyncio.subprocess.Process) -> None:
    async def ready() -> None:
        assert server.returncode is None, f"the process exited: {process.log.read_text()[-3000:]}"
        async with httpx.AsyncClient() as http:
            for admin in process.admin_urls:
                try:
                    answer = await http.get(f"{admin}/ready")
                except httpx.TransportError as error:
                    raise AssertionError(f"{admin} not answering") from error
                assert answer.status_code == 200, answer.text

    await eventually(ready, timeout=120, interval=0.5)


async def send_pings(process: Process, ids: list[str]) -> None:
    async with httpx.AsyncClient(base_url=process.url) as http:
        for ping_id in ids:
            # Keys spread over the topic's partitions, so both members of the group get some.
            key = f"pk_{abs(hash(ping_id)) % 16**32:032x}"
            answer = await http.post("/v1/pings", json={"ping_id": ping_id, "key": key})
            assert answer.status_code == 201, answer.text


async def every_ping_handled_once_by_both(process: Process, prefix: str, workers: set[int]) -> set[str]:
    """Sends pings in batches until both workers handled some; every ping sent is handled once."""
    sent: list[str] = []

    async def handled_once_by_both() -> None:
        batch = [f"{prefix}-{len(sent) + n}" for n in range(10)]
        await send_pings(process, batch)
        sent.extend(batch)

        async def all_handled() -> None:
            handled = await process.handled()
            assert set(sent) <= set(handled), f"{len(set(sent) - set(handled))} pings not handled yet"

        await eventually(all_handled, timeout=60, interval=0.2)
        handled = await process.handled()
        assert {handled[ping][1] for ping in sent} == workers, "one worker handled them all so far"

    await eventually(handled_once_by_both, timeout=180, interval=0.1)
    handled = await process.handled()
    assert {ping: handled[ping][0] for ping in sent} == dict.fromkeys(sent, 1)
    return set(sent)


async def test_two_workers_serve_one_port_each_with_its_metrics_and_handle_each_event_once(
    process: Process,
) -> None:
    workers = await process.workers()
    assert sorted(workers.values()) == ["probe-w0", "probe-w1"], "a single worker answered every connection"

    metrics: list[str] = []
    async with httpx.AsyncClient() as http:
        for admin in process.admin_urls:
            response = await http.get(f"{admin}/metrics")
            assert response.status_code == 200
            metrics.append(response.text)
            assert (await http.get(f"{admin}/ready")).json()["checks"] == {"database": True}
    # Both run an outbox relay, one publishes: it alone reports the database's outbox backlog.
    assert all("dentalink_outbox_relay_active" in text for text in metrics)
    assert sum(bool(re.search(r"dentalink_outbox_relay_active\{[^}]*\} 1\.0", text)) for text in metrics) == 1
    assert sum("dentalink_outbox_backlog" in text for text in metrics) == 1

    sent = await every_ping_handled_once_by_both(process, "ping", set(workers))
    assert len(sent) >= 10
    async with database_connection(process.database_url) as connection:
        # Two workers migrated one fresh database at once: each revision was applied once.
        assert await connection.fetchval("SELECT version_num FROM alembic_version") == "0002"


async def test_a_worker_killed_is_replaced_by_one_that_takes_its_admin_slot(process: Process) -> None:
    before = await process.workers()
    assert len(before) == WORKERS
    victim = min(before)
    os.kill(victim, signal.SIGKILL)  # a worker of the process this test started

    async def replaced() -> None:
        assert victim not in await process.workers(rounds=5)
        async with httpx.AsyncClient() as http:
            for admin in process.admin_urls:
                try:
                    answer = await http.get(f"{admin}/metrics")
                except httpx.TransportError as error:
                    raise AssertionError(f"{admin} not answering") from error
                assert answer.status_code == 200

    await eventually(replaced, timeout=120, interval=0.5)
    after = await process.workers()
    assert len(after) == WORKERS and victim not in after
    # The replacement took the dead worker's slot, so its name: the other worker kept its own.
    assert sorted(after.values()) == sorted(before.values())
    survivor = next(pid for pid in before if pid != victim)
    assert after[survivor] == before[survivor]

    # The group rebalances around the new member; events are still handled once each.
    await every_ping_handled_once_by_both(process, "after", set(after))
