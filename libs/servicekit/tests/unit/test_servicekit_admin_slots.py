"""Admin slots of a process of several workers: one port per worker, the first free one taken, a
dead worker's slot (and name) taken by the worker started in its place."""

import socket
from pathlib import Path

import pytest

from servicekit import ServiceSettings, ServiceSpec, create_app
from servicekit.admin import AdminSlot, AdminSlotsTaken, claim_admin_slot, hold, worker_name, worker_slot
from servicekit.app import WorkersNeedAdminPortError


def free_pair() -> int:
    """A port whose next one is free too."""
    for _ in range(100):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            base: int = probe.getsockname()[1]
        try:
            with socket.socket() as following:
                following.bind(("127.0.0.1", base + 1))
            return base
        except OSError:
            continue
    raise RuntimeError("no two consecutive free ports")


async def test_each_worker_takes_the_first_free_slot_and_a_dead_ones_slot_is_taken_again() -> None:
    base = free_pair()
    ports = [base, base + 1]
    first = await claim_admin_slot("127.0.0.1", ports)
    second = await claim_admin_slot("127.0.0.1", ports)
    try:
        assert (first.index, first.port, second.index, second.port) == (0, base, 1, base + 1)
        assert first.workers == second.workers == 2
        with pytest.raises(AdminSlotsTaken):
            await claim_admin_slot("127.0.0.1", ports, wait_seconds=0)
        first.socket.close()  # the worker of slot 0 dies: the kernel frees its port
        replacement = await claim_admin_slot("127.0.0.1", ports, wait_seconds=0)
        assert (replacement.index, replacement.port) == (0, base)
        replacement.socket.close()
    finally:
        first.socket.close()
        second.socket.close()


async def test_a_workers_name_carries_its_slot_only_among_several() -> None:
    base = free_pair()
    alone = await claim_admin_slot("127.0.0.1", [base])
    first = await claim_admin_slot("127.0.0.1", [base + 1, base])
    try:
        assert worker_name("gw-1") == "gw-1"  # no slot held: a process not started by servicekit
        hold(alone)
        assert worker_name("gw-1") == "gw-1"  # the only worker of its process
        hold(first)
        assert worker_slot() == 0 and worker_name("gw-1") == "gw-1-w0"
        hold(AdminSlot(index=1, workers=2, socket=first.socket))
        assert worker_name("gw-1") == "gw-1-w1"
    finally:
        hold(None)
        alone.socket.close()
        first.socket.close()


def test_one_admin_port_per_worker_slot(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    assert ServiceSettings(admin_port=9101).admin_ports() == [9101]
    assert ServiceSettings().admin_ports() == []
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    assert ServiceSettings(admin_port=9101, admin_slot_stride=10).admin_ports() == [9101, 9111, 9121]
    # The process's own setting wins over the platform-wide variable.
    assert ServiceSettings(admin_port=9000, web_concurrency=2).admin_ports() == [9000, 9001]


def test_several_workers_without_an_admin_port_are_refused() -> None:
    spec = ServiceSpec(
        settings=ServiceSettings(service_name="probe-workers", web_concurrency=2),
        title="probe",
        description="test",
        routers=[],
        migrations_dir=Path("."),
        context=lambda kit: kit,
    )
    with pytest.raises(WorkersNeedAdminPortError, match="2 workers"):
        create_app(spec)
