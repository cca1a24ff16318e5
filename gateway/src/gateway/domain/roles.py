"""Which roster role a professional acts with on a route (least privilege; DOMAIN.md §7).

A member may hold several roles in a practice (a dentist who is also the practice admin). Each call
carries exactly one: the one the caller names, or the first the route allows in PRECEDENCE order.
A role must also fit what Pro Santé Connect says the professional is, so a roster mistake cannot
turn a nurse into a dentist.
"""

from collections.abc import Iterable

from dentalink_contracts.values import Profession, Role
from servicekit.auth import Professional

PRECEDENCE: tuple[Role, ...] = (
    Role.SPECIALIST,
    Role.DENTIST,
    Role.EHPAD_PROFESSIONAL,
    Role.DENTAL_ASSISTANT,
    Role.PRACTICE_ADMIN,
    Role.AUDITOR,
)


def role_fits(role: Role, professional: Professional) -> bool:
    """A roster role is usable only by a professional whose authenticated profession matches it
    (CSP R6316-3: the professional is authenticated; avenant 1 art. 58 for specialists)."""
    match role:
        case Role.DENTIST:
            return professional.profession is Profession.DENTIST
        case Role.SPECIALIST:
            return professional.specialty is not None and professional.profession in (
                Profession.DENTIST,
                Profession.PHYSICIAN,
            )
        case Role.DENTAL_ASSISTANT:
            return professional.profession is Profession.DENTAL_ASSISTANT
        case Role.EHPAD_PROFESSIONAL:
            return professional.establishment_finess is not None
        case Role.PRACTICE_ADMIN | Role.AUDITOR:
            return True
    return False


class RoleRefused(Exception):
    """No role of the member may perform the operation; `reason` is a stable slug."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def acting_role(
    held: Iterable[Role], allowed: frozenset[Role], professional: Professional, requested: Role | None
) -> Role:
    """The role a call acts with: least privilege among the member's roles (HAS telemedicine guide)."""
    held_roles = set(held)
    if not held_roles:
        raise RoleRefused("not-a-member", "You are not on this practice's roster.")
    usable = [role for role in PRECEDENCE if role in held_roles and role_fits(role, professional)]
    if held_roles and not usable:
        raise RoleRefused(
            "role-mismatch",
            "Your roster role does not match your profession as Pro Santé Connect states it.",
        )
    if requested is not None:
        if requested not in usable:
            raise RoleRefused("role-not-held", "You do not hold the requested role in this practice.")
        candidates = [requested]
    else:
        candidates = usable
    for role in candidates:
        if role in allowed:
            return role
    names = ", ".join(sorted(role.value for role in allowed))
    raise RoleRefused("forbidden-role", f"Your role does not allow this operation. Allowed roles: {names}.")
