"""Audit outcomes written in batches on real PostgreSQL: one statement for many rows, a row's outcome
written once (a repeat is skipped without failing its batch), a created resource's id kept where one
was recorded, and nothing lost when the database refuses a batch for a while."""

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import asyncpg
import pytest

from gateway.audit_outcomes import AuditOutcomes
from gateway.domain.audit import AuditOutcome, AuditRecord
from gateway.main import MIGRATIONS
from gateway.store import SqlGatewayStore
from servicekit import sql_single_statements
from servicekit.db import Database
from servicekit.migrations import upgrade_to_head
from servicekit.testing import fresh_database

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def record(resource_id: str | None = None) -> AuditRecord:
    return AuditRecord(
        id=uuid.uuid4(),
        created_at=NOW,
        completed_at=None,
        client_id="vendor-1",
        practice_id="cab-1",
        rpps="10000001015",
        profession="40",
        role="dentist",
        method="GET",
        route="/v1/identities/{identity_id}",
        upstream="ins",
        resource="identity",
        resource_id=resource_id,
        patient_ins=None,
        status=None,
        outcome=None,
        request_id="req-1",
    )


@pytest.fixture
async def database() -> AsyncIterator[Database]:
    async with fresh_database("gateway_outcomes") as url:
        await upgrade_to_head(MIGRATIONS, url)
        database = Database(url)
        try:
            yield database
        finally:
            await database.close()


async def rows(database: Database) -> dict[uuid.UUID, tuple[int | None, str | None, str | None]]:
    connection = await asyncpg.connect(database.url.replace("postgresql+asyncpg", "postgresql"))
    try:
        found = await connection.fetch("SELECT id, status, outcome, resource_id FROM audit_events")
    finally:
        await connection.close()
    return {row["id"]: (row["status"], row["outcome"], row["resource_id"]) for row in found}


async def test_many_outcomes_one_batch_each_written_once(database: Database) -> None:
    units = sql_single_statements(database, SqlGatewayStore, "/dentalink/gateway")
    records = [record() for _ in range(300)] + [record(resource_id="te-1")]
    async with units() as uow:
        for each in records:
            await uow.store.add_audit_record(each)
    outcomes = AuditOutcomes(units, max_batch=1000)
    done = NOW + timedelta(seconds=1)
    for each in records[:300]:
        outcomes.add(AuditOutcome(each.id, 200, "success", done))
    outcomes.add(AuditOutcome(records[300].id, 201, "success", done, resource_id="te-2"))
    await outcomes.flush()
    # A second outcome for rows that have one (a retried completion) is skipped, and the new rows of
    # the same batch still get theirs.
    late = record()
    async with units() as uow:
        await uow.store.add_audit_record(late)
    outcomes.add(AuditOutcome(records[0].id, 500, "upstream-error", done))
    outcomes.add(AuditOutcome(late.id, 404, "not-found", done))
    await outcomes.flush()
    stored = await rows(database)
    assert all(stored[each.id] == (200, "success", None) for each in records[:300])
    assert stored[records[300].id] == (201, "success", "te-1")  # the recorded id is kept
    assert stored[late.id] == (404, "not-found", None)
    assert outcomes.pending == 0


async def test_a_refused_batch_stays_queued_and_is_written_later(database: Database) -> None:
    units = sql_single_statements(database, SqlGatewayStore, "/dentalink/gateway")
    traced = record()
    async with units() as uow:
        await uow.store.add_audit_record(traced)
    broken = Database(database.url.replace("/test_", "/missing_"))
    outcomes = AuditOutcomes(sql_single_statements(broken, SqlGatewayStore, "/dentalink/gateway"))
    outcomes.add(AuditOutcome(traced.id, 200, "success", NOW))
    with pytest.raises(asyncpg.InvalidCatalogNameError):
        await outcomes.flush()
    await broken.close()
    assert outcomes.pending == 1
    outcomes.units = units  # the database is back
    await outcomes.flush()
    assert (await rows(database))[traced.id] == (200, "success", None)


async def test_what_is_queued_at_shutdown_is_written_before_the_database_closes(
    database: Database,
) -> None:
    units = sql_single_statements(database, SqlGatewayStore, "/dentalink/gateway")
    traced = [record() for _ in range(3)]
    async with units() as uow:
        for each in traced:
            await uow.store.add_audit_record(each)
    outcomes = AuditOutcomes(units, linger_seconds=60)  # the writer would not get to them in time
    async with outcomes.writing():
        for each in traced:
            outcomes.add(AuditOutcome(each.id, 200, "success", NOW))
    stored = await rows(database)
    assert [stored[each.id][0] for each in traced] == [200, 200, 200]
