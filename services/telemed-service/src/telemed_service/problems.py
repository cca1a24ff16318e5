"""How rule violations of the tele-expertise domain answer: one stable problem `type` per kind."""

from typing import Any

from servicekit import ProblemError
from servicekit.problems import problem_responses
from telemed_service.domain import (
    AttachmentRejectedError,
    IllegalTransition,
    IneligibleRequest,
    NotPartyError,
    TelemedDomainError,
    TimestampOutOfOrderError,
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
    return ProblemError(
        409, error.code.replace("_", "-"), "The tele-expertise rules forbid this.", str(error)
    )


def patient_not_qualified() -> ProblemError:
    return ProblemError(
        422,
        "patient-not-qualified",
        "The patient's INS is not qualified in your practice.",
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
