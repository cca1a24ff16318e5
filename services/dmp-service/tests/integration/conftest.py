"""One dmp-service per test module (real PostgreSQL and Kafka), stopped when the module is done.

Each test works on its own patients (fresh INS) and practice ids, so tests don't see each other.
The clock is movable (reminders) and the national DMP and e-mail sandboxes are reachable (fault
injection); the harness reads the service's database through its own connection pool.
"""

from collections.abc import AsyncIterator, Iterator
from datetime import timedelta

import pytest

from dmp_service.adapters.email import SandboxMailer
from dmp_service.adapters.national_dmp import SandboxNationalDmp
from dmp_service.main import build
from dmp_service.settings import NationalDmpFault, Settings
from dmp_service.testing import KEYS, Harness
from servicekit.db import Database
from servicekit.testing import MovableClock, fresh_database, running, unique_group


@pytest.fixture(scope="module")
async def harness() -> AsyncIterator[Harness]:
    suffix = "-" + unique_group("t")
    async with fresh_database("dmp") as url:
        settings = Settings(
            database_url=url,
            internal_token_public_key=KEYS.public_pem,
            consumer_group_suffix=suffix,
            consumer_start_new_group_at_end=True,
            push_interval_seconds=0.1,
            push_first_delay_seconds=0.2,
            push_max_delay_seconds=1.0,
            national_dmp_timeout_seconds=1.0,
            notification_interval_seconds=0.1,
            reminder_interval_seconds=0.1,
            max_document_bytes=64 * 1024,
        )
        clock = MovableClock()
        national = SandboxNationalDmp()
        database = Database(settings.resolved_database_url())
        mailer = SandboxMailer(database, fault=settings.sandbox_mailer_fault)
        try:
            app = build(settings, clock=clock, national_dmp=national, mailer=mailer)
            async with running(app) as http:
                yield Harness(http=http, clock=clock, national=national, mailer=mailer, database=database)
        finally:
            await database.close()


@pytest.fixture
def dmp(harness: Harness) -> Iterator[Harness]:
    """The shared service; the clock and sandbox faults are put back after each test."""
    yield harness
    harness.clock.offset = timedelta(0)
    harness.national.fault = NationalDmpFault.NONE


@pytest.fixture
def practice() -> str:
    return unique_group("cab")
