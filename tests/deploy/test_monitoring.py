"""Prometheus under `make up` and beside the e2e stack (issue 14): the scrape configuration that
deploy/local/prometheus.sh generates from its one list of targets, and the Kafka agent's rules.

Nothing is started: the running Prometheus, exporters and agent are exercised by hand (`prometheus.sh
check`) and by the tests that query a live Prometheus.
"""

import os
import subprocess
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
LOCAL = ROOT / "deploy/local"
PROCESSES = {"gateway": 8000, "ins-service": 8101, "vitale-service": 8102, "dmp-service": 8103,
             "telemed-service": 8104, "billing-service": 8105, "webhook-service": 8106}  # fmt: skip


def script(tmp_path: Path, *args: str, **env: str) -> str:
    base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DENTALINK_RUN": str(tmp_path / "run")}
    return subprocess.run(
        ["bash", str(LOCAL / args[0]), *args[1:]],
        env=base | env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout


def scrape_jobs(config: dict[str, Any]) -> dict[str, list[str]]:
    return {job["job_name"]: job["static_configs"][0]["targets"] for job in config["scrape_configs"]}


def test_every_process_serves_its_metrics_on_its_port_plus_1000(tmp_path):
    listed = dict(line.split() for line in script(tmp_path, "stack.sh", "metrics-targets").splitlines())
    assert {name: int(port) for name, port in listed.items()} == {
        name: port + 1000 for name, port in PROCESSES.items()
    }


def test_each_worker_of_a_process_serves_its_metrics_on_a_slot_of_its_own_all_scraped(tmp_path):
    # WEB_CONCURRENCY for every process, INS_WEB_CONCURRENCY for ins-service alone; slot k of a
    # process is its admin port + 10 k.
    config = yaml.safe_load(script(tmp_path, "prometheus.sh", "config", WEB_CONCURRENCY="2",
                                   INS_WEB_CONCURRENCY="3", DENTALINK_JAEGER="0"))  # fmt: skip

    jobs = scrape_jobs(config)
    assert jobs["ins-service"] == ["127.0.0.1:9101", "127.0.0.1:9111", "127.0.0.1:9121"]
    assert jobs["gateway"] == ["127.0.0.1:9000", "127.0.0.1:9010"]
    assert jobs["billing-service"] == ["127.0.0.1:9105", "127.0.0.1:9115"]
    assert jobs["postgres"] == ["127.0.0.1:9187"]


def test_the_e2e_stack_prometheus_scrapes_its_processes_and_the_broker_it_uses(tmp_path):
    # Offset 10000 moves the processes, the exporter and Prometheus; the broker is `make infra`'s on
    # 9092, whose agent answers on 9404.
    config = yaml.safe_load(script(tmp_path, "prometheus.sh", "config", DENTALINK_PORT_OFFSET="10000",
                                   DENTALINK_JAEGER="0"))  # fmt: skip

    assert config["global"]["scrape_interval"] == "5s"
    assert config["rule_files"] == [str(ROOT / "deploy/prometheus/rules/*.yml")]
    assert scrape_jobs(config) == {
        **{name: [f"127.0.0.1:{port + 11000}"] for name, port in PROCESSES.items()},
        "kafka": ["127.0.0.1:9404"],
        "postgres": ["127.0.0.1:19187"],
        "prometheus": ["127.0.0.1:19090"],
    }


def test_the_broker_agent_follows_the_broker_port_and_jaeger_is_scraped_when_there(tmp_path):
    config = yaml.safe_load(script(tmp_path, "prometheus.sh", "config", DENTALINK_PORT_OFFSET="30000",
                                   DENTALINK_KAFKA_PORT="39092", DENTALINK_JAEGER="1"))  # fmt: skip

    jobs = scrape_jobs(config)
    assert jobs["kafka"] == ["127.0.0.1:39404"]
    assert jobs["jaeger"] == ["127.0.0.1:44269"]


def test_an_external_broker_has_no_agent_of_ours_to_scrape(tmp_path):
    config = yaml.safe_load(script(tmp_path, "prometheus.sh", "config", KAFKA_BOOTSTRAP_SERVERS="kafka:9092"))

    assert "kafka" not in scrape_jobs(config)


def test_promtool_accepts_the_generated_configuration(tmp_path, promtool):
    path = tmp_path / "prometheus.yml"
    path.write_text(script(tmp_path, "prometheus.sh", "config"))

    subprocess.run([promtool, "check", "config", "--syntax-only", str(path)], check=True, timeout=30)


def test_the_broker_agent_exports_the_partitions_an_alert_watches():
    rules = yaml.safe_load((LOCAL / "kafka/jmx-exporter.yaml").read_text())
    names = {rule["name"] for rule in rules["rules"]}

    assert {
        "kafka_server_replica_manager_under_replicated_partitions",
        "kafka_controller_offline_partitions_count",
        "kafka_controller_active_controller_count",
        "kafka_server_topic_messages_in_total",
        "kafka_network_requests_total",
        "kafka_network_request_total_time_seconds",
    } <= names
    assert all(
        name.startswith(("kafka_server_", "kafka_controller_", "kafka_network_", "kafka_log_"))
        for name in names
    )
