"""deploy/local/pg_recover.sh: a PostgreSQL data directory whose postmaster died (kill -9) is made
startable again (issue 13), on a fake data directory with fake `postgres` processes.

A postmaster killed with -9 leaves its backends running and its postmaster.pid behind, and a new one
then refuses to start ("pre-existing shared memory block … is still in use"). pg_recover finds that
cluster's processes by their working directory and executable name, stops them (SIGQUIT, then SIGKILL)
and removes the stale pid file; it touches nothing while a live postmaster owns the directory, and no
process of another directory or another program.
"""

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "deploy/local/pg_recover.sh"


@pytest.fixture
def spawned() -> Iterator[list[subprocess.Popen[bytes]]]:
    processes: list[subprocess.Popen[bytes]] = []
    yield processes
    for process in processes:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


@pytest.fixture
def fake_postgres(tmp_path: Path) -> Path:
    """`sleep` under the name `postgres`: a backend that quits on SIGQUIT like a real one."""
    (tmp_path / "bin").mkdir()
    binary = tmp_path / "bin" / "postgres"
    shutil.copy(shutil.which("sleep") or "/bin/sleep", binary)
    return binary


@pytest.fixture
def stubborn_postgres(tmp_path: Path) -> Path:
    """`bash` under the name `postgres`, for a backend that ignores SIGQUIT (busy in a long write)."""
    (tmp_path / "stubborn").mkdir()
    binary = tmp_path / "stubborn" / "postgres"
    shutil.copy(shutil.which("bash") or "/bin/bash", binary)
    return binary


def data_dir(tmp_path: Path, name: str = "pgdata") -> Path:
    directory = tmp_path / name
    directory.mkdir()
    return directory


def dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def write_pid_file(data: Path, pid: int) -> Path:
    pid_file = data / "postmaster.pid"
    pid_file.write_text(f"{pid}\n{data}\n1700000000\n5432\n/tmp\n127.0.0.1\n  5432001      3\nready   \n")
    return pid_file


def spawn(spawned: list[subprocess.Popen[bytes]], argv: list[str], cwd: Path) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(argv, cwd=cwd)
    spawned.append(process)
    return process


def wait_running(process: subprocess.Popen[bytes], exe_name: str) -> None:
    """Until the process has exec'd (its /proc exe is the binary asked for)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            if Path(f"/proc/{process.pid}/exe").resolve().name == exe_name:
                return
        except OSError:
            pass
        time.sleep(0.05)
    raise AssertionError(f"process {process.pid} did not start")


def write_socket_lock(sockets: Path, port: int, pid: int) -> Path:
    lock = sockets / f".s.PGSQL.{port}.lock"
    lock.write_text(f"{pid}\n{sockets.parent / 'pgdata'}\n1700000000\n{port}\n{sockets}\n")
    return lock


def recover(data: Path, sockets: Path | None = None) -> subprocess.CompletedProcess[str]:
    command = f'set -euo pipefail; source "{SCRIPT}"; rc=0; pg_recover "$@" || rc=$?; exit $rc'
    return subprocess.run(
        ["bash", "-c", command, "pg_recover", str(data), *([str(sockets)] if sockets else [])],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "PG_RECOVER_GRACE": "1"},
    )


def test_a_dead_postmasters_backends_are_stopped_and_its_pid_file_removed(
    tmp_path, spawned, fake_postgres, stubborn_postgres
):
    data = data_dir(tmp_path)
    sockets = data_dir(tmp_path, "socket")
    other_cluster = data_dir(tmp_path, "other-pgdata")
    pid_file = write_pid_file(data, dead_pid())
    stale_lock = write_socket_lock(sockets, 5432, dead_pid())
    os.mkfifo(tmp_path / "fifo")  # the stubborn backend blocks on it
    backend = spawn(spawned, [str(fake_postgres), "300"], data)
    busy_backend = spawn(
        spawned,
        [str(stubborn_postgres), "-c", f"trap '' QUIT TERM; read -r -t 300 <> {tmp_path / 'fifo'}"],
        data,
    )
    shell_in_data_dir = spawn(spawned, ["sleep", "300"], data)
    other_clusters_backend = spawn(spawned, [str(fake_postgres), "300"], other_cluster)
    for process, name in [
        (backend, "postgres"),
        (busy_backend, "postgres"),
        (shell_in_data_dir, "sleep"),
        (other_clusters_backend, "postgres"),
    ]:
        wait_running(process, name)

    other_clusters_lock = write_socket_lock(sockets, 5433, other_clusters_backend.pid)

    started = time.monotonic()
    result = recover(data, sockets)

    assert result.returncode == 0, result.stderr
    assert backend.wait(timeout=5) == -3  # SIGQUIT
    assert busy_backend.wait(timeout=5) == -9  # SIGKILL after the grace period
    assert time.monotonic() - started < 10
    assert not pid_file.exists()
    assert not stale_lock.exists()
    assert other_clusters_lock.exists(), "a live postgres's socket lock: left alone"
    assert shell_in_data_dir.poll() is None, "not a postgres executable: left alone"
    assert other_clusters_backend.poll() is None, "another data directory: left alone"
    assert "stopping them" in result.stderr
    assert "removing the stale" in result.stderr


def test_a_killed_postmaster_not_yet_reaped_counts_as_gone(tmp_path, spawned, fake_postgres):
    """PostgreSQL's own check (kill(pid, 0)) takes a zombie for a live postmaster and refuses to start."""
    data = data_dir(tmp_path)
    sockets = data_dir(tmp_path, "socket")
    postmaster = spawn(spawned, [str(fake_postgres), "300"], data)
    wait_running(postmaster, "postgres")
    pid_file = write_pid_file(data, postmaster.pid)
    lock = write_socket_lock(sockets, 5432, postmaster.pid)
    postmaster.kill()  # not waited for: a zombie until the fixture reaps it
    deadline = time.monotonic() + 5
    while Path(f"/proc/{postmaster.pid}/stat").read_text().rsplit(") ", 1)[1][0] != "Z":
        assert time.monotonic() < deadline
        time.sleep(0.05)

    result = recover(data, sockets)

    assert result.returncode == 0, result.stderr
    assert not pid_file.exists()
    assert not lock.exists()


def test_a_live_postmaster_is_left_alone(tmp_path, spawned, fake_postgres):
    data = data_dir(tmp_path)
    postmaster = spawn(spawned, [str(fake_postgres), "300"], data)
    wait_running(postmaster, "postgres")
    pid_file = write_pid_file(data, postmaster.pid)
    sockets = data_dir(tmp_path, "socket")
    lock = write_socket_lock(sockets, 5432, postmaster.pid)

    result = recover(data, sockets)

    assert result.returncode == 3, result.stderr
    assert pid_file.exists()
    assert lock.exists()
    assert postmaster.poll() is None


def test_a_pid_file_naming_a_reused_pid_is_removed_without_touching_that_process(tmp_path, spawned):
    data = data_dir(tmp_path)
    elsewhere = data_dir(tmp_path, "elsewhere")
    unrelated = spawn(spawned, ["sleep", "300"], elsewhere)
    wait_running(unrelated, "sleep")
    pid_file = write_pid_file(data, unrelated.pid)

    result = recover(data)

    assert result.returncode == 0, result.stderr
    assert not pid_file.exists()
    assert unrelated.poll() is None


def test_a_cleanly_stopped_cluster_is_untouched(tmp_path):
    data = data_dir(tmp_path)
    (data / "PG_VERSION").write_text("15\n")

    result = recover(data)

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert (data / "PG_VERSION").exists()
