"""Typed domain errors: each carries a stable machine-readable code the API maps to a problem type."""

from enum import StrEnum


class ErrorCode(StrEnum):
    """Stable codes of domain errors, kebab-case like the problem `type` URIs (ARCHITECTURE.md, API)."""

    INVALID_MATRICULE = "invalid-matricule"
    INVALID_BIRTH_PLACE_CODE = "invalid-birth-place-code"
    INVALID_TRAITS = "invalid-traits"
    TRAIT_NOT_IN_INS_FORM = "trait-not-in-ins-form"
    NAME_TOO_LONG = "name-too-long"
    INVALID_INSI_RESULT = "invalid-insi-result"
    INVALID_RPPS = "invalid-rpps"
    ATTRIBUTE_CONFLICT = "attribute-conflict"
    ATTRIBUTE_ALREADY_SET = "attribute-already-set"
    ATTRIBUTE_NOT_SET = "attribute-not-set"
    ATTRIBUTE_FORBIDS_OPERATION = "attribute-forbids-operation"
    VERIFICATION_REFUSED = "verification-refused"
    REFUSAL_ALREADY_RECORDED = "refusal-already-recorded"
    NO_REFUSAL_RECORDED = "no-refusal-recorded"
    INSI_NOT_FOR_APCV_IDENTITY = "insi-not-for-apcv-identity"
    NO_INS_TO_VERIFY = "no-ins-to-verify"
    INS_MISMATCH = "ins-mismatch"
    CARTE_VITALE_NOT_PROOF = "carte-vitale-not-proof"
    DOCUMENT_NOT_ACCEPTED = "document-not-accepted"
    GUARDIAN_DOCUMENT_REQUIRED = "guardian-document-required"
    PHOTO_CARTE_VITALE_REQUIRED = "photo-carte-vitale-required"


class DomainError(Exception):
    """A rule of DOMAIN.md was broken; `message` never contains personal data (ARCHITECTURE.md, API)."""

    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class MatriculePart(StrEnum):
    """The part of a matricule a rejection names (DOMAIN.md §1 table)."""

    LENGTH = "length"
    CHARACTERS = "characters"
    SEX = "sex"
    MONTH = "month"
    DEPARTMENT = "department"
    COMMUNE = "commune"
    ORDER = "order"
    KEY = "key"


class InvalidMatricule(DomainError):
    """A NIR/NIA was rejected; `part` says which position is wrong (DOMAIN.md §1)."""

    def __init__(self, part: MatriculePart, message: str) -> None:
        super().__init__(ErrorCode.INVALID_MATRICULE, message)
        self.part = part


class CarteVitaleNotProof(DomainError):
    """The carte Vitale alone was offered as proof of identity (DOMAIN.md §2; seed)."""

    def __init__(self) -> None:
        super().__init__(
            ErrorCode.CARTE_VITALE_NOT_PROOF,
            "the carte Vitale alone is never proof of identity; check a high-trust document",
        )


class IdentityNotFound(Exception):
    """No identity with this id in the caller's practice (another practice's id is not found either)."""

    def __init__(self) -> None:
        super().__init__("no such identity in this practice")


class MatriculeTaken(Exception):
    """Another identity of the practice was given this matricule concurrently (unique per practice)."""

    def __init__(self) -> None:
        super().__init__("another identity of this practice holds this matricule")
