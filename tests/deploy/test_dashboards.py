"""The Grafana dashboards as code (deploy/grafana, issue 14), checked without Grafana: the committed JSON
is what the generator produces, every panel is complete (title, description, unit, a query), uids are
unique, every query is valid PromQL once its variables are substituted, and names only metrics that
something of the platform exports (a light lint: a renamed metric leaves an empty panel otherwise).

The live test (a real Prometheus after the e2e scenario) runs the same `panel_queries()`.
"""

import importlib.util
import json
import re
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
GRAFANA = ROOT / "deploy/grafana"
DASHBOARDS = GRAFANA / "dashboards"
RULES = ROOT / "deploy/prometheus/rules"
UIDS = {"dentalink-overview", "dentalink-events", "dentalink-business", "dentalink-infrastructure"}
# Grafana's own variables; the dashboards' are read from their templating.
BUILTIN_VARIABLES = {"__rate_interval", "__interval", "__range"}


def load(name: str) -> ModuleType:
    """deploy/grafana/<name>.py, loaded by path (deploy/ is no package)."""
    spec = importlib.util.spec_from_file_location(f"dentalink_grafana_{name}", GRAFANA / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def dashboards() -> list[dict[str, Any]]:
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(DASHBOARDS.glob("*.json"))]


def panels(dashboard: dict[str, Any]) -> list[dict[str, Any]]:
    return [panel for panel in dashboard["panels"] if panel["type"] != "row"]


def exprs() -> list[tuple[str, str, str]]:
    """(uid, panel title, raw expr) of every target."""
    return [
        (dashboard["uid"], panel["title"], target["expr"])
        for dashboard in dashboards()
        for panel in panels(dashboard)
        for target in panel["targets"]
    ]


# --- generated, not hand-edited -------------------------------------------------------------------


def test_the_committed_json_is_what_the_generator_produces() -> None:
    generate = load("generate")
    files = generate.render()
    assert {name.removesuffix(".json") for name in files} == UIDS
    assert generate.stale(DASHBOARDS, files) == [], "stale dashboards: run deploy/grafana/generate.py"
    assert generate.render() == files, "two generations differ: the output must be deterministic"


def test_check_mode_fails_on_a_stale_or_unknown_file(tmp_path: Path) -> None:
    script = GRAFANA / "generate.py"
    copy = tmp_path / "dashboards"
    shutil.copytree(DASHBOARDS, copy)

    def check() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(script), "--check", "--out", str(copy)],
            capture_output=True,
            text=True,
            check=False,
        )

    assert check().returncode == 0
    edited = copy / "dentalink-events.json"
    edited.write_text(
        edited.read_text(encoding="utf-8").replace("Lag per consumer group", "Lag"), encoding="utf-8"
    )
    result = check()
    assert result.returncode == 1
    assert "dentalink-events.json" in result.stderr
    shutil.copy(DASHBOARDS / "dentalink-events.json", edited)
    (copy / "hand-made.json").write_text("{}", encoding="utf-8")
    assert check().returncode == 1


# --- complete panels ------------------------------------------------------------------------------


def test_every_dashboard_has_a_unique_uid_and_the_datasource_variable() -> None:
    uids = [dashboard["uid"] for dashboard in dashboards()]
    assert sorted(uids) == sorted(UIDS)
    for dashboard in dashboards():
        variables = {variable["name"]: variable for variable in dashboard["templating"]["list"]}
        assert variables["datasource"]["type"] == "datasource"
        assert variables["datasource"]["query"] == "prometheus"
        ids = [panel["id"] for panel in dashboard["panels"]]
        assert len(ids) == len(set(ids)), f"{dashboard['uid']}: panel ids repeat"
        assert "version" not in dashboard and "id" not in dashboard, "Grafana assigns those"


def test_every_panel_has_a_title_description_unit_and_query() -> None:
    for dashboard in dashboards():
        for panel in panels(dashboard):
            where = f"{dashboard['uid']} / {panel.get('title')!r}"
            assert panel.get("title"), where
            assert panel.get("description", "").strip(), f"{where}: no description"
            assert panel["fieldConfig"]["defaults"].get("unit"), f"{where}: no unit"
            assert panel["datasource"]["uid"] == "${datasource}", where
            targets = panel.get("targets", [])
            assert targets and all(target.get("expr", "").strip() for target in targets), f"{where}: no expr"
            assert all(target["datasource"]["uid"] == "${datasource}" for target in targets), where
            ref_ids = [target["refId"] for target in targets]
            assert len(set(ref_ids)) == len(ref_ids) and all(ref_ids), f"{where}: refIds {ref_ids}"
        titles = [panel["title"] for panel in panels(dashboard)]
        assert len(titles) == len(set(titles)), f"{dashboard['uid']}: two panels share a title"


def test_units_are_the_expected_ones() -> None:
    units = {
        (dashboard["uid"], panel["title"]): panel["fieldConfig"]["defaults"]["unit"]
        for dashboard in dashboards()
        for panel in panels(dashboard)
    }
    assert units["dentalink-overview", "Request rate per operation"] == "reqps"
    assert units["dentalink-overview", "5xx ratio per operation"] == "percentunit"
    assert units["dentalink-overview", "Latency p95 per operation"] == "s"
    assert units["dentalink-business", "Euros billed per day by act code"] == "currencyEUR"
    assert units["dentalink-infrastructure", "Database sizes"] == "bytes"


def test_queries_use_only_defined_variables_and_label_variables_as_regexes() -> None:
    for dashboard in dashboards():
        defined = {variable["name"] for variable in dashboard["templating"]["list"]} | BUILTIN_VARIABLES
        for panel in panels(dashboard):
            for target in panel["targets"]:
                used = set(re.findall(r"\$\{?(\w+)", target["expr"]))
                assert used <= defined, f"{dashboard['uid']} / {panel['title']}: {used - defined} undefined"
                # `All` is `.+` and a multi-value selection a regex: `=` would match neither.
                assert not re.search(r'[^=!~]="\$', target["expr"]), (
                    f"{panel['title']}: use =~ with a variable"
                )


# --- the queries the live test runs -------------------------------------------------------------


def test_panel_queries_substitute_every_variable() -> None:
    queries = load("queries").panel_queries()
    assert len(queries) == len(exprs())
    assert {uid for uid, _, _ in queries} == UIDS
    for uid, title, expr in queries:
        assert "$" not in expr, f"{uid} / {title}: {expr}"
    by_title = {(uid, title): expr for uid, title, expr in queries}
    assert "[1m]" in by_title["dentalink-overview", "Request rate per operation"]
    assert 'instance=~".+"' in by_title["dentalink-overview", "Request rate per operation"]
    assert "[1h]" in by_title["dentalink-overview", "Availability over the range"]


def test_an_unknown_variable_is_an_error() -> None:
    with pytest.raises(ValueError, match="tenant"):
        load("queries").substitute('up{tenant=~"$tenant"}')


def test_every_query_is_valid_promql(tmp_path: Path, promtool: str) -> None:
    # promtool parses each expression as a recording rule: no server needed.
    rules = {
        "groups": [
            {
                "name": "dashboards",
                "rules": [
                    {"record": f"dashboard:query_{index}", "expr": expr}
                    for index, (_, _, expr) in enumerate(load("queries").panel_queries())
                ],
            }
        ]
    }
    path = tmp_path / "queries.yml"
    path.write_text(yaml.safe_dump(rules), encoding="utf-8")
    result = subprocess.run(
        [promtool, "check", "rules", str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- metric names exist somewhere ---------------------------------------------------------------

# OpenTelemetry instruments of the code base: `meter.create_counter("dentalink_x", ...)`.
INSTRUMENT = re.compile(
    r"\.create_(?:counter|up_down_counter|histogram|gauge|observable_counter|observable_up_down_counter"
    r"|observable_gauge)\(\s*\"([A-Za-z0-9_.]+)\"",
)
# What the Prometheus exporter appends to an instrument's name: its unit, `_total` for a counter, the
# series of a histogram.
SUFFIXES = tuple(
    unit + series for unit in ("", "_seconds") for series in ("", "_total", "_bucket", "_sum", "_count")
)
# Series every target has (Prometheus's own), and the default collectors of prometheus_client (the
# Python processes), the JMX exporter agent and the Go exporters.
PROMETHEUS = {"up", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_series_added"}
PROCESS = {
    "process_cpu_seconds_total",
    "process_resident_memory_bytes",
    "process_open_fds",
    "process_max_fds",
}
# prometheus-postgres-exporter 0.11 (Debian bookworm): its default collectors.
POSTGRES_EXPORTER = {
    "pg_up",
    "pg_settings_max_connections",
    "pg_stat_activity_count",
    "pg_stat_activity_max_tx_duration",
    "pg_stat_database_numbackends",
    "pg_stat_database_xact_commit",
    "pg_stat_database_xact_rollback",
    "pg_stat_database_deadlocks",
    "pg_stat_database_blks_hit",
    "pg_stat_database_blks_read",
    "pg_database_size_bytes",
    "pg_locks_count",
}
PROMQL_KEYWORDS = {
    "by",
    "without",
    "on",
    "ignoring",
    "group_left",
    "group_right",
    "bool",
    "and",
    "or",
    "unless",
}
PROMQL_KEYWORDS |= {"offset", "inf", "nan"}


@cache
def instrument_names() -> frozenset[str]:
    sources = [
        *ROOT.glob("libs/*/src/**/*.py"),
        *ROOT.glob("services/*/src/**/*.py"),
        *ROOT.glob("gateway/src/**/*.py"),
    ]
    found = {name for path in sources for name in INSTRUMENT.findall(path.read_text(encoding="utf-8"))}
    return frozenset(name.replace(".", "_") for name in found)


@cache
def jmx_names() -> frozenset[str]:
    rules = yaml.safe_load((ROOT / "deploy/local/kafka/jmx-exporter.yaml").read_text(encoding="utf-8"))
    # The rules name counters with their `_total`: the agent exports every name as written.
    return frozenset(rule["name"] for rule in rules["rules"] if "name" in rule)


@cache
def rule_groups() -> list[dict[str, Any]]:
    return [
        group
        for path in sorted(RULES.glob("*.yml"))
        for group in yaml.safe_load(path.read_text(encoding="utf-8"))["groups"]
    ]


@cache
def recorded_names() -> frozenset[str]:
    """The alert rules' recordings (the SLO error ratios per window), which the overview reads."""
    return frozenset(rule["record"] for group in rule_groups() for rule in group["rules"] if "record" in rule)


def known(metric: str) -> bool:
    if metric in PROMETHEUS | PROCESS | POSTGRES_EXPORTER | jmx_names() | recorded_names():
        return True
    return any(metric == base + suffix for base in instrument_names() for suffix in SUFFIXES)


def metric_names(expr: str) -> set[str]:
    """The metric names an expression selects: identifiers that are not a function, keyword, label
    (inside braces or a by/on clause), duration or string."""
    text = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)
    text = re.sub(r"\{[^}]*\}", " ", text)
    text = re.sub(r"\[[^\]]*\]", " ", text)
    text = re.sub(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", text)
    names = set()
    for match in re.finditer(r"[A-Za-z_:][A-Za-z0-9_:]*", text):
        if text[match.end() :].lstrip().startswith("(") or match.group() in PROMQL_KEYWORDS:
            continue  # a function (rate, sum, histogram_quantile, vector…) or an operator
        names.add(match.group())
    return names


def test_the_metric_name_extractor() -> None:
    assert metric_names(
        'histogram_quantile(0.95, sum by (le, upstream) (rate(a_bucket{job=~"$job", x="{y}"}[5m])))'
        " / on() group_left b_total or on() vector(0) * 2"
    ) == {"a_bucket", "b_total"}


def test_the_known_names_come_from_the_code() -> None:
    assert "http_server_request_duration" in instrument_names()
    assert "dentalink_gateway_breaker_state" in instrument_names()
    assert "kafka_server_topic_messages_in_total" in jmx_names()
    assert "job:dentalink_api_errors:ratio_rate1h" in recorded_names()
    assert not known("dentalink_no_such_metric_total")


def test_every_query_names_metrics_the_platform_exports() -> None:
    unknown = {
        (uid, title, metric)
        for uid, title, expr in exprs()
        for metric in metric_names(expr)
        if not known(metric)
    }
    assert not unknown, f"metrics exported by nothing (renamed?): {sorted(unknown)}"


# --- the same SLOs as the alert rules -------------------------------------------------------------


def recorded_constant(expr: str) -> float:
    match = re.fullmatch(r"vector\((.+)\)", expr.strip())
    assert match, f"not a recorded constant: {expr}"
    return float(match[1])


def test_the_slo_panels_use_the_alert_rules_objectives() -> None:
    load("generate")  # puts the dashboards' package on the path
    from dentalink_boards import overview

    recorded = {
        (rule["record"], rule.get("labels", {}).get("slo")): recorded_constant(rule["expr"])
        for group in rule_groups()
        for rule in group["rules"]
        if rule.get("record", "").startswith("dentalink:slo_")
    }
    assert recorded["dentalink:slo_objective:ratio", "availability"] == overview.AVAILABILITY_OBJECTIVE
    assert recorded["dentalink:slo_objective:ratio", "latency"] == overview.LATENCY_OBJECTIVE
    assert recorded["dentalink:slo_latency_threshold:seconds", None] == float(overview.LATENCY_THRESHOLD)


# --- provisioning ---------------------------------------------------------------------------------


def test_provisioned_data_sources() -> None:
    config = yaml.safe_load(
        (GRAFANA / "provisioning/datasources/datasources.yml").read_text(encoding="utf-8")
    )
    sources = {source["uid"]: source for source in config["datasources"]}
    assert sources["prometheus"]["type"] == "prometheus"
    assert sources["prometheus"]["url"] == "http://prometheus:9090"
    assert sources["prometheus"]["isDefault"] is True
    assert sources["jaeger"]["type"] == "jaeger"
    assert sources["jaeger"]["url"] == "http://jaeger:16686"
    assert sum(1 for source in sources.values() if source.get("isDefault")) == 1


def test_provisioned_dashboards_folder() -> None:
    config = yaml.safe_load((GRAFANA / "provisioning/dashboards/dashboards.yml").read_text(encoding="utf-8"))
    (provider,) = config["providers"]
    assert provider["type"] == "file"
    assert provider["folder"] == "Dentalink"
    assert provider["options"]["path"] == "/var/lib/grafana/dashboards"
