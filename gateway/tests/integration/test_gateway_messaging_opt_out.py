"""The gateway neither produces nor consumes events: no Kafka producer (so no Kafka readiness check),
and no outbox or inbox tables in its database, whether created fresh or upgraded."""

import asyncio

import httpx
import pytest
from alembic import command
from alembic.script import ScriptDirectory

from gateway.main import MIGRATIONS
from gateway.testing import Stack
from servicekit.migrations import alembic_config, upgrade_to_head
from servicekit.testing import database_connection, fresh_database

pytestmark = pytest.mark.integration
KIT_TABLES = ("outbox_messages", "inbox_messages")


async def _tables(url: str) -> set[str]:
    async with database_connection(url) as connection:
        rows = await connection.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    return {row["tablename"] for row in rows}


HEAD = ScriptDirectory.from_config(alembic_config(MIGRATIONS, "postgresql://unused")).get_current_head()


async def _revision(url: str) -> str:
    async with database_connection(url) as connection:
        value: str = await connection.fetchval("SELECT version_num FROM alembic_version")
    return value


async def test_readiness_checks_the_database_only(http: httpx.AsyncClient) -> None:
    ready = await http.get("/ready")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "checks": {"database": True}}


async def test_a_new_gateway_database_has_no_kit_tables(stack: Stack) -> None:
    tables = await _tables(stack.database_url)
    assert {"api_clients", "practice_members", "idempotency_records", "audit_events"} <= tables
    assert not tables & set(KIT_TABLES)
    assert await _revision(stack.database_url) == HEAD


async def test_an_existing_gateway_database_loses_its_kit_tables_on_upgrade() -> None:
    async with fresh_database("gwkit") as url:
        # As a gateway database was before 0003: servicekit's outbox and inbox next to its own tables.
        await asyncio.to_thread(command.upgrade, alembic_config(MIGRATIONS, url), "0002")
        assert set(KIT_TABLES) <= await _tables(url)
        await upgrade_to_head(MIGRATIONS, url)
        tables = await _tables(url)
        assert not tables & set(KIT_TABLES) and "audit_events" in tables
        assert await _revision(url) == HEAD
