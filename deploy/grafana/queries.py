"""Every query of the committed dashboards, with Grafana's variables replaced so that Prometheus
itself can run it: what the live test asks a real Prometheus after the e2e scenario (each must
evaluate and return series), and what `promtool` checks offline.

    from queries import panel_queries   # or load deploy/grafana/queries.py by path
    for uid, title, expr in panel_queries(): ...

    python deploy/grafana/queries.py     # prints "uid <TAB> panel title <TAB> expr" lines

Standard library only: the live test needs neither Grafana nor the SDK.
"""

import json
import re
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

DASHBOARDS = Path(__file__).resolve().parent / "dashboards"

# What Grafana would put in place of each variable for a one-hour view of every job and instance:
# label variables are `All` (.+), intervals those of a 1 h range at 5 s scrapes.
SUBSTITUTIONS: Mapping[str, str] = {
    "job": ".+",
    "instance": ".+",
    "__rate_interval": "1m",
    "__interval": "1m",
    "__range": "1h",
}
VARIABLE = re.compile(r"\$\{(\w+)(?::\w+)?\}|\$(\w+)")


def substitute(expr: str) -> str:
    """`expr` with its variables replaced; an unknown variable is an error, not a silent `$x`."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2)
        if name not in SUBSTITUTIONS:
            raise ValueError(f"no substitution for ${name} in {expr!r}")
        return SUBSTITUTIONS[name]

    return VARIABLE.sub(value, expr)


def _panels(panels: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for panel in panels:
        yield panel
        yield from _panels(panel.get("panels", []))  # a collapsed row holds its panels


def panel_queries(directory: Path = DASHBOARDS) -> list[tuple[str, str, str]]:
    """(dashboard uid, panel title, expr with variables substituted) for every target of every panel."""
    queries: list[tuple[str, str, str]] = []
    for path in sorted(directory.glob("*.json")):
        dashboard = json.loads(path.read_text(encoding="utf-8"))
        for panel in _panels(dashboard.get("panels", [])):
            for target in panel.get("targets", []):
                if target.get("expr"):
                    queries.append((dashboard["uid"], panel["title"], substitute(target["expr"])))
    return queries


if __name__ == "__main__":
    for uid, title, expr in panel_queries():
        sys.stdout.write(f"{uid}\t{title}\t{expr}\n")
