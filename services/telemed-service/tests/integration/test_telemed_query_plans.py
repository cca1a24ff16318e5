"""Plans that stay flat: the tele-expertise list (each side a caller takes part on, each `?status=`,
after a cursor) and an expertise's trace, on 100 k tele-expertises and trace entries, plan no
sequential scan and filter no more than a page's worth of rows, as a custom plan and as the generic
plan a prepared statement switches to; and the sides merged page by page list every expertise the
caller takes part in, once each, in order."""

import hashlib
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest

from servicekit.testing import StatementRecorder, plans_with_problems, seeded_database
from telemed_service.domain import ExpertiseStatus, PartyFilter
from telemed_service.main import MIGRATIONS
from telemed_service.store import SqlTelemedStore, expertises_query

ROWS = 100_000
PRACTICE, DENTIST = "cabinet-big", "10000000007"
BIG = {"tele_expertises", "expertise_trace"}
START = "TIMESTAMPTZ '2024-01-01 08:00+00'"


def seed(rows: int) -> str:
    """`rows` tele-expertises over ~350 days whatever their number (one every 5 minutes at 100 k), a
    trace entry each. Expertise i: asked by the big practice 9 times in 10 (else by one of 7 others),
    of one of 50 dentists in one of 20 practices (the 20th being the big practice itself, so some are
    on two of its sides); the last 100 still requested, then 1 in 20 refused, the rest answered."""
    every = f"INTERVAL '{500_000 / rows:.4f} minutes'"
    return f"""
INSERT INTO tele_expertises (id, requerant_practice_id, requis_practice_id, situation, status, requerant_rpps,
    requerant_profession, requis_rpps, requis_profession, known_relationship, patient_matricule, patient_oid,
    reasons, requested_at, created_at)
SELECT md5('expertise' || i)::uuid, CASE WHEN i % 10 = 0 THEN 'cabinet-' || (i % 7) ELSE '{PRACTICE}' END,
       CASE WHEN i % 20 = 0 THEN '{PRACTICE}' ELSE 'cabinet-requis-' || (i % 20) END, 'situation',
       CASE WHEN i > {rows} - 100 THEN 'requested' WHEN i % 20 = 1 THEN 'refused' ELSE 'answered' END,
       '10000000001', 'dentist', '100000000' || lpad((i % 50)::text, 2, '0'), 'dentist', true,
       lpad((i % 20000)::text, 15, '0'), '1.2.250.1.213.1.4.8', 'reasons',
       {START} + i * {every}, {START} + i * {every}
FROM generate_series(1, {rows}) AS i;

INSERT INTO expertise_trace (expertise_id, seq, at, action, actor_role, to_status, details)
SELECT md5('expertise' || i)::uuid, 1, {START} + i * {every}, 'requested', 'requerant',
       'requested', '{{}}'
FROM generate_series(1, {rows}) AS i;
"""


SEED = seed(ROWS)


@pytest.fixture(scope="module")
async def seeded() -> AsyncIterator[Any]:
    async with seeded_database("telemed_plans", MIGRATIONS, SEED, BIG) as connection:
        yield connection


PAGE = 50
AFTER = (datetime(2024, 6, 1, tzinfo=UTC), uuid.UUID(int=0))


def expertise(i: int) -> uuid.UUID:
    return uuid.UUID(hashlib.md5(f"expertise{i}".encode()).hexdigest())


def cases() -> dict[str, dict[str, Any]]:
    """The list as each side of two practices' callers, with and without `?status=` and a cursor."""
    found: dict[str, dict[str, Any]] = {}
    for practice in (PRACTICE, "cabinet-3"):
        for party in (None, *PartyFilter):
            for status in (None, ExpertiseStatus.REQUESTED, ExpertiseStatus.REFUSED):
                for after in (None, AFTER):
                    name = f"{practice} as={party} ?status={status} after={after is not None}"
                    found[name] = {
                        "practice_id": practice,
                        "rpps": DENTIST,
                        "party": party,
                        "status": status,
                        "after": after,
                        "limit": PAGE,
                    }
    return found


def queries() -> dict[str, Any]:
    return {name: expertises_query(**case) for name, case in cases().items()}


async def statements() -> dict[str, Any]:
    """Each list query as the store sends it (also timed by bench/query_plans.py)."""
    found = queries()
    recorder = StatementRecorder()
    await SqlTelemedStore(recorder).trace(expertise(4242))  # type: ignore[arg-type]
    found["trace"] = recorder.last()
    return found


async def test_every_list_plans_flat(seeded: Any) -> None:
    found = await plans_with_problems(seeded, await statements(), big_tables=BIG)
    assert not found, "\n".join(f"{name}: {problems}" for name, problems in found.items())


async def test_the_merged_sides_page_through_every_expertise_once(seeded: Any) -> None:
    """Pages of the merged query, each after the last row of the previous, list exactly what the
    plain OR of the three sides lists, in (created_at, id) order: no row lost, none twice."""
    from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect

    async def ids(statement: Any) -> list[tuple[datetime, uuid.UUID]]:
        compiled = statement.compile(dialect=asyncpg_dialect())  # type: ignore[no-untyped-call]
        values = [compiled.params[name] for name in compiled.positiontup or ()]
        return [(row["created_at"], row["id"]) for row in await seeded.fetch(str(compiled), *values)]

    expected = await seeded.fetch(
        f"""SELECT created_at, id FROM tele_expertises
            WHERE status = 'requested' AND (requerant_practice_id = '{PRACTICE}'
                  OR requis_rpps = '{DENTIST}' OR requis_practice_id = '{PRACTICE}')
            ORDER BY created_at, id"""
    )
    listed: list[tuple[datetime, uuid.UUID]] = []
    after = None
    while True:
        page = await ids(
            expertises_query(
                practice_id=PRACTICE,
                rpps=DENTIST,
                party=None,
                status=ExpertiseStatus.REQUESTED,
                after=after,
                limit=7,
            )
        )
        listed += page
        if len(page) < 7:
            break
        after = page[-1]
    assert listed == [(row["created_at"], row["id"]) for row in expected]
    assert len(listed) > 3 * 7  # several pages
