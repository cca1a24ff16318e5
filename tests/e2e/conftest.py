"""End-to-end tests: a stack of their own, reached through its gateway only.

The session starts one (`deploy/local/stack.sh` on freshly reset `<name>_test` databases, ports moved
by DENTALINK_PORT_OFFSET, topics in this run's namespace, consumer groups starting at the topics'
end) and stops it afterwards. It never uses a running `make up` platform: tests never touch one, and
a platform never sees test data (the root conftest gives the run its topic namespace and ports).

The only shortcut is registering the vendor client in the gateway's database, as the management
command does (`gateway.sandbox_client.SandboxPractice`); everything else is the public API.
"""

import asyncio
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEST_SUFFIX = "_test"


def stack_script(action: str, env: dict[str, str]) -> None:
    subprocess.run(["bash", str(ROOT / "deploy/local/stack.sh"), action], check=True, env=env, timeout=180)


@pytest.fixture(scope="session", autouse=True)
async def stack() -> AsyncIterator[None]:
    env = {**os.environ, "DENTALINK_DB_SUFFIX": TEST_SUFFIX}
    await asyncio.to_thread(stack_script, "stop", env)  # a test stack an interrupted run left behind
    reset = [sys.executable, str(ROOT / "deploy/local/reset_databases.py"), TEST_SUFFIX]
    await asyncio.to_thread(subprocess.run, reset, check=True, timeout=120)
    await asyncio.to_thread(stack_script, "start", env)
    previous = os.environ.get("GATEWAY_DATABASE_NAME")
    os.environ["GATEWAY_DATABASE_NAME"] = f"gateway{TEST_SUFFIX}"  # where SandboxPractice registers
    try:
        yield
    finally:
        await asyncio.to_thread(stack_script, "stop", env)
        if previous is None:
            os.environ.pop("GATEWAY_DATABASE_NAME", None)
        else:
            os.environ["GATEWAY_DATABASE_NAME"] = previous
