"""High-trust identity documents and what each proves (DOMAIN.md §2; RNIV 1; seed)."""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from ins_service.domain.errors import CarteVitaleNotProof, DomainError, ErrorCode

ADULT_AGE = 18

# National ID cards accepted: EU and EEA nationals, Switzerland, Monaco, Andorra, San Marino, Vatican
# (DOMAIN.md §2). ISO 3166-1 alpha-2 codes (Greece is GR here, not the EU's EL).
ID_CARD_NATIONALITIES = frozenset(
    {
        *("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE"),
        *("IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"),
        *("IS", "LI", "NO"),
        *("CH", "MC", "AD", "SM", "VA"),
    }
)


class DocumentType(StrEnum):
    """A document a practitioner may look at when checking an identity (DOMAIN.md §2)."""

    PASSPORT = "passport"
    NATIONAL_ID_CARD = "national-id-card"
    RESIDENCE_PERMIT = "residence-permit"  # French titre de séjour
    BIRTH_CERTIFICATE_EXTRACT = "birth-certificate-extract"
    FAMILY_RECORD_BOOK = "family-record-book"  # livret de famille
    CARTE_VITALE = "carte-vitale"  # listed only so that it can be refused explicitly


class ValidationMode(StrEnum):
    """The proof recorded: FR Core `fr-core-cs-mode-validation-identity` codes (DOMAIN.md §2)."""

    PASSPORT = "PA"
    NATIONAL_ID_CARD = "CN"
    RESIDENCE_PERMIT = "CS"
    MINOR_BIRTH_EXTRACT = "AN"  # with a parent's or guardian's high-trust document
    MINOR_FAMILY_RECORD_BOOK = "LE"  # livret de famille des parents, with a guardian's high-trust document
    EHPAD_FAMILY_RECORD_BOOK_AND_PHOTO_VITALE = "LECV"
    EHPAD_BIRTH_EXTRACT_AND_PHOTO_VITALE = "ANCV"
    APCV = "AV"  # e-carte Vitale app: not a document, counts as checked (RNIV 1 v2.0 §4.3.4)


_STANDALONE = {
    DocumentType.PASSPORT: ValidationMode.PASSPORT,
    DocumentType.NATIONAL_ID_CARD: ValidationMode.NATIONAL_ID_CARD,
    DocumentType.RESIDENCE_PERMIT: ValidationMode.RESIDENCE_PERMIT,
}
_MINOR = {
    DocumentType.BIRTH_CERTIFICATE_EXTRACT: ValidationMode.MINOR_BIRTH_EXTRACT,
    DocumentType.FAMILY_RECORD_BOOK: ValidationMode.MINOR_FAMILY_RECORD_BOOK,
}
_EHPAD = {
    DocumentType.BIRTH_CERTIFICATE_EXTRACT: ValidationMode.EHPAD_BIRTH_EXTRACT_AND_PHOTO_VITALE,
    DocumentType.FAMILY_RECORD_BOOK: ValidationMode.EHPAD_FAMILY_RECORD_BOOK_AND_PHOTO_VITALE,
}


@dataclass(frozen=True)
class DocumentCheck:
    """What the practitioner checked the traits against (DOMAIN.md §2 high-trust documents)."""

    document: DocumentType
    holder_nationality: str | None = None  # ISO alpha-2, needed for a national ID card
    guardian_document: DocumentType | None = None  # minors: the parent's or guardian's document
    guardian_nationality: str | None = None
    ehpad_direct_admission: bool = False
    carte_vitale_with_photo: bool = False  # EHPAD direct admission only


def age_on(birth_date: date, day: date) -> int:
    """Full years of age on `day` (a 29 February birthday is reached on 1 March)."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - int(before_birthday)


def _standalone_mode(document: DocumentType, nationality: str | None) -> ValidationMode:
    if document is DocumentType.CARTE_VITALE:
        raise CarteVitaleNotProof()
    if document is DocumentType.NATIONAL_ID_CARD and (nationality or "").upper() not in ID_CARD_NATIONALITIES:
        raise DomainError(
            ErrorCode.DOCUMENT_NOT_ACCEPTED,
            "a national ID card is high-trust only for EU/EEA, CH, MC, AD, SM and VA nationals",
        )
    mode = _STANDALONE.get(document)
    if mode is None:
        raise DomainError(ErrorCode.DOCUMENT_NOT_ACCEPTED, f"a {document} alone is not a high-trust document")
    return mode


def assess_document_check(check: DocumentCheck, *, patient_is_minor: bool) -> ValidationMode:
    """The FR Core validation mode a check proves, or a typed error saying why it proves nothing (§2)."""
    if check.document in _EHPAD and check.ehpad_direct_admission:
        if not check.carte_vitale_with_photo:
            raise DomainError(
                ErrorCode.PHOTO_CARTE_VITALE_REQUIRED,
                "on direct EHPAD admission this document needs a carte Vitale with photo alongside",
            )
        return _EHPAD[check.document]
    if check.document in _MINOR:
        if not patient_is_minor:
            raise DomainError(
                ErrorCode.DOCUMENT_NOT_ACCEPTED,
                "for an adult, a birth extract or livret de famille counts only on direct EHPAD admission",
            )
        if check.guardian_document is None:
            raise DomainError(
                ErrorCode.GUARDIAN_DOCUMENT_REQUIRED,
                "for a minor this document needs a parent's or guardian's high-trust document",
            )
        _standalone_mode(check.guardian_document, check.guardian_nationality)
        return _MINOR[check.document]
    return _standalone_mode(check.document, check.holder_nationality)
