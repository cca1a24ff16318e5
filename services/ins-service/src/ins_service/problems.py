"""Problem answers of ins-service: domain errors and INSi faults as RFC 9457 problems.

The only module (with api.py) that knows `ProblemError`: workflows and the store raise domain errors,
routes run them under `answered_as_problems()`. Every `type` is `https://dentalink.fr/problems/<kind>`;
the kinds are listed in README.md. No problem carries a matricule, a name or a birth date.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from ins_service.adapters import InsiFault, InsiTimeout
from ins_service.domain import (
    DomainError,
    DuplicateIdentity,
    DuplicateMatch,
    ErrorCode,
    IdentityNotFound,
    InvalidMatricule,
    MatriculeTaken,
)
from servicekit import InvalidField, ProblemError

_UNPROCESSABLE = {
    ErrorCode.INVALID_MATRICULE,
    ErrorCode.INVALID_BIRTH_PLACE_CODE,
    ErrorCode.INVALID_TRAITS,
    ErrorCode.TRAIT_NOT_IN_INS_FORM,
    ErrorCode.NAME_TOO_LONG,
    ErrorCode.INVALID_RPPS,
    ErrorCode.CARTE_VITALE_NOT_PROOF,
    ErrorCode.DOCUMENT_NOT_ACCEPTED,
    ErrorCode.GUARDIAN_DOCUMENT_REQUIRED,
    ErrorCode.PHOTO_CARTE_VITALE_REQUIRED,
}
_BAD_GATEWAY = {ErrorCode.INVALID_INSI_RESULT}
_TITLES = {
    ErrorCode.INVALID_MATRICULE: "The matricule is not a valid NIR or NIA.",
    ErrorCode.ATTRIBUTE_FORBIDS_OPERATION: "An attribute of this identity forbids the operation.",
    ErrorCode.VERIFICATION_REFUSED: "The patient refused the INS verification.",
    ErrorCode.CARTE_VITALE_NOT_PROOF: "The carte Vitale alone is never proof of identity.",
}
# Which request field a domain error is about, when the request names it.
_FIELDS = {
    ErrorCode.INVALID_MATRICULE: "matricule",
    ErrorCode.INVALID_BIRTH_PLACE_CODE: "birth_place_code",
    ErrorCode.INVALID_TRAITS: "first_birth_first_name",
    ErrorCode.CARTE_VITALE_NOT_PROOF: "document",
    ErrorCode.DOCUMENT_NOT_ACCEPTED: "document",
    ErrorCode.GUARDIAN_DOCUMENT_REQUIRED: "guardian_document",
    ErrorCode.PHOTO_CARTE_VITALE_REQUIRED: "carte_vitale_with_photo",
}


def domain_problem(error: DomainError, *, field_prefix: str = "") -> ProblemError:
    """422 for what the request got wrong, 409 for what the identity's state forbids, 502 for an INSi
    answer that breaks the protocol. The kind is the domain's stable error code."""
    code = error.code
    status = 422 if code in _UNPROCESSABLE else 502 if code in _BAD_GATEWAY else 409
    title = _TITLES.get(code, error.message[:1].upper() + error.message[1:] + ".")
    errors: list[InvalidField] | None = None
    part = error.part.value if isinstance(error, InvalidMatricule) else None
    if status == 422 and code in _FIELDS:
        field_code = f"matricule-{part}" if part else code.value
        errors = [InvalidField(field=field_prefix + _FIELDS[code], message=error.message, code=field_code)]
    return ProblemError(status, code.value, title, error.message, errors=errors, part=part)


def insi_problem(fault: InsiFault) -> ProblemError:
    """A technical fault of INSi: 504 on timeout, 503 otherwise; nothing was recorded (DOMAIN.md §3)."""
    if isinstance(fault, InsiTimeout):
        return ProblemError(
            504,
            "insi-timeout",
            "INSi did not answer in time.",
            "The INSi téléservice did not answer within the deadline, after bounded retries. "
            "The identity is unchanged; try again later.",
        )
    return ProblemError(
        503,
        "insi-unavailable",
        "INSi is unavailable.",
        "The INSi téléservice answered with a service error, after bounded retries. "
        "The identity is unchanged; try again later.",
        headers={"Retry-After": "30"},
    )


def duplicate_problem(matches: Sequence[DuplicateMatch]) -> ProblemError:
    """409 naming the existing identities of the practice that match (DOMAIN.md §2: never a duplicate)."""
    existing = [
        {
            "id": str(match.identity_id),
            "href": f"/v1/identities/{match.identity_id}",
            "reasons": sorted(reason.value for reason in match.reasons),
        }
        for match in matches
    ]
    first = existing[0]["href"] if existing else None
    return ProblemError(
        409,
        "duplicate-identity",
        "An identity of this practice already matches.",
        "One patient, one identity: use the existing identity. A different person with the same traits "
        "(a true homonym) may be created by listing the matching ids in `acknowledged_homonyms`.",
        headers={"Link": f'<{first}>; rel="duplicate"'} if first else None,
        existing_identities=existing,
    )


def matricule_taken() -> ProblemError:
    """The same matricule was written concurrently by another request of the practice."""
    return ProblemError(
        409,
        "duplicate-identity",
        "An identity of this practice already holds this matricule.",
        "Another identity of this practice holds this INS; look it up by matricule.",
    )


def not_found() -> ProblemError:
    """Another practice's identity is not found either (never a 403)."""
    return ProblemError(404, "identity-not-found", "No such identity in this practice.")


# What workflows and the store raise that has a problem answer; anything else is a bug (a bare 500).
Answered = DomainError | InsiFault | DuplicateIdentity | MatriculeTaken | IdentityNotFound
ANSWERED = (DomainError, InsiFault, DuplicateIdentity, MatriculeTaken, IdentityNotFound)


def problem_for(error: Answered, *, field_prefix: str = "") -> ProblemError:
    """The problem answering a domain error or an INSi fault."""
    if isinstance(error, DomainError):
        return domain_problem(error, field_prefix=field_prefix)
    if isinstance(error, InsiFault):
        return insi_problem(error)
    if isinstance(error, DuplicateIdentity):
        return duplicate_problem(error.matches)
    if isinstance(error, MatriculeTaken):
        return matricule_taken()
    return not_found()


@contextmanager
def answered_as_problems(*, field_prefix: str = "") -> Iterator[None]:
    """Turn the domain errors and INSi faults raised inside into their problem answers;
    `field_prefix` places the request field a 422 names (`carte_vitale.`)."""
    try:
        yield
    except ANSWERED as error:
        raise problem_for(error, field_prefix=field_prefix) from error
