"""Every test run is an environment of its own, apart from any running platform (`make up`).

Set before any test module or app is imported: a topic namespace of its own (topics and consumer
groups `test-<run>.*`, deleted when the run ends) and, for the e2e stack the run starts, ports moved
by DENTALINK_PORT_OFFSET. No event of a test reaches a platform, and no platform event reaches a test.
"""

import asyncio
import contextlib
import os
import uuid

import pytest

E2E_PORT_OFFSET = 10_000
RUN_NAMESPACE = f"test-{uuid.uuid4().hex[:10]}"

os.environ["DENTALINK_TOPIC_NAMESPACE"] = RUN_NAMESPACE
os.environ["DENTALINK_PORT_OFFSET"] = str(E2E_PORT_OFFSET)
os.environ["DENTALINK_GATEWAY_URL"] = f"http://127.0.0.1:{8000 + E2E_PORT_OFFSET}"


async def _delete_run_topics() -> None:
    from aiokafka.admin import AIOKafkaAdminClient

    from servicekit.testing import kafka_bootstrap

    admin = AIOKafkaAdminClient(bootstrap_servers=kafka_bootstrap(), client_id="dentalink-test-cleanup")
    await admin.start()
    try:
        ours = [name for name in await admin.list_topics() if name.startswith(f"{RUN_NAMESPACE}.")]
        if ours:
            await admin.delete_topics(ours)
    finally:
        await admin.close()


def pytest_unconfigure(config: pytest.Config) -> None:
    # Best effort: a broker that is already gone leaves nothing to clean.
    with contextlib.suppress(Exception):
        asyncio.run(asyncio.wait_for(_delete_run_topics(), timeout=20))
