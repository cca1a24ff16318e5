"""Registration of vendor clients and seeding of practice rosters (used by `gateway.manage`).

Client secrets are random (256 bits), shown once, and stored only as an Argon2id hash (pwdlib).
"""

import asyncio
import re
import secrets
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from dentalink_contracts.values import Role
from gateway.domain.rpps import is_valid_rpps
from gateway.domain.scopes import parse_scopes
from gateway.models import ApiClient, ClientPractice, PracticeMember
from gateway.ratelimit import parse_limit

PASSWORDS = PasswordHash((Argon2Hasher(),))
# Verifying against this keeps an unknown client as slow as a known one (no client-id oracle).
_DUMMY_HASH = PASSWORDS.hash(secrets.token_urlsafe(16))
_PRACTICE_ID = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"


class AdminError(ValueError):
    """A management request that cannot be done as asked."""


def new_secret() -> str:
    return secrets.token_urlsafe(32)


async def hash_secret(secret: str) -> str:
    return await asyncio.to_thread(PASSWORDS.hash, secret)


async def verify_secret(secret: str, secret_hash: str | None) -> bool:
    """Constant-work check of a client secret (Argon2 runs even for an unknown client)."""
    ok = await asyncio.to_thread(PASSWORDS.verify, secret, secret_hash or _DUMMY_HASH)
    return ok and secret_hash is not None


def _check_practices(practices: Iterable[str]) -> list[str]:
    values = list(dict.fromkeys(practices))
    bad = [practice for practice in values if not re.match(_PRACTICE_ID, practice)]
    if bad:
        raise AdminError("a practice id is 1–64 letters, digits, '.', '_' or '-'")
    return values


async def register_client(
    session: AsyncSession,
    *,
    client_id: str,
    practices: Sequence[str],
    scopes: str | Iterable[str],
    name: str | None = None,
    rate_limit: str | None = None,
) -> str:
    """Create a client; returns its secret (the only time it is visible)."""
    if not client_id or len(client_id) > 64 or not client_id.replace("-", "").replace("_", "").isalnum():
        raise AdminError("a client id is 1–64 letters, digits, '-' or '_'")
    granted = parse_scopes(scopes)
    if rate_limit is not None:
        parse_limit(rate_limit)
    if await session.get(ApiClient, client_id) is not None:
        raise AdminError(f"client {client_id} already exists (use rotate-client-secret)")
    secret = new_secret()
    session.add(
        ApiClient(
            client_id=client_id,
            name=name or client_id,
            secret_hash=await hash_secret(secret),
            scopes=sorted(granted),
            rate_limit=rate_limit,
        )
    )
    await session.flush()
    await add_client_practices(session, client_id=client_id, practices=practices)
    return secret


async def add_client_practices(session: AsyncSession, *, client_id: str, practices: Sequence[str]) -> None:
    if not await client_exists(session, client_id):
        raise AdminError(f"no client {client_id}")
    for practice in _check_practices(practices):
        await session.execute(
            insert(ClientPractice).values(client_id=client_id, practice_id=practice).on_conflict_do_nothing()
        )


async def rotate_client_secret(session: AsyncSession, *, client_id: str) -> str:
    client = await session.get(ApiClient, client_id, with_for_update=True)
    if client is None:
        raise AdminError(f"no client {client_id}")
    secret = new_secret()
    client.secret_hash = await hash_secret(secret)
    return secret


async def set_client_disabled(session: AsyncSession, *, client_id: str, disabled: bool) -> None:
    client = await session.get(ApiClient, client_id, with_for_update=True)
    if client is None:
        raise AdminError(f"no client {client_id}")
    client.disabled_at = datetime.now(UTC) if disabled else None


async def add_member(
    session: AsyncSession, *, practice_id: str, rpps: str, roles: Iterable[Role], by: str = "manage"
) -> list[Role]:
    """Give a professional roles in a practice (added to the ones held); returns all the roles held."""
    _check_practices([practice_id])
    if not is_valid_rpps(rpps):
        raise AdminError("an RPPS number is 11 digits with a valid check digit")
    wanted = {Role(role) for role in roles}
    if not wanted:
        raise AdminError("give at least one role")
    member = await session.get(PracticeMember, (practice_id, rpps), with_for_update=True)
    now = datetime.now(UTC)
    if member is None:
        member = PracticeMember(
            practice_id=practice_id,
            rpps=rpps,
            roles=sorted(wanted),
            created_at=now,
            updated_at=now,
            updated_by=by,
        )
        session.add(member)
    else:
        member.roles = sorted(set(member.roles) | wanted)
        member.updated_at, member.updated_by = now, by
    await session.flush()
    return [Role(role) for role in member.roles]


async def remove_member(session: AsyncSession, *, practice_id: str, rpps: str) -> bool:
    result = await session.execute(
        delete(PracticeMember).where(
            col(PracticeMember.practice_id) == practice_id, col(PracticeMember.rpps) == rpps
        )
    )
    return bool(getattr(result, "rowcount", 0))


async def client_exists(session: AsyncSession, client_id: str) -> bool:
    found = await session.execute(
        select(col(ApiClient.client_id)).where(col(ApiClient.client_id) == client_id)
    )
    return found.first() is not None
