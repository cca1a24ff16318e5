"""Migrations at start-up under the advisory lock: an instance that waited for another's migration
finds it applied, even when the other's commit is slow, so a revision never runs twice.

Each migrator is a process of its own (Alembic's context is process-wide), as each worker is. The
revision's COMMIT is held open by a deferred trigger waiting on a lock this test holds: the second
migrator arrives while the first is committing, and must wait for that commit, not only for the
revision's statements.
"""

import asyncio
import sys
from pathlib import Path

import pytest

from servicekit.testing import database_connection, eventually, fresh_database

pytestmark = pytest.mark.integration

GATE = 4242  # advisory lock the test holds while the first migrator commits

REVISION = f'''
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.execute("CREATE TABLE applied (n serial PRIMARY KEY)")
    op.execute(
        """CREATE FUNCTION wait_for_gate() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM pg_advisory_lock({GATE}); PERFORM pg_advisory_unlock({GATE}); RETURN NULL; END $$"""
    )
    op.execute(
        "CREATE CONSTRAINT TRIGGER gate AFTER INSERT ON applied DEFERRABLE INITIALLY DEFERRED "
        "FOR EACH ROW EXECUTE FUNCTION wait_for_gate()"
    )
    op.execute("INSERT INTO applied DEFAULT VALUES")
'''

MIGRATE = (
    "import asyncio, sys; from pathlib import Path; from servicekit.migrations import upgrade_to_head; "
    "asyncio.run(upgrade_to_head(Path(sys.argv[1]), sys.argv[2]))"
)


def migrations(directory: Path) -> Path:
    (directory / "versions").mkdir(parents=True)
    (directory / "env.py").write_text(
        "from sqlalchemy import MetaData\nfrom servicekit.migrations import run_env\nrun_env(MetaData())\n"
    )
    (directory / "versions" / "0001_gate.py").write_text(REVISION)
    return directory


async def migrator(directory: Path, url: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-c", MIGRATE, str(directory), url,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip


async def test_an_instance_waiting_for_the_migration_lock_finds_the_revision_committed(
    tmp_path: Path,
) -> None:
    directory = migrations(tmp_path / "migrations")
    async with fresh_database("migration_lock") as url, database_connection(url) as gatekeeper:
        database = await gatekeeper.fetchval("SELECT current_database()")

        async def waiting(count: int) -> None:
            blocked = await gatekeeper.fetchval(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'",
                database,
            )
            assert blocked == count

        await gatekeeper.execute(f"SELECT pg_advisory_lock({GATE})")
        first = await migrator(directory, url)
        await eventually(lambda: waiting(1), timeout=60)  # the first is committing, held at the gate
        second = await migrator(directory, url)
        await eventually(lambda: waiting(2), timeout=60)  # the second waits for the first
        await gatekeeper.execute(f"SELECT pg_advisory_unlock({GATE})")
        outputs = [(await process.communicate())[0].decode() for process in (first, second)]

        assert [first.returncode, second.returncode] == [0, 0], outputs
        assert await gatekeeper.fetchval("SELECT count(*) FROM applied") == 1
