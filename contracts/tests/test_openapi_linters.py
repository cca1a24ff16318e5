"""The merged OpenAPI document passes the linters integrators run on it (issue 16): Spectral's
`spectral:oas` and Redocly's `recommended` rulesets report no error. Warnings are not failures;
the linters' pinned versions and configurations live in tools/openapi-lint."""

import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LINT = REPO / "tools" / "openapi-lint"
DOCUMENT = REPO / "contracts" / "openapi.json"
# Lint offline and quietly: no usage reports, no update check.
QUIET = {"REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true", "NO_COLOR": "1"}


@pytest.fixture(scope="module")
def linters() -> Path:
    """tools/openapi-lint's locked dependencies (`make openapi-lint`: npm ci when missing)."""
    subprocess.run(
        ["make", "--no-print-directory", "openapi-lint"], cwd=REPO, check=True, capture_output=True
    )
    return LINT / "node_modules" / ".bin"


def lint(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=LINT, env={**os.environ, **QUIET}, capture_output=True, text=True, timeout=300
    )


def test_spectral_oas_reports_no_error(linters: Path) -> None:
    # Exit 1 on a finding of severity error, 2 when Spectral itself fails (ruleset, document).
    run = lint(
        [
            str(linters / "spectral"),
            "lint",
            "--ruleset",
            ".spectral.yaml",
            "--fail-severity",
            "error",
            "--display-only-failures",
            str(DOCUMENT),
        ]
    )
    assert run.returncode == 0, f"spectral (exit {run.returncode}):\n{run.stdout}\n{run.stderr}"


def test_redocly_recommended_reports_no_error(linters: Path) -> None:
    # Exit 1 when any problem has severity error; warnings are listed but do not fail. The default
    # codeframe format names each problem's JSON pointer.
    run = lint(
        [
            str(linters / "redocly"),
            "lint",
            "--config",
            "redocly.yaml",
            "--max-problems",
            "1000",
            str(DOCUMENT),
        ]
    )
    assert run.returncode == 0, f"redocly (exit {run.returncode}):\n{run.stdout}\n{run.stderr}"
