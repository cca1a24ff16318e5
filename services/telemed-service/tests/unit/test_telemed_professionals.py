"""Professionals: FINESS format and key, specialty consistency, derived qualifications."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from dentalink_contracts.checksums import luhn_valid
from telemed_service.domain import DentalSpecialty, MedicalSpecialty, Profession, Professional

# Real FINESS numbers (ANS FINESS open data, Ain and AP-HP/AP-HM): their last digit is a Luhn key.
REAL_FINESS = ["010000016", "010000156", "010780195", "010787190", "010013472", "750712184", "130786049"]


def professional(**fields: object) -> Professional:
    return Professional.model_validate({"rpps": "10000000001", "profession": "nurse", **fields})


@pytest.mark.parametrize("finess", REAL_FINESS)
def test_real_finess_numbers_are_accepted(finess: str) -> None:
    assert luhn_valid(finess)
    assert professional(establishment_finess=finess).establishment_finess == finess


@given(index=st.sampled_from(range(len(REAL_FINESS))), position=st.integers(0, 8), delta=st.integers(1, 9))
def test_any_single_digit_error_breaks_the_key(index: int, position: int, delta: int) -> None:
    digits = list(REAL_FINESS[index])
    digits[position] = str((int(digits[position]) + delta) % 10)
    wrong = "".join(digits)
    assert not luhn_valid(wrong)
    with pytest.raises(ValidationError, match="control key"):
        professional(establishment_finess=wrong)


@pytest.mark.parametrize("finess", ["2A0000017", "2B0123456"])
def test_corsican_finess_is_checked_for_format_only(finess: str) -> None:
    assert professional(establishment_finess=finess).establishment_finess == finess


@pytest.mark.parametrize(
    "finess", ["01000001", "0100000160", "2C0000017", "2a0000017", "01000001X", " 010000016"]
)
def test_malformed_finess_is_rejected(finess: str) -> None:
    with pytest.raises(ValidationError):
        professional(establishment_finess=finess)


@pytest.mark.parametrize("specialty", list(DentalSpecialty))
def test_dental_specialty_belongs_to_dentists_only(specialty: DentalSpecialty) -> None:
    dentist = professional(profession="dentist", specialty=specialty.value)
    assert dentist.specialty is specialty
    assert dentist.is_specialist_dentist
    assert not dentist.is_medical_specialist
    for other in [p for p in Profession if p is not Profession.DENTIST]:
        with pytest.raises(ValidationError, match="dental specialty"):
            professional(profession=other.value, specialty=specialty.value)


@pytest.mark.parametrize("specialty", list(MedicalSpecialty))
def test_medical_specialty_belongs_to_physicians_only(specialty: MedicalSpecialty) -> None:
    physician = professional(profession="physician", specialty=specialty.value)
    assert physician.specialty is specialty
    assert physician.is_medical_specialist
    assert not physician.is_specialist_dentist
    for other in [p for p in Profession if p is not Profession.PHYSICIAN]:
        with pytest.raises(ValidationError, match="medical specialty"):
            professional(profession=other.value, specialty=specialty.value)


def test_without_specialty_nobody_is_a_specialist() -> None:
    for profession in Profession:
        someone = professional(profession=profession.value)
        assert not someone.is_specialist_dentist
        assert not someone.is_medical_specialist
        assert someone.is_dentist == (profession is Profession.DENTIST)


def test_establishment_membership_follows_finess() -> None:
    assert professional(establishment_finess="010000016").works_in_establishment
    assert not professional().works_in_establishment


@pytest.mark.parametrize("rpps", ["1000000000", "100000000011", "1000000000A"])
def test_rpps_must_be_eleven_digits(rpps: str) -> None:
    with pytest.raises(ValidationError):
        professional(rpps=rpps)


def test_professional_is_immutable() -> None:
    with pytest.raises(ValidationError):
        # The assignment a frozen model refuses at run time is the point; mypy refuses it statically.
        professional().rpps = "10000000009"  # type: ignore[misc]
