"""`make_append_only`: the database itself refuses to rewrite or erase an append-only table."""

import asyncpg
import pytest

from servicekit.migrations import make_append_only, upgrade_to_head
from servicekit.probe import MIGRATIONS
from servicekit.testing import database_connection, fresh_database

pytestmark = pytest.mark.integration


async def test_an_append_only_table_takes_inserts_and_refuses_every_change():
    async with fresh_database("append_only") as url:
        await upgrade_to_head(MIGRATIONS, url)
        async with database_connection(url) as connection:
            await connection.execute("INSERT INTO ledger (entry) VALUES ('first'), ('second')")
            for statement in (
                "UPDATE ledger SET entry = 'rewritten' WHERE entry = 'first'",
                "UPDATE ledger SET entry = 'rewritten' WHERE entry = 'no such entry'",
                "DELETE FROM ledger",
                "TRUNCATE ledger",
            ):
                with pytest.raises(asyncpg.InsufficientPrivilegeError, match="ledger is append-only"):
                    await connection.execute(statement)
            assert await connection.fetchval("SELECT count(*) FROM ledger") == 2


def test_only_a_plain_table_name_is_accepted():
    with pytest.raises(ValueError, match="plain table name"):
        make_append_only("ledger; DROP TABLE received")
