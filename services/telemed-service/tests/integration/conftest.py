from collections.abc import AsyncIterator

import pytest

from servicekit.testing import MovableClock, fresh_database, running
from telemed_service.main import build
from telemed_service.testing import Service, settings_for


@pytest.fixture(scope="session")
async def service() -> AsyncIterator[Service]:
    async with fresh_database("telemed") as url:
        clock = MovableClock()
        app = build(settings_for(url), clock=clock)
        async with running(app) as http:
            yield Service(http=http, url=url, app=app, clock=clock)
