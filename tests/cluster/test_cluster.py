"""Cluster mode (issue 17): bench/cluster.py runs the platform of `make up-cluster` — a 3-node Kafka
KRaft cluster, two replicas of every service and gateway, nginx balancing over them — on ports,
PostgreSQL, topics and a run directory of its own (removed afterwards), and under a steady load of
tele-expertises through the edge kills one broker (-9), kills one billing replica (-9), then restarts
every replica in turn; then one client limited to 60 a minute calls both gateways.

What must hold: topics as the settings make them (6 partitions, 3 replicas, min.insync.replicas 2);
after each fault every act decided exactly once, everything drained, no dead letter, every replica
ready again; clients saw 2xx or 503 problems with Retry-After only and gave up no call; and the two
gateways let 60 ± 2 of the client's calls through in all. The results table is printed (-s or on
failure).
"""

from typing import Any

import pytest

from servicekit.testing import run_bench

FAULTS = ["broker", "billing-replica", "rolling-restart"]

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]


@pytest.fixture(scope="module")
def cluster_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    results = tmp_path_factory.mktemp("cluster") / "cluster.json"
    faults = ",".join(FAULTS)
    found: dict[str, Any] = run_bench("cluster.py", "--faults", faults, json_file=results, timeout=840)
    return found


def by_fault(cluster_run: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {result["fault"]: result for result in cluster_run["faults"]}


def test_topics_are_made_from_the_settings_not_by_the_brokers(cluster_run: dict[str, Any]) -> None:
    topics = cluster_run["topics"]
    assert any(name.endswith(".dlq") for name in topics) and len(topics) >= 10
    assert {name: layout for name, layout in topics.items() if layout != [6, 3, "2"]} == {}


def test_every_fault_ran_under_load_and_what_went_came_back(cluster_run: dict[str, Any]) -> None:
    assert [result["fault"] for result in cluster_run["faults"]] == FAULTS
    faults = by_fault(cluster_run)
    assert faults["broker"]["restarted"] == ["kafka-2"]
    assert faults["billing-replica"]["restarted"] == ["services:billing-service-1"]
    assert len(faults["rolling-restart"]["restarted"]) == 14  # 7 processes × 2 replicas
    for result in cluster_run["faults"]:
        assert result["expertises"] > 0, result["fault"]
        assert result["ready_seconds"] is not None, result["fault"]


@pytest.mark.parametrize("fault", FAULTS)
def test_every_act_is_decided_exactly_once(cluster_run: dict[str, Any], fault: str) -> None:
    ledger = by_fault(cluster_run)[fault]["ledger"]
    assert ledger["acts"] > 0
    assert ledger["decided_acts"] == ledger["acts"], ledger
    assert ledger["doubled"] == 0 and ledger["orphan_decisions"] == 0, ledger
    assert ledger["dead_letters"] == 0 and ledger["unsent_outbox"] == 0 and ledger["lag"] == 0, ledger


@pytest.mark.parametrize("fault", FAULTS)
def test_no_request_failed(cluster_run: dict[str, Any], fault: str) -> None:
    result = by_fault(cluster_run)[fault]
    assert result["client_failures"] == []
    assert set(result["answers"]) <= {"2xx", "503"}, result["answers"]


def test_two_gateways_share_one_clients_rate_limit(cluster_run: dict[str, Any]) -> None:
    limited = cluster_run["rate_limit"]
    assert limited["gateways"] == 2
    assert abs(limited["answers"].get("2xx", 0) - limited["limit"]) <= 2, limited
    assert limited["answers"].get("429 rate-limited", 0) == limited["calls"] - limited["answers"]["2xx"]
