"""End-to-end tests: the running stack (`make test` starts it), reached through the gateway only.

The only shortcut is registering the vendor client in the gateway's database, as the management
command does (`gateway.sandbox_client.SandboxPractice`); everything else is the public API.
The scenario expects empty databases (the sandbox patient's yearly cap is counted across runs):
`make test` resets the stack's `<name>_test` databases before starting it.
"""

import asyncio
import sys
from pathlib import Path

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).parent))

from e2e_support import GATEWAY

SERVICE_PORTS = (8101, 8102, 8103, 8104, 8105)


@pytest.fixture(scope="session", autouse=True)
async def stack_ready() -> None:
    """Fail clearly (never skip) when the stack is not up: `make test` starts it before pytest."""
    urls = [f"{GATEWAY}/ready", *(f"http://127.0.0.1:{port}/ready" for port in SERVICE_PORTS)]
    async with httpx.AsyncClient(timeout=5) as http:
        for _ in range(120):
            try:
                answers = [await http.get(url) for url in urls]
                if all(answer.status_code == 200 for answer in answers):
                    break
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.5)
        else:
            pytest.fail("the stack is not ready: run the e2e tests through `make test` (or `make up` first)")
