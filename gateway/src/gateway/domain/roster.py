"""A practice's roster: which professional (RPPS) holds which roles in the practice.

A practice never loses its last admin, so it can always manage its roster.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from dentalink_contracts.values import Role


class MemberNotFound(Exception):
    """No such member in this practice."""


class MemberExists(Exception):
    """The professional is already on the roster."""


class LastPracticeAdmin(Exception):
    """The change would leave the practice without an admin."""


@dataclass(frozen=True)
class Member:
    """A professional of a practice's roster and the roles they hold there."""

    practice_id: str
    rpps: str
    roles: tuple[str, ...]
    created_at: datetime
    updated_at: datetime
    updated_by: str

    @property
    def is_admin(self) -> bool:
        return Role.PRACTICE_ADMIN.value in self.roles


def role_values(roles: Iterable[Role]) -> tuple[str, ...]:
    """Stored form of a set of roles: distinct values, sorted."""
    return tuple(sorted({role.value for role in roles}))


def check_admin_left(admins: Iterable[str], leaving_rpps: str) -> None:
    """Refuse a change after which no admin but `leaving_rpps` would remain (LastPracticeAdmin)."""
    if set(admins) <= {leaving_rpps}:
        raise LastPracticeAdmin()
