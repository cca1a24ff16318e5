"""The dashboards and alerts against a real Prometheus (issue 14): after the e2e scenario (an earlier
module of this directory) has gone through the test stack, a Prometheus started by the project's own
script scrapes it (the six admin ports, the broker's JMX exporter agent, a PostgreSQL exporter), and
every panel query of the committed dashboards must evaluate and return series, every alert
expression must evaluate, and every scrape target must be up.
"""

import asyncio
import importlib.util
import os
import re
import shutil
import subprocess
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

ROOT = Path(__file__).resolve().parents[2]
OFFSET = int(os.environ.get("DENTALINK_PORT_OFFSET", "0"))
PROMETHEUS = f"http://127.0.0.1:{9090 + OFFSET}"
RUN = Path(os.environ.get("DENTALINK_RUN", ROOT / ".run"))


def load(path: Path) -> ModuleType:
    """A module of deploy/ or tests/ by its path (neither is a package)."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def script(name: str, action: str) -> None:
    subprocess.run(["bash", str(ROOT / "deploy/local" / name), action], check=True, timeout=180)


async def query(http: httpx.AsyncClient, expr: str) -> dict[str, Any]:
    answer = await http.get(f"{PROMETHEUS}/api/v1/query", params={"query": expr})
    body: dict[str, Any] = answer.json()
    return body


def evaluated_at(group: dict[str, Any]) -> datetime:
    """When Prometheus last evaluated a rule group (RFC 3339, nanoseconds cut to microseconds)."""
    stamp = re.sub(r"(\.\d{6})\d*", r"\1", group["lastEvaluation"]).replace("Z", "+00:00")
    return datetime.fromisoformat(stamp)


@pytest.fixture(scope="module")
async def prometheus() -> AsyncIterator[httpx.AsyncClient]:
    """Prometheus and the PostgreSQL exporter on the e2e stack's offset, until every target is up, has
    been scraped a few times (rates need two samples in their window) and every rule group has been
    evaluated once (the recording rules the SLO panels read)."""
    assert OFFSET, "the e2e stack's own ports (root conftest), never make up's Prometheus"
    await asyncio.to_thread(script, "prometheus.sh", "stop")
    # A fresh time series database: only this run's samples can make a panel non-empty.
    await asyncio.to_thread(shutil.rmtree, RUN / f"prometheus-{OFFSET}", True)
    await asyncio.to_thread(script, "postgres_exporter.sh", "start")
    await asyncio.to_thread(script, "prometheus.sh", "start")
    try:
        async with httpx.AsyncClient(timeout=10.0) as http:
            for _ in range(120):
                targets = (await http.get(f"{PROMETHEUS}/api/v1/targets")).json()["data"]["activeTargets"]
                if targets and all(target["health"] == "up" for target in targets):
                    break
                await asyncio.sleep(1)
            await asyncio.sleep(12)  # at 5 s scrapes: three samples of every series
            # Then one evaluation of every rule group over those samples (the SLO group runs each
            # minute; an evaluation at start-up, on one sample, records nothing).
            sampled = datetime.now(UTC)
            for _ in range(150):
                groups = (await http.get(f"{PROMETHEUS}/api/v1/rules")).json()["data"]["groups"]
                if groups and all(evaluated_at(group) > sampled for group in groups):
                    break
                await asyncio.sleep(1)
            yield http
    finally:
        await asyncio.to_thread(script, "prometheus.sh", "stop")
        await asyncio.to_thread(script, "postgres_exporter.sh", "stop")


async def test_every_scrape_target_is_up(prometheus: httpx.AsyncClient) -> None:
    targets = (await prometheus.get(f"{PROMETHEUS}/api/v1/targets")).json()["data"]["activeTargets"]
    jobs = {target["labels"]["job"]: target["health"] for target in targets}
    expected = {"gateway", "ins-service", "vitale-service", "dmp-service", "telemed-service"}
    assert expected | {"billing-service", "kafka", "postgres", "prometheus"} <= set(jobs)
    assert {job: health for job, health in jobs.items() if health != "up"} == {}


async def test_every_dashboard_panel_query_evaluates_and_returns_series(
    prometheus: httpx.AsyncClient,
) -> None:
    panels = load(ROOT / "deploy/grafana/queries.py").panel_queries()
    assert len(panels) > 40
    failed, empty = [], []
    for uid, title, expr in panels:
        answer = await query(prometheus, expr)
        if answer.get("status") != "success":
            failed.append((uid, title, answer.get("error")))
        elif not answer["data"]["result"]:
            empty.append((uid, title, expr))
    assert failed == [], failed
    assert empty == [], "panels with no data after the scenario:\n" + "\n".join(map(str, empty))


async def test_every_alert_expression_evaluates(prometheus: httpx.AsyncClient) -> None:
    alerts = load(ROOT / "tests/deploy/alert_rules.py").alert_expressions()
    assert len(alerts) > 10
    failed = []
    for name, expr in alerts:
        answer = await query(prometheus, expr)
        if answer.get("status") != "success":
            failed.append((name, answer.get("error")))
    assert failed == [], failed
    # The rules Prometheus loaded are those of the repository, all healthy.
    groups = (await prometheus.get(f"{PROMETHEUS}/api/v1/rules")).json()["data"]["groups"]
    loaded = {
        rule["name"]: rule["health"]
        for group in groups
        for rule in group["rules"]
        if rule["type"] == "alerting"
    }
    assert {name for name, _ in alerts} <= set(loaded)
    assert {name: health for name, health in loaded.items() if health not in ("ok", "unknown")} == {}
