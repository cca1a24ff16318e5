"""Reading the professional from Pro Santé Connect claims."""

from typing import Any

import pytest

from dentalink_contracts.values import Profession, Role
from gateway.adapters.psc_sandbox import SANDBOX_PROFESSIONALS, SandboxProfessional
from gateway.domain.professionals import (
    InvalidProfessionalClaims,
    finess_is_valid,
    professional_from_claims,
    specialty_of,
)
from gateway.domain.roles import role_fits


def claims(id_nat: str | None = "810000001015", **exercice: Any) -> dict[str, Any]:
    return {"SubjectNameID": id_nat, "SubjectRefPro": {"exercices": [{"codeProfession": "40", **exercice}]}}


def test_rpps_profession_and_specialty() -> None:
    professional = professional_from_claims(claims(codeSavoirFaire="SCD02"))
    assert professional.rpps == "10000001015"
    assert professional.profession is Profession.DENTIST
    assert professional.specialty == "oral_surgery"
    assert professional.establishment_finess is None


@pytest.mark.parametrize(
    ("code", "profession"),
    [
        ("10", Profession.PHYSICIAN),
        ("31", Profession.DENTAL_ASSISTANT),
        ("60", Profession.NURSE),
        ("21", Profession.OTHER),
    ],
)
def test_professions_from_the_ans_nomenclature(code: str, profession: Profession) -> None:
    assert professional_from_claims(claims(codeProfession=code)).profession is profession


def test_specialties() -> None:
    assert specialty_of(Profession.PHYSICIAN, "SM39") == "ent"
    assert specialty_of(Profession.PHYSICIAN, "SM68") == "maxillofacial_surgery"
    assert specialty_of(Profession.PHYSICIAN, "SM54") is None  # general practice
    assert specialty_of(Profession.PHYSICIAN, "SM41") == "other_medical_specialty"
    assert specialty_of(Profession.DENTIST, "SM39") is None
    assert specialty_of(Profession.NURSE, "SI01") is None
    assert specialty_of(Profession.DENTIST, None) is None


def test_the_establishment_finess_is_read_and_checked() -> None:
    with_finess = claims(codeProfession="60", activities=[{"numeroFinessSite": "670000017"}])
    assert professional_from_claims(with_finess).establishment_finess == "670000017"
    with pytest.raises(InvalidProfessionalClaims):
        professional_from_claims(claims(activities=[{"numeroFinessSite": "670000018"}]))
    assert finess_is_valid("2A0000019") and not finess_is_valid("67000001")


@pytest.mark.parametrize(
    "bad",
    [
        claims(id_nat="010000001015"),  # an ADELI-type identifier, not an RPPS
        claims(id_nat="810000001016"),  # wrong check digit
        claims(id_nat=None),
        {"SubjectNameID": "810000001015"},
        {"SubjectNameID": "810000001015", "SubjectRefPro": {"exercices": []}},
    ],
)
def test_claims_without_a_usable_professional_are_refused(bad: dict[str, Any]) -> None:
    with pytest.raises(InvalidProfessionalClaims):
        professional_from_claims(bad)


@pytest.mark.parametrize("sandbox", SANDBOX_PROFESSIONALS, ids=lambda p: p.label)
def test_each_sandbox_professional_fits_its_usual_role(sandbox: SandboxProfessional) -> None:
    seen = professional_from_claims(
        {"SubjectNameID": "8" + sandbox.rpps, "SubjectRefPro": {"exercices": [sandbox.exercice()]}}
    )
    assert role_fits(sandbox.usual_role, seen)
    if sandbox.usual_role is Role.SPECIALIST:
        assert seen.specialty is not None
