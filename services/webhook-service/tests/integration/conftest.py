"""webhook-service integration fixtures; the harness is webhook_service.testing."""

from collections.abc import AsyncIterator, Iterator

import pytest

from servicekit.testing import MovableClock, fresh_database, unique_group
from webhook_service.testing import Receiver, Service, service_on


@pytest.fixture(scope="module")
async def service() -> AsyncIterator[Service]:
    async with fresh_database("webhook") as url:
        async with service_on(url, MovableClock()) as running_service:
            yield running_service


@pytest.fixture
def practice() -> str:
    return unique_group("cab")


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    running = Receiver().start()
    yield running
    running.stop()
