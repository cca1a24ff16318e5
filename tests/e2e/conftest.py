"""End-to-end tests: a stack of their own, reached through its gateway only.

The session starts one (`deploy/local/stack.sh` on freshly reset `<name>_test` databases, ports moved
by DENTALINK_PORT_OFFSET, topics in this run's namespace, consumer groups starting at the topics'
end) and stops it afterwards. It never uses a running `make up` platform: tests never touch one, and
a platform never sees test data (the root conftest gives the run its topic namespace and ports).

Its processes export their spans (OTLP/HTTP) to a Jaeger the session starts beside them, on the
offset ports (`deploy/local/jaeger.sh`, in-memory, stopped afterwards): test_e2e_traces.py reads them.

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
PORT_OFFSET = int(os.environ.get("DENTALINK_PORT_OFFSET", "0"))  # the root conftest's, for the e2e stack
JAEGER_OTLP = f"http://127.0.0.1:{4318 + PORT_OFFSET}"
# Webhook retries compressed (seconds, not hours): a receiver back after a minute's outage gets its
# deliveries within seconds (test_e2e_webhooks.py). The 3-day window is kept.
WEBHOOK_BACKOFF = {"WEBHOOK_RETRY_BASE_SECONDS": "1", "WEBHOOK_RETRY_CAP_SECONDS": "5"}


def stack_script(action: str, env: dict[str, str]) -> None:
    subprocess.run(["bash", str(ROOT / "deploy/local/stack.sh"), action], check=True, env=env, timeout=180)


def jaeger_script(action: str) -> None:
    # The first start on a machine builds Jaeger (`jaeger.sh install`, minutes); later ones take seconds.
    subprocess.run(["bash", str(ROOT / "deploy/local/jaeger.sh"), action], check=True, timeout=1800)


def traced(env: dict[str, str]) -> dict[str, str]:
    """Every span of the stack to the session's Jaeger, all of them (whatever the caller's OTEL_*)."""
    env = {name: value for name, value in env.items() if not name.startswith("OTEL_")}
    return {**env, "OTEL_EXPORTER_OTLP_ENDPOINT": JAEGER_OTLP, "OTEL_TRACES_SAMPLER": "parentbased_always_on"}


@pytest.fixture(scope="session", autouse=True)
async def stack() -> AsyncIterator[None]:
    env = traced({**os.environ, "DENTALINK_DB_SUFFIX": TEST_SUFFIX, **WEBHOOK_BACKOFF})
    await asyncio.to_thread(stack_script, "stop", env)  # a test stack an interrupted run left behind
    await asyncio.to_thread(jaeger_script, "stop")  # and its Jaeger, with the traces of that run
    reset = [sys.executable, str(ROOT / "deploy/local/reset_databases.py"), TEST_SUFFIX]
    await asyncio.to_thread(subprocess.run, reset, check=True, timeout=120)
    await asyncio.to_thread(jaeger_script, "start")  # before the stack: no span of its start is lost
    await asyncio.to_thread(stack_script, "start", env)
    previous = os.environ.get("GATEWAY_DATABASE_NAME")
    os.environ["GATEWAY_DATABASE_NAME"] = f"gateway{TEST_SUFFIX}"  # where SandboxPractice registers
    try:
        yield
    finally:
        try:
            await asyncio.to_thread(stack_script, "stop", env)
        finally:
            await asyncio.to_thread(jaeger_script, "stop")
        if previous is None:
            os.environ.pop("GATEWAY_DATABASE_NAME", None)
        else:
            os.environ["GATEWAY_DATABASE_NAME"] = previous
