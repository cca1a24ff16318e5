"""Sandbox reset of one practice (servicekit.sandbox_reset): its identities and their history.

Identities belong to one practice (`practice_id`), so nothing another practice holds is touched.
The history is append-only (DOMAIN.md §2); only this sandbox-only route lifts that, for the
transaction. dmp and telemed keep projections of these identities: the gateway resets them too.
"""

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from ins_service.models import IdentityRow, TransitionRow
from servicekit.sandbox_reset import delete_in_order

_APPEND_ONLY = {"identity_transitions": "identity_transitions_append_only"}


async def purge_practice(session: AsyncSession, practice_id: str) -> dict[str, int]:
    identities = select(col(IdentityRow.id)).where(col(IdentityRow.practice_id) == practice_id)
    return await delete_in_order(
        session,
        delete(TransitionRow).where(col(TransitionRow.identity_id).in_(identities)),
        delete(IdentityRow).where(col(IdentityRow.practice_id) == practice_id),
        triggers=_APPEND_ONLY,
    )
