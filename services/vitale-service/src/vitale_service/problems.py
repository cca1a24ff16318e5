"""Domain refusals and port failures as problem+json: one stable `type` per refusal (ARCHITECTURE.md).

The only module besides api.py that knows `ProblemError`: the routes run the workflows inside
`answered_as_problems()`, which turns what the workflows raise into the problem answering it.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from servicekit import ProblemError
from vitale_service.adapters.adri import AdriTimeout, AdriUnavailable
from vitale_service.domain import (
    ErrorCode,
    OtherPractitioner,
    PayloadReplayed,
    RightsRefusal,
    RightsRefused,
    SandboxDisabled,
    SessionNotFound,
    UnknownSandboxPatient,
    VitaleError,
)

# Seconds a client should wait before retrying after an ADRI outage.
ADRI_RETRY_AFTER = "5"

_VITALE: dict[ErrorCode, tuple[int, str, str]] = {
    ErrorCode.MALFORMED: (422, "apcv-malformed", "The payload is not an apCV payload."),
    ErrorCode.UNKNOWN_KEY: (
        422,
        "apcv-unknown-key",
        "The payload is signed with a key the issuer does not publish.",
    ),
    ErrorCode.BAD_SIGNATURE: (422, "apcv-bad-signature", "The payload signature does not verify."),
    ErrorCode.WRONG_ISSUER: (
        422,
        "apcv-wrong-issuer",
        "The payload was not issued by the trusted app issuer.",
    ),
    ErrorCode.WRONG_AUDIENCE: (422, "apcv-wrong-audience", "The payload was issued for another platform."),
    ErrorCode.EXPIRED: (422, "apcv-expired", "The payload has expired: read the app again."),
    ErrorCode.NOT_YET_VALID: (422, "apcv-not-yet-valid", "The payload is not valid yet."),
    ErrorCode.LIFETIME_TOO_LONG: (422, "apcv-lifetime-too-long", "The payload lives longer than accepted."),
    ErrorCode.MISSING_NONCE: (422, "apcv-missing-nonce", "The payload carries no nonce."),
    ErrorCode.MISSING_BENEFICIARY: (
        422,
        "beneficiary-choice-required",
        "Several beneficiaries are on the app: choose one.",
    ),
    ErrorCode.UNKNOWN_BENEFICIARY: (
        422,
        "beneficiary-not-on-app",
        "The chosen beneficiary is not on the app.",
    ),
    ErrorCode.SESSION_EXPIRED: (410, "apcv-session-expired", "The apCV session has expired."),
    ErrorCode.SESSION_CLOSED: (409, "apcv-session-closed", "The apCV session was closed."),
}

_RIGHTS: dict[RightsRefusal, tuple[str, str]] = {
    RightsRefusal.RIGHTS_CLOSED: ("adri-rights-closed", "ADRI reports the beneficiary's rights closed."),
    RightsRefusal.RIGHTS_NOT_STARTED: (
        "adri-rights-not-started",
        "The beneficiary's rights have not started.",
    ),
    RightsRefusal.RIGHTS_ENDED: ("adri-rights-ended", "The beneficiary's rights have ended."),
    RightsRefusal.BENEFICIARY_UNKNOWN: ("adri-beneficiary-unknown", "ADRI does not know the beneficiary."),
}


def vitale_problem(error: VitaleError) -> ProblemError:
    """The problem answering a domain refusal; the detail is the refusal's message (no personal data)."""
    status, kind, title = _VITALE[error.code]
    return ProblemError(status, kind, title, str(error), code=error.code.value)


def rights_problem(refusal: RightsRefusal) -> ProblemError:
    """ADRI did not validate the rights: no session is opened (DOMAIN.md §4)."""
    kind, title = _RIGHTS[refusal]
    return ProblemError(
        422, kind, title, "No apCV session was opened: invoice outside the apCV flow.", code=refusal.value
    )


def adri_problem(error: AdriUnavailable) -> ProblemError:
    """ADRI failed after bounded retries: 504 when it timed out, 503 otherwise; no session is opened."""
    if isinstance(error, AdriTimeout):
        return ProblemError(
            504,
            "adri-timeout",
            "ADRI did not answer in time.",
            "No apCV session was opened; the payload was not spent, retry with it while it is valid.",
            headers={"Retry-After": ADRI_RETRY_AFTER},
        )
    return ProblemError(
        503,
        "adri-unavailable",
        "ADRI is unavailable.",
        "No apCV session was opened; the payload was not spent, retry with it while it is valid.",
        headers={"Retry-After": ADRI_RETRY_AFTER},
    )


def replayed() -> ProblemError:
    return ProblemError(
        409,
        "apcv-replayed",
        "This payload was already used.",
        "A payload opens one session only: read the app again.",
        code="replayed",
    )


def session_not_found() -> ProblemError:
    return ProblemError(404, "apcv-session-not-found", "No such apCV session.")


def other_practitioner() -> ProblemError:
    return ProblemError(
        403,
        "apcv-session-other-practitioner",
        "The session belongs to another practitioner.",
        "Only the practitioner who opened an apCV session can act on it.",
    )


def sandbox_off() -> ProblemError:
    """The sandbox routes answer as if they did not exist when the sandbox is off."""
    return ProblemError(404, "not-found", "Not Found")


def sandbox_patient_not_found() -> ProblemError:
    return ProblemError(
        404, "sandbox-patient-not-found", "No such sandbox patient.", "See GET /v1/sandbox/apcv-patients."
    )


def problem_for(error: Exception) -> ProblemError | None:
    """The problem answering what a workflow raised; None for anything that is not a refusal."""
    match error:
        case VitaleError():
            return vitale_problem(error)
        case RightsRefused():
            return rights_problem(error.refusal)
        case AdriUnavailable():
            return adri_problem(error)
        case PayloadReplayed():
            return replayed()
        case SessionNotFound():
            return session_not_found()
        case OtherPractitioner():
            return other_practitioner()
        case SandboxDisabled():
            return sandbox_off()
        case UnknownSandboxPatient():
            return sandbox_patient_not_found()
    return None


@contextmanager
def answered_as_problems() -> Iterator[None]:
    """Run a workflow; a domain refusal or port failure it raises becomes its problem+json answer."""
    try:
        yield
    except Exception as error:
        problem = problem_for(error)
        if problem is None:
            raise
        raise problem from None
