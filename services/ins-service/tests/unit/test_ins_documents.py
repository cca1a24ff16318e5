"""High-trust documents: what each proves, and the carte Vitale refused (DOMAIN.md §2; seed)."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ins_service.domain import (
    ID_CARD_NATIONALITIES,
    CarteVitaleNotProof,
    DocumentCheck,
    DocumentType,
    DomainError,
    ErrorCode,
    ValidationMode,
    age_on,
    assess_document_check,
)

D = DocumentType


def refused(check: DocumentCheck, *, minor: bool = False) -> ErrorCode:
    with pytest.raises(DomainError) as caught:
        assess_document_check(check, patient_is_minor=minor)
    return caught.value.code


@pytest.mark.parametrize("minor", [False, True])
def test_passport_and_residence_permit_prove_identity_at_any_age(minor: bool) -> None:
    assert assess_document_check(DocumentCheck(D.PASSPORT), patient_is_minor=minor) is ValidationMode.PASSPORT
    assert (
        assess_document_check(DocumentCheck(D.RESIDENCE_PERMIT), patient_is_minor=minor)
        is ValidationMode.RESIDENCE_PERMIT
    )


@given(st.sampled_from(sorted(ID_CARD_NATIONALITIES)), st.booleans())
def test_id_cards_of_listed_nationals_are_accepted(nationality: str, lower: bool) -> None:
    check = DocumentCheck(
        D.NATIONAL_ID_CARD, holder_nationality=nationality.lower() if lower else nationality
    )
    assert assess_document_check(check, patient_is_minor=False) is ValidationMode.NATIONAL_ID_CARD


def test_the_list_covers_eu_eea_and_the_four_microstates() -> None:
    assert len(ID_CARD_NATIONALITIES) == 27 + 3 + 5
    assert {"FR", "DE", "IS", "LI", "NO", "CH", "MC", "AD", "SM", "VA"} <= ID_CARD_NATIONALITIES


@pytest.mark.parametrize("nationality", ["US", "GB", "DZ", "EL", None])
def test_other_id_cards_are_not_high_trust(nationality: str | None) -> None:
    assert refused(DocumentCheck(D.NATIONAL_ID_CARD, holder_nationality=nationality)) is (
        ErrorCode.DOCUMENT_NOT_ACCEPTED
    )


@pytest.mark.parametrize(
    ("check", "minor"),
    [
        (DocumentCheck(D.CARTE_VITALE), False),
        (DocumentCheck(D.CARTE_VITALE), True),
        (DocumentCheck(D.CARTE_VITALE, ehpad_direct_admission=True, carte_vitale_with_photo=True), False),
        (DocumentCheck(D.BIRTH_CERTIFICATE_EXTRACT, guardian_document=D.CARTE_VITALE), True),
    ],
)
def test_the_carte_vitale_alone_is_never_proof(check: DocumentCheck, minor: bool) -> None:
    with pytest.raises(CarteVitaleNotProof) as caught:
        assess_document_check(check, patient_is_minor=minor)
    assert caught.value.code is ErrorCode.CARTE_VITALE_NOT_PROOF


@pytest.mark.parametrize(
    ("document", "mode"),
    [
        (D.BIRTH_CERTIFICATE_EXTRACT, ValidationMode.MINOR_BIRTH_EXTRACT),
        (D.FAMILY_RECORD_BOOK, ValidationMode.MINOR_FAMILY_RECORD_BOOK),
    ],
)
@pytest.mark.parametrize(
    ("guardian", "nationality"), [(D.PASSPORT, None), (D.NATIONAL_ID_CARD, "IT"), (D.RESIDENCE_PERMIT, None)]
)
def test_minor_documents_with_a_guardian_high_trust_document(
    document: DocumentType, mode: ValidationMode, guardian: DocumentType, nationality: str | None
) -> None:
    check = DocumentCheck(document, guardian_document=guardian, guardian_nationality=nationality)
    assert assess_document_check(check, patient_is_minor=True) is mode


@pytest.mark.parametrize("document", [D.BIRTH_CERTIFICATE_EXTRACT, D.FAMILY_RECORD_BOOK])
def test_minor_documents_need_the_guardian_document(document: DocumentType) -> None:
    assert refused(DocumentCheck(document), minor=True) is ErrorCode.GUARDIAN_DOCUMENT_REQUIRED


@pytest.mark.parametrize(
    ("guardian", "nationality"),
    [(D.NATIONAL_ID_CARD, "US"), (D.BIRTH_CERTIFICATE_EXTRACT, None), (D.FAMILY_RECORD_BOOK, None)],
)
def test_the_guardian_document_must_itself_be_high_trust(
    guardian: DocumentType, nationality: str | None
) -> None:
    check = DocumentCheck(D.FAMILY_RECORD_BOOK, guardian_document=guardian, guardian_nationality=nationality)
    assert refused(check, minor=True) is ErrorCode.DOCUMENT_NOT_ACCEPTED


@pytest.mark.parametrize("document", [D.BIRTH_CERTIFICATE_EXTRACT, D.FAMILY_RECORD_BOOK])
def test_adults_cannot_use_minor_documents_outside_ehpad(document: DocumentType) -> None:
    assert refused(DocumentCheck(document, guardian_document=D.PASSPORT)) is ErrorCode.DOCUMENT_NOT_ACCEPTED


@pytest.mark.parametrize(
    ("document", "mode"),
    [
        (D.FAMILY_RECORD_BOOK, ValidationMode.EHPAD_FAMILY_RECORD_BOOK_AND_PHOTO_VITALE),
        (D.BIRTH_CERTIFICATE_EXTRACT, ValidationMode.EHPAD_BIRTH_EXTRACT_AND_PHOTO_VITALE),
    ],
)
def test_ehpad_direct_admission_with_a_photo_carte_vitale(
    document: DocumentType, mode: ValidationMode
) -> None:
    check = DocumentCheck(document, ehpad_direct_admission=True, carte_vitale_with_photo=True)
    assert assess_document_check(check, patient_is_minor=False) is mode
    assert mode.value in {"LECV", "ANCV"}


def test_ehpad_direct_admission_needs_the_photo_carte_vitale() -> None:
    check = DocumentCheck(D.FAMILY_RECORD_BOOK, ehpad_direct_admission=True)
    assert refused(check) is ErrorCode.PHOTO_CARTE_VITALE_REQUIRED


def test_validation_modes_are_fr_core_codes() -> None:
    assert {mode.value for mode in ValidationMode} == {"PA", "CN", "CS", "AN", "LE", "LECV", "ANCV", "AV"}


@pytest.mark.parametrize(
    ("born", "day", "age"),
    [
        (date(2008, 6, 15), date(2026, 6, 14), 17),
        (date(2008, 6, 15), date(2026, 6, 15), 18),
        (date(2008, 2, 29), date(2026, 2, 28), 17),
        (date(2008, 2, 29), date(2026, 3, 1), 18),
        (date(2026, 1, 1), date(2026, 1, 1), 0),
    ],
)
def test_age_on(born: date, day: date, age: int) -> None:
    assert age_on(born, day) == age
