"""vitale-service integration fixtures; the harness module sits beside this file."""

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from vitale_harness import Service, service_on

from servicekit.testing import FrozenClock, fresh_database, unique_group


@pytest.fixture(scope="module")
async def service() -> AsyncIterator[Service]:
    async with fresh_database("vitale") as url:
        async with service_on(url, FrozenClock()) as running_service:
            yield running_service


@pytest.fixture
def practice() -> str:
    return unique_group("cab")
