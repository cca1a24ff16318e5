"""The only place where dmp-service's domain errors become problem+json answers (with `api`).

Routes of the API are `ProblemRoute`s: a domain error leaving a workflow is answered with the
problem `problem_of` gives it; a denial says why, never what the record holds.
"""

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

from dmp_service.domain import AccessDecision, DenialReason, DocumentTooLarge, RecordArea
from dmp_service.errors import (
    AccessDenied,
    AgendaBeforeBirth,
    AgendaNotComputable,
    AgendaOutOfCalendar,
    AppointmentAlreadyCancelled,
    DigestMismatch,
    DmpError,
    DocumentChanged,
    InconsistentPregnancy,
    InvalidDocument,
    InvalidInput,
    MessageRejected,
    Missing,
    NotFound,
    ProfileEntryRemoved,
    RefusalAlreadyRevoked,
    RelatedProfileDetached,
    RelatedProfileExists,
    RelatedProfileRefused,
    StaleDocumentVersion,
    StaleProfileEntry,
)
from servicekit import InvalidField, ProblemError, invalid_field
from servicekit.problems import problem_responses

_DESCRIPTIONS = {
    400: "Malformed request or cursor.",
    401: "No valid internal token.",
    403: "Role not allowed, identity not qualified (QUAL) in your practice, or the patient refused "
    "this access.",
    404: "No such resource in the patient's record.",
    409: "Conflict with the current state (version, duplicate).",
    413: "Content larger than the configured limit.",
    422: "Invalid fields (the list says which).",
}

# What was not found: (problem kind, title).
_NOT_FOUND = {
    Missing.DOCUMENT: ("document-not-found", "No such document in this record."),
    Missing.DOCUMENT_VERSION: ("document-version-not-found", "This document has no such version."),
    Missing.DOCUMENT_CONTENT: ("document-not-found", "No such document version."),
    Missing.PROFILE_ENTRY: ("profile-entry-not-found", "No such entry in this section."),
    Missing.RELATED_PROFILE: ("related-profile-not-found", "No such related profile on this record."),
    Missing.MESSAGE: ("message-not-found", "No such message in this record."),
    Missing.ATTACHMENT: ("attachment-not-found", "No such attachment on this message."),
    Missing.APPOINTMENT: ("appointment-not-found", "No such appointment in this record."),
}


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The documented problem answers of a route: the access ones (403/404) always, plus `statuses`."""
    return problem_responses(_DESCRIPTIONS, *sorted({401, 403, 404, *statuses}))


def denial_problem(decision: AccessDecision) -> ProblemError:
    """The 403/404 problem for a denial: says why, never what the record holds."""
    reason = decision.reason
    area = decision.operation.area.value
    if reason is DenialReason.ROLE_NOT_ALLOWED:
        return ProblemError(
            403,
            "forbidden-role",
            "Your role does not allow this operation.",
            f"The operation {decision.operation.value} is not open to your role.",
        )
    if reason is DenialReason.IDENTITY_NOT_QUALIFIED:
        return ProblemError(
            403,
            "identity-not-qualified",
            "The patient's identity is not qualified.",
            "The INS may reference health data only while the identity is qualified (QUAL).",
        )
    # No record and no QUAL identity in the caller's practice are one refusal: whether a record exists
    # (another practice qualified the patient) is not the caller's to learn (issue 16).
    if reason in (DenialReason.NO_RECORD, DenialReason.PRACTICE_IDENTITY_NOT_QUALIFIED):
        return ProblemError(
            403,
            "identity-not-qualified",
            "The patient's identity is not qualified in your practice.",
            "Your practice must hold the patient's identity qualified (QUAL) to access the record: "
            "verify the identity before the first access.",
        )
    if reason is DenialReason.RECORD_DISABLED:
        return ProblemError(403, "record-closed", "The patient's record is closed.")
    if reason is DenialReason.REFUSAL_NOT_FOUND:
        # The platform's "not yours": another practice's refusal is answered as a missing one (404),
        # like another practice's identity, session, invoice or expertise elsewhere.
        return ProblemError(404, "refusal-not-found", "No such refusal recorded by your practice.")
    if reason is DenialReason.REFUSAL_TARGETS_CALLER:
        return ProblemError(
            403,
            "cannot-revoke-own-refusal",
            "A professional cannot lift a refusal that targets him.",
            "Only the patient can lift it: through another professional of the practice that recorded it, "
            "or in Mon espace santé.",
        )
    scope = "all_professionals" if reason is DenialReason.PATIENT_REFUSED_ALL else "this_professional"
    who = "every professional" if scope == "all_professionals" else "you"
    space = "DMP" if area == RecordArea.DMP.value else "Mon espace santé"
    return ProblemError(
        403,
        "access-refused-by-patient",
        "The patient refused this access.",
        f"The patient has refused access to their {space} by {who}.",
        refusal_scope=scope,
        area=area,
    )


def _version_conflict(title: str, current_version: int) -> ProblemError:
    return ProblemError(
        409,
        "version-conflict",
        title,
        f"The current version is {current_version}.",
        current_version=current_version,
    )


def problem_of(error: DmpError | DocumentTooLarge) -> ProblemError:
    """The problem+json answer of a domain error."""
    match error:
        case AccessDenied():
            return denial_problem(error.decision)
        case NotFound():
            kind, title = _NOT_FOUND[error.what]
            return ProblemError(404, kind, title)
        case InvalidInput():
            return invalid_field(error.field, error.message, error.code)
        case DocumentTooLarge():
            return ProblemError(
                413,
                "document-too-large",
                "The document exceeds the size limit.",
                f"The limit is {error.limit_bytes} bytes.",
                limit_bytes=error.limit_bytes,
            )
        case DigestMismatch():
            return ProblemError(
                422,
                "sha256-mismatch",
                "The content does not match its SHA-256.",
                "The SHA-256 computed over the decoded content differs from the one declared.",
                errors=[
                    InvalidField(field=error.field, message="does not match the content", code="mismatch")
                ],
            )
        case InvalidDocument():
            return ProblemError(422, "invalid-document", "The document's metadata is invalid.", str(error))
        case DocumentChanged():
            return ProblemError(409, "version-conflict", "The document changed meanwhile; retry.")
        case StaleDocumentVersion():
            return _version_conflict(
                "The version to replace is no longer the current one.", error.current_version
            )
        case StaleProfileEntry():
            return _version_conflict("The entry changed since you read it.", error.current_version)
        case ProfileEntryRemoved():
            title = "This entry was already removed." if error.removing else "A removed entry cannot change."
            return ProblemError(409, "profile-entry-removed", title)
        case RefusalAlreadyRevoked():
            return ProblemError(409, "refusal-already-revoked", "This refusal was already revoked.")
        case InconsistentPregnancy():
            return ProblemError(422, "invalid-pregnancy", "The pregnancy dates are inconsistent.", str(error))
        case AgendaNotComputable():
            return ProblemError(422, "invalid-pregnancy", "The agenda cannot be computed.", str(error))
        case AgendaOutOfCalendar():
            return ProblemError(
                422, "invalid-agenda-date", "The agenda cannot be computed for these dates.", str(error)
            )
        case AgendaBeforeBirth():
            return ProblemError(
                422, "invalid-agenda-date", "The agenda cannot be computed before the birth date."
            )
        case AppointmentAlreadyCancelled():
            return ProblemError(409, "appointment-cancelled", "This appointment was already cancelled.")
        case MessageRejected():
            return ProblemError(422, "invalid-message", "The message is invalid.", str(error))
        case RelatedProfileRefused():
            return ProblemError(
                422, "related-profile-refused", "This profile cannot be attached.", str(error)
            )
        case RelatedProfileExists():
            return ProblemError(409, "related-profile-exists", "This child is already attached.")
        case RelatedProfileDetached():
            return ProblemError(409, "related-profile-detached", "This profile is already detached.")
    raise TypeError(f"no problem for {type(error).__name__}")  # a new domain error needs its answer here


class ProblemRoute(APIRoute):
    """A route whose domain errors are answered as problem+json (`problem_of`)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()

        async def answer(request: Request) -> Response:
            try:
                return await handle(request)
            except (DmpError, DocumentTooLarge) as error:
                raise problem_of(error) from error

        return answer
