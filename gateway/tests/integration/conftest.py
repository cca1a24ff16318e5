"""The gateway on a real socket, on real PostgreSQL and Kafka, in front of five stub services."""

import sys
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).parent))

from gateway_testkit import KEYS, UPSTREAMS, StubCalls, gateway_settings, serve, stub_service

from gateway.main import build
from gateway.sandbox_client import SandboxPractice
from gateway.settings import Settings
from gateway.signing_keys import rotate
from servicekit.testing import fresh_database


@dataclass
class Stack:
    base_url: str
    database_url: str
    settings: Settings
    stubs: dict[str, StubCalls]
    keys_dir: Path
    app: Any

    @asynccontextmanager
    async def practice(self, **kwargs: Any) -> AsyncIterator[SandboxPractice]:
        async with SandboxPractice.open(self.base_url, database_url=self.database_url, **kwargs) as practice:
            yield practice


@pytest.fixture(scope="session")
async def stack(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Stack]:
    async with AsyncExitStack() as exits:
        stubs, urls = {}, {}
        for name in UPSTREAMS:
            app, calls = stub_service(name, KEYS.public_pem)
            stubs[name] = calls
            urls[name] = await exits.enter_async_context(serve(app, lifespan="off"))
        database_url = await exits.enter_async_context(fresh_database("gateway"))
        keys_dir = tmp_path_factory.mktemp("access-token-keys")
        rotate(keys_dir)
        settings = gateway_settings(database_url, urls, keys_dir)
        app = build(settings)
        base_url = await exits.enter_async_context(serve(app))
        yield Stack(base_url, database_url, settings, stubs, keys_dir, app)


@pytest.fixture
async def http(stack: Stack) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=stack.base_url, timeout=30.0) as client:
        yield client


@pytest.fixture
async def practice(stack: Stack) -> AsyncIterator[SandboxPractice]:
    async with stack.practice() as sandbox:
        yield sandbox
