"""`make up` under supervisord (issue 13): the configuration deploy/local/supervise.sh writes, as the
locked supervisor parses it, and the log rotation of the processes started without supervisord.

Nothing is started: the processes themselves are exercised by hand and by the chaos suite.
"""

import os
import subprocess
from pathlib import Path

import pytest
from supervisor.datatypes import RestartUnconditionally
from supervisor.options import ServerOptions

ROOT = Path(__file__).resolve().parents[2]
LOCAL = ROOT / "deploy/local"


def local_env(tmp_path: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DENTALINK_RUN": str(tmp_path / "run"),
        "DENTALINK_CACHE": str(tmp_path / "cache"),
    }


@pytest.fixture
def config(tmp_path: Path) -> ServerOptions:
    written = subprocess.run(
        ["bash", str(LOCAL / "supervise.sh"), "config", "1", "1"],
        env=local_env(tmp_path),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    (tmp_path / "run/supervisor").mkdir(parents=True)
    path = tmp_path / "run/supervisor/supervisord.conf"
    path.write_text(written)
    options = ServerOptions()
    options.realize(args=["-c", str(path)])
    return options


def test_every_process_is_a_program_restarted_whenever_it_exits(config):
    groups = {group.name: group for group in config.process_group_configs}
    assert set(groups) == {
        "postgres", "kafka", "services", "gateway", "prometheus", "postgres-exporter", "jaeger",
    }  # fmt: skip
    names = {process.name for group in groups.values() for process in group.process_configs}
    assert names == {
        "postgres", "kafka", "gateway",
        "ins-service", "vitale-service", "dmp-service", "telemed-service", "billing-service",
        "webhook-service", "prometheus", "postgres-exporter", "jaeger",
    }  # fmt: skip
    for group in groups.values():
        for process in group.process_configs:
            assert process.autorestart is RestartUnconditionally, process.name
            assert process.startretries >= 30, "a long back-off before giving up"
            assert process.killasgroup, process.name


def test_logs_are_appended_and_rotated_under_run_logs(config, tmp_path):
    for group in config.process_group_configs:
        for process in group.process_configs:
            assert process.stdout_logfile == str(tmp_path / f"run/logs/{process.name}.log")
            assert process.redirect_stderr
            assert process.stdout_logfile_maxbytes > 0
            assert process.stdout_logfile_backups > 0
    assert config.logfile == str(tmp_path / "run/logs/supervisord.log")


def test_the_gateway_stops_first_and_postgresql_last(config):
    priority = {group.name: group.priority for group in config.process_group_configs}
    assert priority["postgres"] < priority["kafka"] < priority["services"] < priority["gateway"]
    # Prometheus sees every other program come and go; the exporter goes before its server.
    assert priority["prometheus"] < priority["postgres"] < priority["postgres-exporter"]
    assert priority["jaeger"] < priority["services"], "spans of a process's start are not lost"
    postgres = next(group for group in config.process_group_configs if group.name == "postgres")
    assert postgres.process_configs[0].stopsignal.name == "SIGINT", "PostgreSQL's fast shutdown"


def rotate(tmp_path: Path, script: str) -> None:
    command = f'source "{LOCAL / "common.sh"}"; LOG_MAX_BYTES=100; {script}'
    subprocess.run(["bash", "-c", command], env=local_env(tmp_path), check=True, timeout=30)


def test_a_log_is_rotated_by_size_never_truncated(tmp_path):
    log = tmp_path / "gateway.log"
    log.write_text("x" * 150)
    (tmp_path / "gateway.log.1").write_text("older")

    rotate(tmp_path, f'rotate_log "{log}"')

    assert not log.exists(), "the next start appends to a fresh file"
    assert (tmp_path / "gateway.log.1").read_text() == "x" * 150
    assert (tmp_path / "gateway.log.2").read_text() == "older"


def test_a_small_log_is_kept_as_it_is(tmp_path):
    log = tmp_path / "gateway.log"
    log.write_text("crash evidence\n")

    rotate(tmp_path, f'rotate_log "{log}"; echo restarted >> "{log}"')

    assert log.read_text() == "crash evidence\nrestarted\n"
    assert not (tmp_path / "gateway.log.1").exists()
