"""Eligibility matrix: every profession/specialty × FINESS × situation × known flag (avenant 1 art. 58)."""

from itertools import product

import pytest

from telemed_service.domain import (
    DentalSpecialty,
    EligibilityRule,
    IneligibleRequest,
    MedicalSpecialty,
    Professional,
    Situation,
    check_eligibility,
)

FINESS = "010000016"

# Every kind of professional the rules tell apart, with every specialty value.
KINDS: dict[str, tuple[str, str | None]] = {
    "dentist": ("dentist", None),
    **{f"specialist_dentist:{s.value}": ("dentist", s.value) for s in DentalSpecialty},
    "physician": ("physician", None),
    **{f"medical_specialist:{s.value}": ("physician", s.value) for s in MedicalSpecialty},
    "nurse": ("nurse", None),
    "dental_assistant": ("dental_assistant", None),
    "other": ("other", None),
}

# Variants: (kind, has FINESS).
VARIANTS = list(product(KINDS, (False, True)))


def family(kind: str) -> str:
    return kind.split(":", 1)[0]


def build(rpps: str, kind: str, with_finess: bool) -> Professional:
    profession, specialty = KINDS[kind]
    return Professional.model_validate(
        {
            "rpps": rpps,
            "profession": profession,
            "specialty": specialty,
            "establishment_finess": FINESS if with_finess else None,
        }
    )


# Written out from DOMAIN.md §6, independently of the implementation.
# Requérant: (family, has FINESS) pairs allowed per situation.
ALL_FAMILIES = {family(kind) for kind in KINDS}
DENTIST_REQUERANTS = {(f, h) for f in ("dentist", "specialist_dentist") for h in (False, True)}
REQUERANT_ALLOWED = {
    Situation.EHPAD_RESIDENT: {(f, True) for f in ALL_FAMILIES},
    Situation.SUSPECTED_ORAL_CANCER: DENTIST_REQUERANTS,
    Situation.RARE_DISEASE: DENTIST_REQUERANTS,
}
# Requis: (family, known relationship) pairs allowed per situation; the requis's FINESS never matters.
SPECIALIST_REQUIS = {(f, k) for f in ("specialist_dentist", "medical_specialist") for k in (False, True)}
REQUIS_ALLOWED = {
    Situation.EHPAD_RESIDENT: {
        ("dentist", True),
        ("specialist_dentist", True),
        ("specialist_dentist", False),
    },
    Situation.SUSPECTED_ORAL_CANCER: SPECIALIST_REQUIS,
    Situation.RARE_DISEASE: SPECIALIST_REQUIS,
}
REQUERANT_RULE = {
    Situation.EHPAD_RESIDENT: EligibilityRule.REQUERANT_NOT_IN_ESTABLISHMENT,
    Situation.SUSPECTED_ORAL_CANCER: EligibilityRule.REQUERANT_NOT_DENTIST,
    Situation.RARE_DISEASE: EligibilityRule.REQUERANT_NOT_DENTIST,
}
REQUIS_RULE = {
    Situation.EHPAD_RESIDENT: EligibilityRule.REQUIS_NOT_KNOWN_OR_SPECIALIST_DENTIST,
    Situation.SUSPECTED_ORAL_CANCER: EligibilityRule.REQUIS_NOT_SPECIALIST,
    Situation.RARE_DISEASE: EligibilityRule.REQUIS_NOT_SPECIALIST,
}


def expected_rule(
    situation: Situation, requerant: tuple[str, bool], requis: tuple[str, bool], known: bool
) -> EligibilityRule | None:
    if (family(requerant[0]), requerant[1]) not in REQUERANT_ALLOWED[situation]:
        return REQUERANT_RULE[situation]
    if (family(requis[0]), known) not in REQUIS_ALLOWED[situation]:
        return REQUIS_RULE[situation]
    return None


def outcome(situation: Situation, requerant: Professional, requis: Professional, known: bool) -> str | None:
    try:
        check_eligibility(situation, requerant, requis, known)
    except IneligibleRequest as refused:
        return f"{refused.rule_code}" if refused.message else "no message"
    return None


@pytest.mark.parametrize("known", [False, True])
@pytest.mark.parametrize("situation", list(Situation))
@pytest.mark.parametrize(("requerant_kind", "requerant_finess"), VARIANTS)
def test_eligibility_matrix(
    situation: Situation, known: bool, requerant_kind: str, requerant_finess: bool
) -> None:
    requerant = build("10000000001", requerant_kind, requerant_finess)
    mismatches = []
    for requis_kind, requis_finess in VARIANTS:
        requis = build("10000000002", requis_kind, requis_finess)
        requis_variant = (requis_kind, requis_finess)
        want = expected_rule(situation, (requerant_kind, requerant_finess), requis_variant, known)
        got = outcome(situation, requerant, requis, known)
        if got != want:
            mismatches.append((requis_kind, requis_finess, want, got))
    assert mismatches == []


def test_the_matrix_has_eligible_and_ineligible_cases() -> None:
    # Guards the table itself: a table that allowed everything (or nothing) would make the matrix vacuous.
    results = {
        expected_rule(s, rq, rs, k) is None
        for s, rq, rs, k in product(Situation, VARIANTS, VARIANTS, (False, True))
    }
    assert results == {True, False}


@pytest.mark.parametrize("situation", list(Situation))
def test_requerant_and_requis_must_differ(situation: Situation) -> None:
    # This professional would be eligible on both sides, so only the identity rule can refuse.
    both = Professional(
        rpps="10000000001", profession="dentist", specialty="oral_surgery", establishment_finess=FINESS
    )
    with pytest.raises(IneligibleRequest) as refused:
        check_eligibility(situation, both, both.model_copy(), known_relationship=True)
    assert refused.value.rule_code == EligibilityRule.SAME_PROFESSIONAL


def test_known_relationship_does_not_make_a_physician_eligible_for_an_ehpad() -> None:
    nurse = build("10000000001", "nurse", True)
    physician = build("10000000002", "physician", False)
    with pytest.raises(IneligibleRequest) as refused:
        check_eligibility(Situation.EHPAD_RESIDENT, nurse, physician, known_relationship=True)
    assert refused.value.rule_code == EligibilityRule.REQUIS_NOT_KNOWN_OR_SPECIALIST_DENTIST


def test_rule_codes_are_stable_for_the_api() -> None:
    assert {rule.value for rule in EligibilityRule} == {
        "same_professional",
        "requerant_not_in_establishment",
        "requis_not_known_or_specialist_dentist",
        "requerant_not_dentist",
        "requis_not_specialist",
    }
