"""One billing-service on a fresh database for the whole integration suite (each test uses its own
practice id and patient keys, so tests never see each other's acts)."""

from collections.abc import AsyncIterator

import pytest

from billing_service.main import build
from billing_service.settings import Settings
from billing_service.testing import KEYS, Billing
from servicekit.testing import MovableClock, fresh_database, running, unique_group


# Per module, not per session: a billing app left running would bill the acts later suites
# (telemed's) publish on the shared broker and answer them with billing events of its own.
@pytest.fixture(scope="module")
async def billing() -> AsyncIterator[Billing]:
    async with fresh_database("billing") as url:
        settings = Settings(
            database_url=url,
            internal_token_public_key=KEYS.public_pem,
            consumer_group_suffix="-" + unique_group("t"),
            consumer_start_new_group_at_end=True,
            consumer_retry_base_seconds=0.05,
            outbox_safety_poll_seconds=0.5,
        )
        clock = MovableClock()
        app = build(settings, clock=clock)
        async with running(app) as http:
            yield Billing(http, app, url, clock, settings)
