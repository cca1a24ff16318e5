"""Management commands of the gateway (run where the gateway's database is reachable).

    python -m gateway.manage register-client --client-id ID --practice P [--practice P2] --scopes "..."
    python -m gateway.manage add-practice --client-id ID --practice P
    python -m gateway.manage rotate-client-secret --client-id ID
    python -m gateway.manage disable-client --client-id ID   (enable-client to undo)
    python -m gateway.manage add-member --practice P --rpps R --role practice_admin [--role dentist]
    python -m gateway.manage rotate-signing-key --keys-dir DIR [--keep 2]

`register-client` and `rotate-client-secret` print the secret once: it is stored only hashed.
`--scopes` takes space or comma separated scopes, or `*` for all of them.
"""

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from dentalink_contracts.values import Role
from gateway import admin
from gateway.domain.scopes import SCOPES, UnknownScopeError
from gateway.main import MIGRATIONS
from gateway.settings import Settings
from gateway.signing_keys import rotate
from servicekit.db import Database
from servicekit.migrations import upgrade_to_head


async def in_transaction(
    database_url: str, work: Callable[[AsyncSession], Awaitable[Any]], *, migrate: bool = True
) -> Any:
    """Apply the migrations (unless the gateway already did), then run `work` in one transaction."""
    if migrate:
        await upgrade_to_head(MIGRATIONS, database_url)
    database = Database(database_url, pool_size=1)
    try:
        async with database.transaction() as session:
            return await work(session)
    finally:
        await database.close()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m gateway.manage", description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="defaults to the gateway's settings (GATEWAY_DATABASE_URL…)")
    commands = parser.add_subparsers(dest="command", required=True)
    register = commands.add_parser("register-client", help="register vendor software; prints its secret once")
    register.add_argument("--client-id", required=True)
    register.add_argument("--practice", action="append", required=True, help="repeat for several practices")
    register.add_argument("--scopes", required=True, help=f"among: {' '.join(sorted(SCOPES))} (or *)")
    register.add_argument("--name")
    register.add_argument("--rate-limit", help="e.g. 600/minute (default: the gateway's)")
    practice = commands.add_parser("add-practice", help="let a client act for one more practice")
    practice.add_argument("--client-id", required=True)
    practice.add_argument("--practice", action="append", required=True)
    for name in ("rotate-client-secret", "disable-client", "enable-client"):
        commands.add_parser(name).add_argument("--client-id", required=True)
    member = commands.add_parser("add-member", help="give a professional roles in a practice's roster")
    member.add_argument("--practice", required=True)
    member.add_argument("--rpps", required=True)
    member.add_argument("--role", action="append", required=True, choices=[role.value for role in Role])
    keys = commands.add_parser("rotate-signing-key", help="add a new access-token signing key")
    keys.add_argument("--keys-dir", required=True, type=Path)
    keys.add_argument("--keep", type=int, default=2, help="keys kept, the new one included (overlap)")
    return parser


def run(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "rotate-signing-key":
        print(rotate(args.keys_dir, keep=args.keep))
        return 0
    url = args.database_url or Settings().resolved_database_url()
    commands: dict[str, Callable[[AsyncSession], Awaitable[Any]]] = {
        "register-client": lambda s: admin.register_client(
            s,
            client_id=args.client_id,
            practices=args.practice,
            scopes=args.scopes,
            name=args.name,
            rate_limit=args.rate_limit,
        ),
        "add-practice": lambda s: admin.add_client_practices(
            s, client_id=args.client_id, practices=args.practice
        ),
        "rotate-client-secret": lambda s: admin.rotate_client_secret(s, client_id=args.client_id),
        "disable-client": lambda s: admin.set_client_disabled(s, client_id=args.client_id, disabled=True),
        "enable-client": lambda s: admin.set_client_disabled(s, client_id=args.client_id, disabled=False),
        "add-member": lambda s: admin.add_member(
            s, practice_id=args.practice, rpps=args.rpps, roles=[Role(role) for role in args.role]
        ),
    }
    try:
        result = asyncio.run(in_transaction(url, commands[args.command]))
    except (admin.AdminError, UnknownScopeError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if isinstance(result, str):
        print(result)  # a client secret: shown this once
    elif isinstance(result, list):
        print(" ".join(str(item) for item in result))
    return 0


if __name__ == "__main__":
    sys.exit(run())
