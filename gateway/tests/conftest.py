"""Fixtures of the gateway's tests (the harness is gateway.testing), with the installed `gateway`
package made visible to them first.

With `--import-mode=importlib`, pytest names this folder's modules `gateway.tests.…` (from the
repository root) and registers `gateway` as an empty namespace package (the `gateway/` folder)
before the first test module runs, which hides the installed `gateway` package.
"""

import importlib
import os
import sys
from collections.abc import AsyncIterator

import httpx
import pytest


def _use_the_installed_gateway() -> None:
    if getattr(sys.modules.get("gateway"), "__file__", None) is None:
        placeholder = sys.modules.pop("gateway", None)
        real = importlib.import_module("gateway")
        if placeholder is not None and hasattr(placeholder, "tests"):
            real.tests = placeholder.tests  # type: ignore[attr-defined]


_use_the_installed_gateway()

from gateway.sandbox_client import SandboxPractice  # noqa: E402  (the installed package is in place now)
from gateway.testing import Stack, running_stack  # noqa: E402


@pytest.fixture(scope="session")
async def stack(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Stack]:
    """One gateway for the session, on real PostgreSQL, in front of five stub services."""
    async with running_stack(tmp_path_factory.mktemp("access-token-keys")) as running:
        yield running


@pytest.fixture
def redis_url() -> str:
    """The Redis of `make infra` (deploy/local/redis.sh), in the database kept for the gateway's tests
    (2; the platform counts in 0, the e2e stack in 1); keys are prefixed by the run's namespace too."""
    port = os.environ.get("DENTALINK_REDIS_PORT", "6379")
    return os.environ.get("DENTALINK_TEST_REDIS_URL") or f"redis://127.0.0.1:{port}/2"


@pytest.fixture
async def http(stack: Stack) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=stack.base_url, timeout=30.0) as client:
        yield client


@pytest.fixture
async def practice(stack: Stack) -> AsyncIterator[SandboxPractice]:
    async with stack.practice() as sandbox:
        yield sandbox
