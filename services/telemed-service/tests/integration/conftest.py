import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from telemed_it import Service, settings_for

from servicekit.testing import MovableClock, fresh_database, running
from telemed_service.main import build


@pytest.fixture(scope="session")
async def service() -> AsyncIterator[Service]:
    async with fresh_database("telemed") as url:
        clock = MovableClock()
        app = build(settings_for(url), clock=clock)
        async with running(app) as http:
            yield Service(http=http, url=url, app=app, clock=clock)
