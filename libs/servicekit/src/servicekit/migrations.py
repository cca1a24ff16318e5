"""Alembic, one history per service, applied at start under an advisory lock.

A service's `migrations/env.py` is two lines: import its metadata and call `run_env(metadata)`.
Its revisions declare instants with `timestamptz_column(name)` and make a table append-only with
`make_append_only(table)` (undone by `drop_append_only`).
"""

import asyncio
import re
from pathlib import Path
from typing import Any

from alembic import command, context, op
from alembic.config import Config
from sqlalchemy import Column, DateTime, MetaData, pool, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import async_engine_from_config

# Two instances (or two workers of one) starting together must not both run a revision.
MIGRATION_LOCK_ID = 0x44_45_4E_54  # "DENT"


def _migrate(connection: Connection, metadata: MetaData) -> None:
    # Transaction-scoped: the revisions run in this transaction (the lock's SELECT opened it, so
    # Alembic runs them in it) and the lock goes with its commit. The next instance then reads the
    # new alembic_version; a session lock released before the commit let it run them again.
    connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": MIGRATION_LOCK_ID})
    context.configure(connection=connection, target_metadata=metadata, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


async def _run_online(metadata: MetaData) -> None:
    config = context.config
    engine = async_engine_from_config(
        config.get_section(config.config_ini_section) or {}, prefix="sqlalchemy.", poolclass=pool.NullPool
    )
    async with engine.connect() as connection:
        await connection.run_sync(_migrate, metadata)
        await connection.commit()
    await engine.dispose()


def run_env(metadata: MetaData) -> None:
    """Body of every service's Alembic env.py."""
    if context.is_offline_mode():
        context.configure(
            url=context.config.get_main_option("sqlalchemy.url"), target_metadata=metadata, literal_binds=True
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    asyncio.run(_run_online(metadata))


def alembic_config(migrations_dir: Path, database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


async def upgrade_to_head(migrations_dir: Path, database_url: str) -> None:
    """Apply the service's migrations; env.py runs its own event loop, so it runs in a thread."""
    config = alembic_config(migrations_dir, database_url)
    await asyncio.to_thread(command.upgrade, config, "head")


def timestamptz_column(name: str, *, nullable: bool = False, **column: Any) -> Column[Any]:
    """A `timestamptz` column for `op.create_table`, the counterpart of the models' `db.timestamptz`."""
    return Column(name, DateTime(timezone=True), nullable=nullable, **column)


_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]*")


def _table_name(table: str) -> str:
    if not _IDENTIFIER.fullmatch(table):
        raise ValueError(f"not a plain table name: {table!r}")
    return table


def make_append_only(table: str) -> None:
    """From a revision's upgrade(): the database refuses UPDATE, DELETE and TRUNCATE on `table`.

    The trigger is statement-level, so even a statement that matches no row is refused. The error is
    SQLSTATE 42501 (insufficient_privilege), "<table> is append-only"; INSERT and SELECT are untouched.
    """
    name = _table_name(table)
    op.execute(
        f"""
        CREATE FUNCTION {name}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
        END;
        $$
        """
    )
    op.execute(
        f"CREATE TRIGGER {name}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON {name} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {name}_append_only()"
    )


def drop_append_only(table: str) -> None:
    """From a revision's downgrade(): undo `make_append_only(table)`."""
    name = _table_name(table)
    op.execute(f"DROP TRIGGER IF EXISTS {name}_append_only ON {name}")
    op.execute(f"DROP FUNCTION IF EXISTS {name}_append_only()")
