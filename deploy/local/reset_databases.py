"""Drop and recreate the stack's databases under a suffix, so `make test` runs on empty ones.

Usage: python deploy/local/reset_databases.py _test
Works on the local cluster and on an external DATABASE_URL alike (the URL's credentials are used).
"""

import asyncio
import sys

import asyncpg
from sqlalchemy.engine import make_url

from servicekit.testing import admin_database_url

DATABASES = ("ins", "vitale", "dmp", "telemed", "billing", "webhook", "gateway")


async def reset(suffix: str) -> None:
    if not suffix.replace("_", "").isalnum():
        raise SystemExit("the suffix is letters, digits and underscores")
    url = make_url(admin_database_url()).set(drivername="postgresql", database="postgres")
    connection = await asyncpg.connect(url.render_as_string(hide_password=False))
    try:
        for name in DATABASES:
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}{suffix}" WITH (FORCE)')
            await connection.execute(f'CREATE DATABASE "{name}{suffix}"')
    finally:
        await connection.close()


if __name__ == "__main__":
    asyncio.run(reset(sys.argv[1]))
