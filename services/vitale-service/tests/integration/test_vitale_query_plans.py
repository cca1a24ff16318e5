"""Plans that stay flat: the session list of vitale-service (all, `?status=` open, closed, expired),
on 100 k sessions of one practice, plans no sequential scan and filters no more than a page's worth
of rows, as a custom plan and as the generic plan a prepared statement switches to."""

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest

from servicekit.testing import (
    StatementRecorder,
    plans_with_problems,
    seeded_database,
)
from vitale_service.domain.session import SessionStatus
from vitale_service.main import MIGRATIONS
from vitale_service.store import SqlVitaleStore

ROWS = 100_000
PRACTICE = "cabinet-big"
BIG = {"apcv_sessions"}
NOW = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


def seed(rows: int) -> str:
    """`rows` sessions, one every 5 minutes up to NOW: the last few open, the rest closed (2 in 3) or
    expired (bench/query_plans.py seeds other sizes)."""
    return f"""
INSERT INTO apcv_sessions (id, practice_id, practitioner_rpps, patient_key, reading_mode, beneficiary,
    rights_status, rights_insurer, rights_start, state, opened_at, expires_at, closed_at, created_at)
SELECT md5('session' || i)::uuid, CASE WHEN i % 10 = 0 THEN 'cabinet-' || (i % 7) ELSE '{PRACTICE}' END,
       '10001234567', 'pk_' || md5('patient' || (i % 20000)), 'qr', '{{}}', 'open', '011123456',
       DATE '2020-01-01',
       CASE WHEN i > {rows} - 6 THEN 'open' WHEN i % 3 = 0 THEN 'expired' ELSE 'closed' END,
       t, t + INTERVAL '30 minutes',
       CASE WHEN i % 3 <> 0 AND i <= {rows} - 6 THEN t + INTERVAL '10 minutes' END, t
FROM generate_series(1, {rows}) AS i,
     LATERAL (SELECT TIMESTAMPTZ '2026-01-01 12:00+00' - ({rows} - i) * INTERVAL '5 minutes' AS t) AS at;
"""


SEED = seed(ROWS)


@pytest.fixture(scope="module")
async def seeded() -> AsyncIterator[Any]:
    async with seeded_database("vitale_plans", MIGRATIONS, SEED, ["apcv_sessions"]) as connection:
        yield connection


async def statements() -> dict[str, Any]:
    """Each list query as the store sends it (also timed by bench/query_plans.py)."""
    recorder = StatementRecorder()
    store = SqlVitaleStore(recorder)  # type: ignore[arg-type]
    found = {}
    after = (datetime(2025, 6, 1, tzinfo=UTC), uuid.UUID(int=0))
    for status in (None, *SessionStatus):
        for cursor in (None, after):
            await store.list_sessions(PRACTICE, status=status, now=NOW, limit=50, after=cursor)
            found[f"sessions ?status={status} after={cursor is not None}"] = recorder.last()
    return found


async def test_session_list_plans_flat(seeded: Any) -> None:
    found = await plans_with_problems(seeded, await statements(), big_tables=BIG)
    assert not found, "\n".join(f"{name}: {problems}" for name, problems in found.items())
