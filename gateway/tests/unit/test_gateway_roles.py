"""Which roster role a professional acts with."""

import pytest

from dentalink_contracts.values import Profession, Role
from gateway.domain.roles import PRECEDENCE, RoleRefused, acting_role, role_fits
from servicekit.auth import Professional

DENTIST = Professional(rpps="10000001015", profession=Profession.DENTIST)
SURGEON = Professional(rpps="10000001031", profession=Profession.DENTIST, specialty="oral_surgery")
PHYSICIAN_SPECIALIST = Professional(
    rpps="10000001056", profession=Profession.PHYSICIAN, specialty="maxillofacial_surgery"
)
NURSE = Professional(rpps="10000001064", profession=Profession.NURSE, establishment_finess="670000017")
ASSISTANT = Professional(rpps="10000001072", profession=Profession.DENTAL_ASSISTANT)
ALL = frozenset(Role)


@pytest.mark.parametrize(
    ("role", "fits", "does_not_fit"),
    [
        (Role.DENTIST, [DENTIST, SURGEON], [PHYSICIAN_SPECIALIST, NURSE, ASSISTANT]),
        (Role.SPECIALIST, [SURGEON, PHYSICIAN_SPECIALIST], [DENTIST, NURSE, ASSISTANT]),
        (Role.DENTAL_ASSISTANT, [ASSISTANT], [DENTIST, NURSE]),
        (Role.EHPAD_PROFESSIONAL, [NURSE], [DENTIST, ASSISTANT]),
        (Role.PRACTICE_ADMIN, [DENTIST, NURSE, ASSISTANT], []),
        (Role.AUDITOR, [DENTIST, PHYSICIAN_SPECIALIST], []),
    ],
)
def test_a_role_fits_only_matching_professions(
    role: Role, fits: list[Professional], does_not_fit: list[Professional]
) -> None:
    assert all(role_fits(role, p) for p in fits)
    assert not any(role_fits(role, p) for p in does_not_fit)


def test_the_first_allowed_role_in_precedence_order_is_used() -> None:
    assert acting_role([Role.PRACTICE_ADMIN, Role.DENTIST], ALL, DENTIST, None) is Role.DENTIST
    assert acting_role(
        [Role.PRACTICE_ADMIN, Role.DENTIST], frozenset({Role.PRACTICE_ADMIN}), DENTIST, None
    ) is (Role.PRACTICE_ADMIN)
    assert acting_role([Role.DENTIST, Role.SPECIALIST], ALL, SURGEON, None) is Role.SPECIALIST
    assert set(PRECEDENCE) == set(Role)


def test_a_requested_role_must_be_held_and_allowed() -> None:
    held = [Role.DENTIST, Role.PRACTICE_ADMIN]
    assert acting_role(held, ALL, DENTIST, Role.PRACTICE_ADMIN) is Role.PRACTICE_ADMIN
    with pytest.raises(RoleRefused) as not_held:
        acting_role(held, ALL, DENTIST, Role.AUDITOR)
    assert not_held.value.reason == "role-not-held"
    with pytest.raises(RoleRefused) as not_allowed:
        acting_role(held, frozenset({Role.DENTIST}), DENTIST, Role.PRACTICE_ADMIN)
    assert not_allowed.value.reason == "forbidden-role"


@pytest.mark.parametrize(
    ("held", "professional", "reason"),
    [
        ([], DENTIST, "not-a-member"),
        ([Role.DENTIST], NURSE, "role-mismatch"),
        ([Role.DENTAL_ASSISTANT], ASSISTANT, "forbidden-role"),
    ],
)
def test_refusals_say_why(held: list[Role], professional: Professional, reason: str) -> None:
    with pytest.raises(RoleRefused) as refused:
        acting_role(held, frozenset({Role.DENTIST, Role.SPECIALIST}), professional, None)
    assert refused.value.reason == reason
