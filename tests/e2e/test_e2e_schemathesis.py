"""Schemathesis, every check, over the whole public API through the gateway (issue 12): 0 failures.

`st run <gateway>/openapi.json --checks all` against the e2e stack, as an integrator would run it:
the merged document the gateway serves, a sandbox vendor client of its own (rate limit raised so
that 429s do not hide answers), real OAuth2 and Pro Santé Connect tokens (schemathesis_hooks.py), and
the per-operation notes of schemathesis.toml. The example count is bounded and the seed fixed so
`make test` stays fast and repeatable; `SCHEMATHESIS_MAX_EXAMPLES` / `SCHEMATHESIS_SEED` widen or
vary the search (`SCHEMATHESIS_SEED=random`).

A call is given the gateway's own deadline (its upstream read timeout, 30 s, then a 504 problem)
rather than Schemathesis's 10 s: a CI machine that stalls for a moment is not an API defect, a call
that outlives the gateway's deadline is. Speed is measured by bench/, not here. Every call is
recorded (HAR); a failure report ends with the slowest ones, so a stall can be placed in time.
"""

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gateway.sandbox_client import SandboxPractice
from gateway.settings import Settings as GatewaySettings
from servicekit.testing import GATEWAY

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

HERE = Path(__file__).resolve().parent
ST = Path(sys.executable).with_name("st")


def slowest_calls(har: Path, count: int = 12) -> str:
    """The slowest calls of the run, with when they started (to tell one stall from slow routes)."""
    if not har.exists():
        return "(no HAR record)"
    try:
        entries = json.loads(har.read_text())["log"]["entries"]
    except (ValueError, KeyError) as error:
        return f"(HAR record unreadable: {error})"
    entries.sort(key=lambda entry: -entry["time"])
    return "\n".join(
        f"{entry['time']:9.0f} ms  {entry['startedDateTime']}  {entry['request']['method']} "
        f"{entry['request']['url']} -> {entry['response']['status']}"
        for entry in entries[:count]
    )


async def test_schemathesis_finds_no_failure_through_the_gateway(tmp_path: Path) -> None:
    har = tmp_path / "calls.har.json"
    deadline = GatewaySettings.model_fields["upstream_read_timeout"].default + 5
    async with SandboxPractice.open(GATEWAY, rate_limit="1000000/minute") as practice:
        env = {
            **os.environ,
            "SCHEMATHESIS_HOOKS": str(HERE / "schemathesis_hooks.py"),
            "DENTALINK_ST_GATEWAY": GATEWAY,
            "DENTALINK_ST_CLIENT_ID": practice.client_id,
            "DENTALINK_ST_CLIENT_SECRET": practice.client_secret,
            "DENTALINK_ST_PRACTICE_ID": practice.practice_id,
        }
        seed = os.environ.get("SCHEMATHESIS_SEED", "20261203")
        command = [
            str(ST),
            "--config-file",
            str(HERE / "schemathesis.toml"),
            "run",
            f"{GATEWAY}/openapi.json",
            "--checks",
            "all",
            "--max-examples",
            os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "2"),
            "--workers",
            "4",
            "--no-color",
            "--request-timeout",
            str(deadline),
            "--report",
            "har",
            "--report-har-path",
            str(har),
            *([] if seed == "random" else ["--seed", seed]),
        ]
        result = await asyncio.to_thread(
            subprocess.run, command, env=env, capture_output=True, text=True, timeout=280
        )
    report = result.stdout + result.stderr
    assert result.returncode == 0, f"{report[-30_000:]}\n\nSlowest calls:\n{slowest_calls(har)}"
    assert "Tested: " in report and "No failures" not in report[:0], report[-5_000:]
