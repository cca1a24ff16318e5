"""The alert rules of deploy/prometheus/rules/ (issue 14): promtool accepts them, their unit tests
(deploy/prometheus/tests, `promtool test rules`) pass, each alert has a case where it fires and one
where it stays quiet, and each carries a severity, a summary, a description and the link to its
section of docs/runbooks.md.

promtool comes with the Debian `prometheus` package, which deploy/local/prometheus.sh installs when
it is absent. Nothing is started.
"""

import importlib.util
import re
import subprocess
from collections import defaultdict
from pathlib import Path
from types import ModuleType

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _load_helper() -> ModuleType:
    # tests/ is no package and pytest imports by path (--import-mode=importlib).
    spec = importlib.util.spec_from_file_location("alert_rules", Path(__file__).with_name("alert_rules.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


alert_rules = _load_helper()
SEVERITIES = {"page", "ticket"}


def run_promtool(promtool: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([promtool, *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_promtool_accepts_the_rule_files(promtool):
    files = alert_rules.rule_files()
    assert files, "no rule file in deploy/prometheus/rules"
    checked = run_promtool(promtool, "check", "rules", *map(str, files))
    assert checked.returncode == 0, f"promtool check rules failed:\n{checked.stdout}\n{checked.stderr}"


def test_the_rule_unit_tests_pass(promtool):
    files = alert_rules.rule_test_files()
    assert files, "no promtool unit test in deploy/prometheus/tests"
    tested = run_promtool(promtool, "test", "rules", *map(str, files))
    assert tested.returncode == 0, f"promtool test rules failed:\n{tested.stdout}\n{tested.stderr}"


def test_alert_names_are_unique():
    names = [name for name, _ in alert_rules.alert_expressions()]
    assert names and len(names) == len(set(names)), sorted(names)


def test_every_alert_has_a_severity_a_summary_a_description_and_its_runbook():
    anchors = alert_rules.runbook_anchors()
    for rule in alert_rules.alerts():
        name = rule["alert"]
        assert rule.get("labels", {}).get("severity") in SEVERITIES, name
        annotations = rule.get("annotations", {})
        assert annotations.get("summary", "").strip(), f"{name}: no summary"
        assert annotations.get("description", "").strip(), f"{name}: no description"
        page, _, anchor = annotations.get("runbook_url", "").partition("#")
        assert page == alert_rules.RUNBOOK_PAGE, f"{name}: runbook_url {annotations.get('runbook_url')!r}"
        assert anchor == name.lower(), f"{name}: runbook anchor {anchor!r}, expected {name.lower()!r}"
        assert anchor in anchors, f"{name}: docs/runbooks.md has no section #{anchor}"


def test_every_runbook_section_belongs_to_an_alert():
    names = {name for name, _ in alert_rules.alert_expressions()}
    sections = alert_rules.runbook_sections()
    assert len(sections) == len(set(sections)), "a runbook section appears twice"
    assert set(sections) == names, (
        f"sections without alert: {set(sections) - names}; alerts without: {names - set(sections)}"
    )


def test_annotations_name_only_labels_and_values():
    # The templates may use $labels and $value, nothing that reads other series (query) or the
    # external world: an annotation must render from the alert alone.
    for rule in alert_rules.alerts():
        for key, text in rule["annotations"].items():
            for template in re.findall(r"\{\{(.*?)\}\}", text):
                assert re.fullmatch(r"\s*\$(labels\.\w+|value)(\s*\|\s*\w+)?\s*", template), (
                    f"{rule['alert']} {key}: {{{{{template}}}}}"
                )


def unit_test_outcomes() -> tuple[dict[str, set[bool]], set[Path]]:
    """For each alert, whether some unit test expects it firing (True) and quiet (False); and the
    rule files the unit tests load."""
    outcomes: dict[str, set[bool]] = defaultdict(set)
    loaded: set[Path] = set()
    for path in alert_rules.rule_test_files():
        suite = yaml.safe_load(path.read_text())
        loaded |= {(path.parent / name).resolve() for name in suite["rule_files"]}
        for test in suite["tests"]:
            for case in test.get("alert_rule_test", []):
                outcomes[case["alertname"]].add(bool(case.get("exp_alerts")))
    return outcomes, loaded


def test_every_alert_has_a_unit_test_where_it_fires_and_one_where_it_stays_quiet():
    outcomes, loaded = unit_test_outcomes()
    assert {path.resolve() for path in alert_rules.rule_files()} <= loaded, "a rule file without unit tests"
    for name, _ in alert_rules.alert_expressions():
        assert True in outcomes[name], f"{name}: no unit test where it fires"
        assert False in outcomes[name], f"{name}: no unit test where it stays quiet"


def test_slo_alerts_use_the_stated_objectives():
    # The objectives are recorded (dentalink:slo_objective:ratio{slo=...}) and written into the
    # burn-rate thresholds as (1 - objective): both must say the same.
    objectives = {
        rule["labels"]["slo"]: rule["expr"].strip()
        for rule in alert_rules.rules()
        if rule.get("record") == "dentalink:slo_objective:ratio"
    }
    assert objectives == {"availability": "vector(0.995)", "latency": "vector(0.99)"}
    burn_alerts = [rule for rule in alert_rules.alerts() if "slo" in rule.get("labels", {})]
    assert len(burn_alerts) == 4
    for rule in burn_alerts:
        objective = objectives[rule["labels"]["slo"]].removeprefix("vector(").removesuffix(")")
        budgets = set(re.findall(r"\(1 - ([0-9.]+)\)", rule["expr"]))
        assert budgets == {objective}, f"{rule['alert']}: thresholds use {budgets}, objective {objective}"
