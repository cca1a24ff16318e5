"""How the tele-expertise domain's errors answer: one stable problem `type` per kind.

The only module, with `api`, that knows about problem+json: workflows raise domain errors, and the
API's routes (`ProblemRoute`) answer them with `problem_of`.
"""

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

from servicekit import InvalidField, ProblemError, invalid_field
from servicekit.problems import problem_responses
from telemed_service.domain import (
    AttachmentChecksumMismatchError,
    AttachmentNotFoundError,
    AttachmentRejectedError,
    ExpertiseNotFoundError,
    IllegalTransition,
    IneligibleRequest,
    InvalidProfessionalError,
    NotPartyError,
    PatientNotQualifiedError,
    ReportTooLargeError,
    RequisProfessionMismatchError,
    TelemedDomainError,
    TimestampOutOfOrderError,
    UndecodableAttachmentError,
    WrongPartyError,
)


def problem_of(error: TelemedDomainError) -> ProblemError:
    """The problem answering a domain error; its message names the rule, never the patient."""
    if isinstance(error, IneligibleRequest):
        title = "The request is not eligible to tele-expertise."
        return ProblemError(422, "ineligible-request", title, error.message, rule=error.rule_code)
    if isinstance(error, AttachmentRejectedError):
        return ProblemError(
            422,
            "attachment-rejected",
            "An attachment breaks the limits.",
            error.message,
            rule=error.rule_code,
        )
    if isinstance(error, IllegalTransition):
        return ProblemError(
            409,
            "illegal-transition",
            "This step is not possible in the current state.",
            str(error),
            current_status=error.from_state.value,
            action=error.action.value,
        )
    if isinstance(error, NotPartyError | WrongPartyError):
        return ProblemError(403, error.code.replace("_", "-"), "You may not perform this step.", str(error))
    if isinstance(error, TimestampOutOfOrderError):
        return ProblemError(409, "timestamp-out-of-order", "The file changed meanwhile; retry.", str(error))
    if isinstance(error, ExpertiseNotFoundError):
        # Same answer for "does not exist" and "not yours": never confirm another practice's file exists.
        return ProblemError(404, "tele-expertise-not-found", "No such tele-expertise.")
    if isinstance(error, AttachmentNotFoundError):
        return ProblemError(404, "attachment-not-found", "No such attachment.")
    if isinstance(error, PatientNotQualifiedError):
        return patient_not_qualified()
    if isinstance(error, ReportTooLargeError):
        return report_too_large()
    if isinstance(error, RequisProfessionMismatchError):
        return ProblemError(
            409,
            "requis-profession-mismatch",
            "You are not the professional this request was addressed to.",
            f"The request names a {error.named.value} as requis.",
        )
    if isinstance(error, InvalidProfessionalError):
        return ProblemError(
            422,
            "invalid-professional",
            "The acting professional's data is invalid.",
            "Check the establishment FINESS sent for the professional.",
            errors=[InvalidField(field=error.field, message="invalid", code="invalid")],
        )
    if isinstance(error, UndecodableAttachmentError):
        return invalid_field(error.field, error.message, error.reason)
    if isinstance(error, AttachmentChecksumMismatchError):
        return ProblemError(
            422,
            "attachment-checksum-mismatch",
            "An attachment does not match its SHA-256.",
            f"The file at {error.field} was altered in transit or the declared SHA-256 is wrong.",
        )
    return ProblemError(
        409, error.code.replace("_", "-"), "The tele-expertise rules forbid this.", str(error)
    )


def patient_not_qualified() -> ProblemError:
    """The platform's one answer when the caller's practice holds no QUAL identity for the patient: the
    same status and type as dmp-service's (issue 16), so a vendor handles it once."""
    return ProblemError(
        403,
        "identity-not-qualified",
        "The patient's identity is not qualified in your practice.",
        "A tele-expertise needs a patient identified by a qualified INS (CSP R6316-3; RNIV): qualify the "
        "identity with ins-service first.",
    )


def report_too_large() -> ProblemError:
    return ProblemError(
        422,
        "report-too-large",
        "The report is too large to send with the acts.",
        "The rendered report (text, acts, prescriptions, file list) exceeds the 256 KiB each act's event "
        "may carry, counting non-ASCII characters as their JSON escapes (an emoji takes 12 bytes): "
        "shorten it or move details into an attached file.",
    )


class ProblemRoute(APIRoute):
    """A route whose domain errors answer as their problem (the route's OpenAPI is unchanged)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()

        async def answering(request: Request) -> Response:
            try:
                return await handle(request)
            except TelemedDomainError as error:
                raise problem_of(error) from error

        return answering


_DESCRIPTIONS = {
    400: "Malformed request",
    401: "Missing or invalid internal token",
    403: "Role or party not allowed",
    404: "No such tele-expertise (or not visible to you)",
    406: "Unsupported Accept",
    409: "Illegal transition or conflict",
    422: "Invalid, ineligible, patient not qualified, or report too large",
}


def documented(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for the problem statuses a route may answer."""
    return problem_responses(_DESCRIPTIONS, *statuses)
