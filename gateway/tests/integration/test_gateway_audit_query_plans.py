"""Plans that stay flat: the audit trail list (`GET /v1/audit-events`) under each of its filters, on
100 k traced calls, and a practice's roster list, on 100 k roster members, plan no sequential scan
and filter no more than a page's worth of rows, as a custom plan and as the generic plan a prepared
statement switches to."""

import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from gateway.domain.audit import AuditQuery
from gateway.main import MIGRATIONS
from gateway.store import SqlGatewayStore
from servicekit.testing import StatementRecorder, plans_with_problems, seeded_database

pytestmark = pytest.mark.integration

ROWS = 100_000
PRACTICE = "cabinet-big"
BIG = {"audit_events", "practice_members"}
START = "TIMESTAMPTZ '2025-01-01 08:00+00'"


def seed(rows: int) -> str:
    """`rows` traced calls over ~70 days whatever their number (one a minute at 100 k): 9 in 10 in the
    big practice; 5 busy professionals and 3 busy vendor softwares, and a rare one of each (1 call in
    1 000); 2 in 3 about a patient (20 k patients) and 1 in 2 about a resource of its own; 1 in 20
    refused (403), 1 in 100 failed upstream (502); the last 10 still running (no outcome yet). And
    `rows` roster members of 1 000 practices."""
    every = f"INTERVAL '{100_000 / rows:.4f} minutes'"
    return f"""
INSERT INTO audit_events (id, created_at, completed_at, client_id, practice_id, rpps, profession, role,
                          method, route, upstream, resource, resource_id, patient_ins, status, outcome,
                          request_id)
SELECT md5('call' || i)::uuid, {START} + i * {every},
       CASE WHEN i <= {rows} - 10 THEN {START} + i * {every} + INTERVAL '50 ms' END,
       CASE WHEN i % 1000 = 1 THEN 'vendor-rare' ELSE 'vendor-' || (i % 3) END,
       CASE WHEN i % 10 = 0 THEN 'cabinet-' || (i % 7) ELSE '{PRACTICE}' END,
       CASE WHEN i % 1000 = 3 THEN '10000000099' ELSE '1000000000' || (i % 5) END,
       'dentist', 'dentist', 'GET', '/v1/identities/{{identity_id}}', 'ins',
       (ARRAY['identity', 'apcv-session', 'tele-expertise', 'document'])[i % 4 + 1],
       CASE WHEN i % 2 = 0 THEN 'resource-' || (i / 2) END,
       CASE WHEN i % 3 <> 0 THEN 'INS' || lpad((i % 20000)::text, 12, '0') END,
       CASE WHEN i > {rows} - 10 THEN NULL WHEN i % 100 = 1 THEN 502 WHEN i % 20 = 0 THEN 403 ELSE 200 END,
       CASE WHEN i > {rows} - 10 THEN NULL WHEN i % 100 = 1 THEN 'upstream-error'
            WHEN i % 20 = 0 THEN 'forbidden-role' ELSE 'success' END,
       'request-' || i
FROM generate_series(1, {rows}) AS i;

INSERT INTO practice_members (practice_id, rpps, roles, created_at, updated_at, updated_by)
SELECT 'cabinet-' || (i % 1000), lpad(i::text, 11, '0'), ARRAY['dentist'], {START} + i * {every},
       {START} + i * {every}, 'admin'
FROM generate_series(1, {rows}) AS i;
"""


SEED = seed(ROWS)


@pytest.fixture(scope="module")
async def seeded() -> AsyncIterator[Any]:
    async with seeded_database("gateway_plans", MIGRATIONS, SEED, BIG) as connection:
        yield connection


PAGE = 50
SINCE, UNTIL = datetime(2025, 2, 1, tzinfo=UTC), datetime(2025, 2, 8, tzinfo=UTC)
AFTER = (datetime(2025, 1, 20, tzinfo=UTC), uuid.UUID(int=0))


def queries() -> dict[str, tuple[AuditQuery, Any]]:
    one_of_each: dict[str, Callable[[], AuditQuery]] = {
        "no filter": lambda: AuditQuery(),
        "?patient_ins=": lambda: AuditQuery(patient_ins="INS000000004242"),
        "?resource=": lambda: AuditQuery(resource="tele-expertise"),
        "?resource=&resource_id=": lambda: AuditQuery(resource="document", resource_id="resource-4242"),
        "?resource_id=": lambda: AuditQuery(resource_id="resource-4242"),
        "?rpps= (a busy one)": lambda: AuditQuery(rpps="10000000003"),
        "?rpps= (a rare one)": lambda: AuditQuery(rpps="10000000099"),
        "?client_id= (a busy one)": lambda: AuditQuery(client_id="vendor-2"),
        "?client_id= (a rare one)": lambda: AuditQuery(client_id="vendor-rare"),
        "?outcome=": lambda: AuditQuery(outcome="upstream-error"),
        "?status=": lambda: AuditQuery(status=403),
        "?since=&until=": lambda: AuditQuery(since=SINCE, until=UNTIL),
        "?since=": lambda: AuditQuery(since=SINCE),
        "?until=": lambda: AuditQuery(until=UNTIL),
        "?patient_ins=&since=": lambda: AuditQuery(patient_ins="INS000000004242", since=SINCE),
        "?rpps=&since=&until=": lambda: AuditQuery(rpps="10000000003", since=SINCE, until=UNTIL),
        "?outcome=&since=&until=": lambda: AuditQuery(outcome="forbidden-role", since=SINCE, until=UNTIL),
        "?status=&until=": lambda: AuditQuery(status=502, until=UNTIL),
    }
    found: dict[str, tuple[AuditQuery, Any]] = {}
    for name, query in one_of_each.items():
        found[name] = (query(), None)
        found[f"{name} after a cursor"] = (query(), AFTER)
    return found


async def statements() -> dict[str, Any]:
    """Each list query as the store sends it (also timed by bench/query_plans.py)."""
    recorder = StatementRecorder()
    store = SqlGatewayStore(recorder)  # type: ignore[arg-type]
    found = {}
    for name, (query, after) in queries().items():
        await store.audit_records(PRACTICE, query, after=after, limit=PAGE + 1)
        found[f"audit events {name}"] = recorder.last()
    for cursor in (None, (datetime(2025, 1, 20, tzinfo=UTC), "00000000000")):
        await store.members("cabinet-42", after=cursor, limit=PAGE + 1)
        found["roster" + (" after a cursor" if cursor else "")] = recorder.last()
    return found


async def test_every_audit_and_roster_list_plans_flat(seeded: Any) -> None:
    found = await plans_with_problems(seeded, await statements(), big_tables=BIG)
    assert not found, "\n".join(f"{name}: {problems}" for name, problems in found.items())


async def test_pages_within_a_window_list_every_event_once(seeded: Any) -> None:
    """Pages of `?since=&until=`, each after the last event of the previous (the first after a cursor
    older than `since`), list exactly the window's events in order: the store keeps only the stricter
    of `since` and the cursor, and that changes no page."""
    from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect

    window = AuditQuery(since=SINCE, until=SINCE + timedelta(hours=2))
    recorder = StatementRecorder()
    store = SqlGatewayStore(recorder)  # type: ignore[arg-type]

    async def page(after: tuple[datetime, uuid.UUID] | None) -> list[tuple[datetime, uuid.UUID]]:
        await store.audit_records(PRACTICE, window, after=after, limit=7)
        compiled = recorder.last().compile(dialect=asyncpg_dialect())  # type: ignore[no-untyped-call]
        values = [compiled.params[name] for name in compiled.positiontup or ()]
        return [(row["created_at"], row["id"]) for row in await seeded.fetch(str(compiled), *values)]

    expected = await seeded.fetch(
        "SELECT created_at, id FROM audit_events WHERE practice_id = $1 AND created_at >= $2"
        " AND created_at < $3 ORDER BY created_at, id",
        PRACTICE,
        window.since,
        window.until,
    )
    listed: list[tuple[datetime, uuid.UUID]] = []
    after: tuple[datetime, uuid.UUID] | None = AFTER
    while True:
        found = await page(after)
        listed += found
        if len(found) < 7:
            break
        after = found[-1]
    assert listed == [(row["created_at"], row["id"]) for row in expected]
    assert len(listed) > 3 * 7  # several pages
