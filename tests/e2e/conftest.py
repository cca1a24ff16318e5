"""End-to-end tests: the running stack, reached through the gateway only.

When no stack answers, the session starts one (`deploy/local/stack.sh` on freshly reset
`<name>_test` databases, consumer groups starting at the topics' end) and stops it afterwards;
when one already answers (`make up`), it is used as it is. The scenario expects empty databases,
since the sandbox patient's yearly cap counts acts across runs.

The only shortcut is registering the vendor client in the gateway's database, as the management
command does (`gateway.sandbox_client.SandboxPractice`); everything else is the public API.
"""

import asyncio
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).parent))

from e2e_support import GATEWAY

ROOT = Path(__file__).resolve().parents[2]
SERVICE_PORTS = (8101, 8102, 8103, 8104, 8105)
TEST_SUFFIX = "_test"


async def stack_answers() -> bool:
    urls = [f"{GATEWAY}/ready", *(f"http://127.0.0.1:{port}/ready" for port in SERVICE_PORTS)]
    async with httpx.AsyncClient(timeout=5) as http:
        try:
            answers = [await http.get(url) for url in urls]
        except httpx.HTTPError:
            return False
    return all(answer.status_code == 200 for answer in answers)


def stack_script(action: str, env: dict[str, str]) -> None:
    subprocess.run(["bash", str(ROOT / "deploy/local/stack.sh"), action], check=True, env=env, timeout=180)


@pytest.fixture(scope="session", autouse=True)
async def stack() -> AsyncIterator[None]:
    if await stack_answers():
        yield
        return
    env = {**os.environ, "DENTALINK_DB_SUFFIX": TEST_SUFFIX}
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
