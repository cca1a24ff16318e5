"""vitale-service integration fixtures; the harness is vitale_service.testing."""

from collections.abc import AsyncIterator

import pytest

from servicekit.testing import FrozenClock, fresh_database, unique_group
from vitale_service.testing import Service, service_on


@pytest.fixture(scope="module")
async def service() -> AsyncIterator[Service]:
    async with fresh_database("vitale") as url:
        async with service_on(url, FrozenClock()) as running_service:
            yield running_service


@pytest.fixture
def practice() -> str:
    return unique_group("cab")
