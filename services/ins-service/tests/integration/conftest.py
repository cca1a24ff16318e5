"""ins-service against the real PostgreSQL and Kafka: one app per module, a practice per test."""

import httpx
import pytest

from ins_service.main import build
from ins_service.testing import Practice, integration_settings
from servicekit.testing import fresh_database, running, unique_group


# Per module: an ins app left running would qualify identities from later suites' apCV events.
@pytest.fixture(scope="module")
async def ins_database_url():
    async with fresh_database("ins") as url:
        yield url


@pytest.fixture(scope="module")
async def ins_http(ins_database_url: str):
    settings = integration_settings(ins_database_url, consumer_group_suffix="-" + unique_group("t"))
    async with running(build(settings)) as http:
        yield http


@pytest.fixture
def practice(ins_http: httpx.AsyncClient) -> Practice:
    return Practice(ins_http, unique_group("cab"))
