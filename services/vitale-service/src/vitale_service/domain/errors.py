"""Typed refusals of the vitale domain: apCV ones (VitaleError) each with a stable machine-readable
code, and the session workflows' own refusals (replay, not found, other practitioner, sandbox).

Messages never carry personal data (no NIR, no name): they may end up in logs and problem+json.
"""

from enum import StrEnum
from typing import ClassVar


class ErrorCode(StrEnum):
    """Stable codes the API maps to problem+json types (ARCHITECTURE.md, API conventions)."""

    BAD_SIGNATURE = "bad_signature"
    UNKNOWN_KEY = "unknown_key"
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"
    WRONG_AUDIENCE = "wrong_audience"
    WRONG_ISSUER = "wrong_issuer"
    MALFORMED = "malformed"
    MISSING_NONCE = "missing_nonce"
    LIFETIME_TOO_LONG = "lifetime_too_long"
    MISSING_BENEFICIARY = "missing_beneficiary"
    UNKNOWN_BENEFICIARY = "unknown_beneficiary"
    SESSION_EXPIRED = "session_expired"
    SESSION_CLOSED = "session_closed"


class VitaleError(Exception):
    """Base of every domain refusal; `code` identifies the kind, the message is free of personal data."""

    code: ClassVar[ErrorCode]


class ApcvTokenRejected(VitaleError):
    """The apCV token was refused (DOMAIN.md §4: signature, expiry and replay are checked)."""


class BadSignature(ApcvTokenRejected):
    """The ES256 signature does not verify with the key named by `kid`."""

    code = ErrorCode.BAD_SIGNATURE


class UnknownKey(ApcvTokenRejected):
    """No trusted ES256 verification key carries the token's `kid`."""

    code = ErrorCode.UNKNOWN_KEY


class TokenExpired(ApcvTokenRejected):
    """`now` is at or after `exp` (RFC 7519 §4.1.4)."""

    code = ErrorCode.EXPIRED


class TokenNotYetValid(ApcvTokenRejected):
    """`now` is before `nbf`, or `iat` lies in the future (RFC 7519 §4.1.5-6)."""

    code = ErrorCode.NOT_YET_VALID


class WrongAudience(ApcvTokenRejected):
    """The token was not issued for this platform (RFC 7519 §4.1.3)."""

    code = ErrorCode.WRONG_AUDIENCE


class WrongIssuer(ApcvTokenRejected):
    """The token does not come from the trusted app issuer (RFC 7519 §4.1.1)."""

    code = ErrorCode.WRONG_ISSUER


class MalformedToken(ApcvTokenRejected):
    """The token is not a compact ES256 JWS of the Dentalink apCV format."""

    code = ErrorCode.MALFORMED


class MissingNonce(ApcvTokenRejected):
    """The token has no nonce, so its single use cannot be enforced (DOMAIN.md §4)."""

    code = ErrorCode.MISSING_NONCE


class LifetimeTooLong(ApcvTokenRejected):
    """`exp - iat` exceeds the accepted maximum: the token is not short-lived (DOMAIN.md §4)."""

    code = ErrorCode.LIFETIME_TOO_LONG


class BeneficiaryChoiceError(VitaleError):
    """The beneficiary to bill for could not be determined from the app's AMO data."""


class MissingBeneficiary(BeneficiaryChoiceError):
    """Several beneficiaries are on the app and none was chosen."""

    code = ErrorCode.MISSING_BENEFICIARY


class UnknownBeneficiary(BeneficiaryChoiceError):
    """The chosen NIR is not one of the app's beneficiaries."""

    code = ErrorCode.UNKNOWN_BENEFICIARY


class SessionUnavailable(VitaleError):
    """Nothing can be attached to this apCV session any more (DOMAIN.md §4)."""


class SessionExpired(SessionUnavailable):
    """The 30-minute window is over (DOMAIN.md §4; the API answers 410 Gone)."""

    code = ErrorCode.SESSION_EXPIRED


class SessionClosed(SessionUnavailable):
    """The practitioner closed the session before its window ended."""

    code = ErrorCode.SESSION_CLOSED


# Refusals of the session workflows that are not apCV error codes: each has its own problem type.


class PayloadReplayed(Exception):
    """The payload's nonce was already spent: a payload opens one session only (DOMAIN.md §4)."""


class SessionNotFound(Exception):
    """No such session in the caller's practice (another practice's session is not found either)."""


class OtherPractitioner(Exception):
    """Only the practitioner who opened an apCV session can act on it."""


class SandboxDisabled(Exception):
    """The sandbox app issuer is switched off (production)."""


class UnknownSandboxPatient(Exception):
    """No sandbox patient has this label."""
