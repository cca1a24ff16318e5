"""Problem answers of billing-service: its domain errors as RFC 9457 problems.

Every `type` is `https://dentalink.fr/problems/<kind>`. No problem carries personal data (the
session id of an apCV refusal is a random id, not the patient's).
"""

from collections.abc import Iterator
from contextlib import contextmanager

from billing_service.domain import (
    ApcvSessionNotFoundError,
    CareSheetNotEditableError,
    CareSheetNotFoundError,
    CareSheetNotSignedError,
    InvalidCareSheetLinesError,
    InvalidMonthError,
    InvalidPeriodError,
    InvoiceNotFoundError,
    NotSessionPractitionerError,
    OtherBeneficiaryError,
    PeriodTooLongError,
    SessionClosedError,
    SessionExpiredError,
    SessionNotOpenError,
    SessionUnavailableError,
)
from servicekit import InvalidField, ProblemError


def session_not_found() -> ProblemError:
    return ProblemError(
        404,
        "apcv-session-not-found",
        "No such apCV session.",
        "Billing knows no open or closed apCV session with this id in your practice (yet: it learns "
        "sessions from vitale-service's events).",
    )


def session_refusal(error: SessionUnavailableError) -> ProblemError:
    """409 when the session was closed or is not open yet, 410 when its 30 minutes are over (§4)."""
    if isinstance(error, SessionExpiredError):
        return ProblemError(
            410,
            "apcv-session-expired",
            "The apCV session has expired.",
            "A care sheet can be made only within the session's 30 minutes: read the e-carte Vitale again.",
            session_id=str(error.session_id),
        )
    if isinstance(error, SessionClosedError):
        return ProblemError(
            409,
            "apcv-session-closed",
            "The apCV session is closed.",
            "The session was closed: read the e-carte Vitale again to open a new one.",
            session_id=str(error.session_id),
        )
    assert isinstance(error, SessionNotOpenError)
    return ProblemError(
        409,
        "apcv-session-not-open",
        "The apCV session is not open yet.",
        "The session opens later than now; retry in a moment.",
        session_id=str(error.session_id),
    )


def invalid_lines(error: InvalidCareSheetLinesError) -> ProblemError:
    """422 listing every bad line; its kind is the lines' common code, or a general one when they differ."""
    errors = [
        InvalidField(field=problem.field, message=problem.message, code=problem.code)
        for problem in error.problems
    ]
    kind = errors[0].code if len({field.code for field in errors}) == 1 else "invalid-care-sheet-lines"
    return ProblemError(422, kind, "Some lines cannot be put on a care sheet.", errors=errors)


# What a domain error can be answered as; the lookup follows the error's class hierarchy.
DOMAIN_ERRORS = (
    InvalidPeriodError,
    PeriodTooLongError,
    InvalidMonthError,
    InvoiceNotFoundError,
    ApcvSessionNotFoundError,
    CareSheetNotFoundError,
    SessionUnavailableError,
    InvalidCareSheetLinesError,
    CareSheetNotEditableError,
    CareSheetNotSignedError,
    NotSessionPractitionerError,
    OtherBeneficiaryError,
)


def problem_for(error: Exception) -> ProblemError:
    """The problem answering a domain error (one of `DOMAIN_ERRORS`)."""
    match error:
        case InvalidPeriodError():
            return ProblemError(
                400, "invalid-period", "The period ends before it starts.", "`to` is before `from`."
            )
        case PeriodTooLongError():
            return ProblemError(400, "period-too-long", "The export covers at most 366 days.")
        case InvalidMonthError():
            return ProblemError(
                400,
                "invalid-month",
                "The month must be written YYYY-MM, between 2000-01 and 2099-12.",
                "For example 2026-03.",
            )
        case InvoiceNotFoundError():
            return ProblemError(404, "invoice-not-found", "No such invoice.")
        case ApcvSessionNotFoundError():
            return session_not_found()
        case CareSheetNotFoundError():
            return ProblemError(404, "care-sheet-not-found", "No such care sheet.")
        case SessionUnavailableError():
            return session_refusal(error)
        case InvalidCareSheetLinesError():
            return invalid_lines(error)
        case CareSheetNotEditableError():
            return ProblemError(
                409,
                "care-sheet-not-editable",
                "The care sheet cannot change.",
                str(error),
                sheet_status=error.status.value,
            )
        case CareSheetNotSignedError():
            return ProblemError(
                409,
                "care-sheet-not-signed",
                "Only a signed care sheet can be cancelled and replaced.",
                str(error),
                sheet_status=error.status.value,
            )
        case NotSessionPractitionerError():
            return ProblemError(
                403,
                "not-session-practitioner",
                "Only the practitioner who opened the apCV session signs its care sheets.",
            )
        case OtherBeneficiaryError():
            return ProblemError(
                409,
                "care-sheet-other-beneficiary",
                "The replacement must be for the same beneficiary.",
                "The apCV session given is another patient's.",
            )
    raise TypeError(f"no problem answers {type(error).__name__}") from error


@contextmanager
def as_problems() -> Iterator[None]:
    """Within the block, a domain error becomes its problem+json answer."""
    try:
        yield
    except DOMAIN_ERRORS as error:
        raise problem_for(error) from error
