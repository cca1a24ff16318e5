"""The alert rules of deploy/prometheus/rules/ and their runbooks, read for tests (no test here).

`alert_expressions()` gives (alert name, PromQL) for every alert, e.g. to evaluate each one against a
live Prometheus. pytest runs with `--import-mode=importlib` and tests/ is no package, so load this
module by its path:

    spec = importlib.util.spec_from_file_location("alert_rules", ROOT / "tests/deploy/alert_rules.py")
    alert_rules = importlib.util.module_from_spec(spec); spec.loader.exec_module(alert_rules)
"""

import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
RULES_DIR = ROOT / "deploy/prometheus/rules"
RULE_TESTS_DIR = ROOT / "deploy/prometheus/tests"
RUNBOOKS = ROOT / "docs/runbooks.md"
RUNBOOK_PAGE = "docs/runbooks.md"


def rule_files() -> list[Path]:
    """What Prometheus loads (prometheus.sh: rule_files deploy/prometheus/rules/*.yml)."""
    return sorted(RULES_DIR.glob("*.yml"))


def rule_test_files() -> list[Path]:
    return sorted(RULE_TESTS_DIR.glob("*.yml"))


def rules() -> list[dict[str, Any]]:
    """Every rule (alerting and recording) of every group, in file order."""
    found: list[dict[str, Any]] = []
    for path in rule_files():
        for group in yaml.safe_load(path.read_text())["groups"]:
            found.extend(group["rules"])
    return found


def alerts() -> list[dict[str, Any]]:
    return [rule for rule in rules() if "alert" in rule]


def alert_expressions() -> list[tuple[str, str]]:
    """(alert name, expression) of every alert; some read recorded series (job:dentalink_api_*),
    which a Prometheus holds once their group (evaluated every minute) has run."""
    return [(rule["alert"], rule["expr"].strip()) for rule in alerts()]


def recording_expressions() -> list[tuple[str, str]]:
    """(recorded series name, expression) of every recording rule."""
    return [(rule["record"], rule["expr"].strip()) for rule in rules() if "record" in rule]


def anchor(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading: lower case, punctuation dropped, spaces as '-'."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def runbook_anchors(text: str | None = None) -> set[str]:
    """Anchors of docs/runbooks.md: its headings' and any explicit <a id="...">."""
    text = RUNBOOKS.read_text() if text is None else text
    headings = re.findall(r"^#{1,6}\s+(.+?)\s*#*\s*$", text, flags=re.MULTILINE)
    return {anchor(heading) for heading in headings} | set(re.findall(r'<a\s+id="([^"]+)"', text))


def runbook_sections(text: str | None = None) -> list[str]:
    """The second-level headings of docs/runbooks.md that name an alert (Dentalink…)."""
    text = RUNBOOKS.read_text() if text is None else text
    return re.findall(r"^##\s+(Dentalink\w+)\s*$", text, flags=re.MULTILINE)
