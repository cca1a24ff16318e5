"""The scenario's first steps through the TypeScript SDK (clients/typescript, issue 16): a Node script
(`clients/typescript/examples/scenario.ts`, compiled by tsc) gets a client-credentials token and a
sandbox PSC token, qualifies the sandbox patient's identity (create → INSi lookup → document check →
QUAL), replays a creation by its Idempotency-Key and lists the practice's identities page by page,
then prints what it saw as JSON. Only the SDK talks to the gateway from Node; SandboxPractice
registers the vendor client, and reads the identity back over plain HTTP afterwards."""

import asyncio
import json
import os
import subprocess
from pathlib import Path

import pytest

from gateway.sandbox_client import SandboxPractice
from servicekit.testing import GATEWAY, SANDBOX_MATRICULE, SANDBOX_TYPED_TRAITS

pytestmark = pytest.mark.e2e

PACKAGE = Path(__file__).resolve().parents[2] / "clients" / "typescript"
OTHER_TRAITS = {  # another fictitious patient, left PROV
    "birth_name": "Moreau",
    "birth_first_names": "Lucie Anne",
    "birth_date": "1992-07-08",
    "sex": "F",
    "birth_place_code": "69123",
}


def run(command: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=PACKAGE, env=env, capture_output=True, text=True, check=False, timeout=300
    )


def built_scenario() -> Path:
    """The compiled script, after `npm ci` if the package's dependencies are not installed."""
    if not (PACKAGE / "node_modules" / ".bin" / "tsc").exists():
        installed = run(["npm", "ci", "--no-audit", "--no-fund"])
        assert installed.returncode == 0, installed.stdout + installed.stderr
    built = run([str(PACKAGE / "node_modules" / ".bin" / "tsc"), "-p", "tsconfig.test.json"])
    assert built.returncode == 0, built.stdout + built.stderr
    return PACKAGE / ".test-build" / "examples" / "scenario.js"


async def test_the_scenario_through_the_typescript_sdk() -> None:
    script = await asyncio.to_thread(built_scenario)
    async with SandboxPractice.open(GATEWAY) as practice:
        env = {
            **os.environ,
            "DENTALINK_GATEWAY_URL": GATEWAY,
            "DENTALINK_CLIENT_ID": practice.client_id,
            "DENTALINK_CLIENT_SECRET": practice.client_secret,
            "DENTALINK_PRACTICE_ID": practice.practice_id,
        }
        traits = json.dumps({"traits": SANDBOX_TYPED_TRAITS, "other": OTHER_TRAITS})
        done = await asyncio.to_thread(run, ["node", str(script), traits], env)
        assert done.returncode == 0, f"scenario.js exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
        seen = json.loads(done.stdout)

        assert seen["token_cached"] is True
        assert seen["statuses"] == ["PROV", "RECUP", "RECUP", "QUAL", "QUAL"]
        assert seen["matricule"] == SANDBOX_MATRICULE
        assert seen["may_reference_health_data"] is True
        assert seen["replayed_id"] == seen["other_id"]  # the same key: the first creation's answer
        assert seen["duplicate"] == {"status": 409, "kind": "duplicate-identity"}
        assert seen["page_sizes"] == [1, 1]
        assert seen["listed"] == sorted([seen["identity_id"], seen["other_id"]])

        # What the SDK did is on the stack: the identity reads back QUAL over plain HTTP.
        read = await practice.http.get(
            f"/v1/identities/{seen['identity_id']}", headers=await practice.headers("dentist")
        )
        assert read.status_code == 200, read.text
        assert read.json()["status"] == "QUAL"
