"""Plans that stay flat: every list or search query of ins-service, on 100 k identities in one
practice (and 100 k history entries), plans no sequential scan and filters no more than a page's
worth of rows, as a custom plan and as the generic plan a prepared statement switches to."""

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from typing import Any

import pytest

from ins_service.main import MIGRATIONS
from ins_service.store import (
    IdentitySearch,
    PageAfter,
    TraitsSearch,
    duplicates_query,
    find_query,
    history_query,
)
from servicekit.testing import explain_plans, plan_problems, plans_with_problems, seeded_database

ROWS = 100_000
PRACTICE = "cabinet-big"
BIG = {"identities", "identity_transitions"}


def seed(rows: int) -> str:
    """Row i (1..rows) of the big practice: matricule M(i); every 20th also held P(i) before; typed name
    NOM<i % 5000>, born 1950-01-01 + (i % 20000) days. rows / 10 rows of 10 other practices beside them,
    and `rows` history entries (bench/query_plans.py seeds other sizes)."""
    return f"""
INSERT INTO identities (
    id, practice_id, status,
    typed_birth_name, typed_birth_first_names, typed_first_birth_first_name, typed_birth_date, typed_sex,
    typed_name_key, typed_first_name_key,
    insi_birth_name, insi_birth_first_names, insi_first_birth_first_name, insi_birth_date, insi_sex,
    insi_name_key, insi_first_name_key,
    matricule, oid, previous_ins, ins_confirmed, attributes, verification_refused,
    collection_method, created_by_rpps, created_at, updated_at)
SELECT
    md5('identity' || i)::uuid,
    CASE WHEN i <= {rows} THEN '{PRACTICE}' ELSE 'cabinet-' || (i % 10) END,
    'PROV',
    'NOM' || (i % 5000), 'PRENOM', 'PRENOM', DATE '1950-01-01' + (i % 20000), 'F',
    'NOM' || (i % 5000), 'PRENOM',
    CASE WHEN i % 2 = 0 THEN 'INSI' || (i % 5000) END, CASE WHEN i % 2 = 0 THEN 'PRENOM' END,
    CASE WHEN i % 2 = 0 THEN 'PRENOM' END, CASE WHEN i % 2 = 0 THEN DATE '1950-01-01' + (i % 20000) END,
    CASE WHEN i % 2 = 0 THEN 'F' END,
    CASE WHEN i % 2 = 0 THEN 'INSI' || (i % 5000) END, CASE WHEN i % 2 = 0 THEN 'PRENOM' END,
    'M' || lpad(i::text, 14, '0'), '1.2.250.1.213.1.4.8',
    CASE WHEN i % 20 = 0
        THEN jsonb_build_array(jsonb_build_object('matricule', 'P' || lpad(i::text, 14, '0'),
                                                  'oid', '1.2.250.1.213.1.4.8'))
        ELSE '[]'::jsonb END,
    false, '{{}}', false, 'SM', '10001234567',
    TIMESTAMPTZ '2020-01-01 00:00+00' + i * INTERVAL '1 minute',
    TIMESTAMPTZ '2020-01-01 00:00+00' + i * INTERVAL '1 minute'
FROM generate_series(1, {rows + rows // 10}) AS i;

INSERT INTO identity_transitions (
    id, identity_id, practice_id, kind, by_rpps, at, new_status, attributes, reason, created_at)
SELECT md5('transition' || i)::uuid, md5('identity' || i)::uuid, '{PRACTICE}', 'CREATED', '10001234567',
       TIMESTAMPTZ '2020-01-01 00:00+00' + i * INTERVAL '1 minute', 'PROV', '{{}}', '',
       TIMESTAMPTZ '2020-01-01 00:00+00' + i * INTERVAL '1 minute'
FROM generate_series(1, {rows}) AS i;
"""


SEED = seed(ROWS)


def matricule(i: int, previous: bool = False) -> str:
    return ("P" if previous else "M") + str(i).rjust(14, "0")


def identity_id(i: int) -> uuid.UUID:
    import hashlib

    return uuid.UUID(hashlib.md5(f"identity{i}".encode()).hexdigest())


def born(i: int) -> date:
    return date.fromordinal(date(1950, 1, 1).toordinal() + i % 20000)


@pytest.fixture(scope="module")
async def seeded() -> AsyncIterator[Any]:
    async with seeded_database("ins_plans", MIGRATIONS, SEED, BIG) as connection:
        yield connection


PAGE = 50
LATE = datetime(2020, 3, 1, tzinfo=UTC)


def searches(rows: int = ROWS) -> dict[str, tuple[IdentitySearch, PageAfter | None]]:
    """The list and its searches, and the cursor of each case."""
    old, absent = 7, rows + rows // 10 + 5
    return {
        "list first page": (IdentitySearch(), None),
        "list after a cursor": (IdentitySearch(), (LATE, identity_id(1))),
        "matricule (current, oldest)": (IdentitySearch(matricule(old)), None),
        "matricule (previous)": (IdentitySearch(matricule(60, True)), None),
        "matricule (absent)": (IdentitySearch(matricule(absent)), None),
        "matricule + traits": (IdentitySearch(matricule(old), TraitsSearch("NOM7", born(old))), None),
        "traits": (IdentitySearch(traits=TraitsSearch("NOM7", born(7))), None),
        "traits refined": (IdentitySearch(traits=TraitsSearch("NOM8", born(8), "Prenom", None)), None),
    }


def queries(rows: int = ROWS) -> dict[str, Any]:
    old, absent = 7, rows + rows // 10 + 5
    return {
        name: find_query(PRACTICE, search, after, PAGE) for name, (search, after) in searches(rows).items()
    } | {
        "duplicate candidates": duplicates_query(
            PRACTICE,
            [matricule(old), matricule(absent, True)],
            [],
            identity_id(1),
        ),
        "history": history_query(identity_id(old), None, PAGE),
    }


async def test_every_list_and_search_plans_flat(seeded: Any) -> None:
    found = await plans_with_problems(seeded, queries(), big_tables=BIG)
    assert not found, found


async def test_plan_problems_catches_the_old_matricule_search(seeded: Any) -> None:
    """The walker does see the problem the rewrite removed: the OR form, planned generically."""
    from sqlmodel import col, select

    from ins_service.models import IdentityRow
    from ins_service.store import holds_matricule

    old = (
        select(IdentityRow)
        .where(col(IdentityRow.practice_id) == PRACTICE, holds_matricule(matricule(7)))
        .order_by(col(IdentityRow.created_at), col(IdentityRow.id))
        .limit(PAGE + 1)
    )
    plans = await explain_plans(seeded, old)
    assert plan_problems(plans["generic"], big_tables=BIG), plans["generic"]
