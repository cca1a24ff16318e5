"""The only place (with gateway.api) where the gateway's errors become problem+json answers: the
refusals of gateway.domain and the workflows, the forwarding failures, and the OAuth2 token errors
(which also carry RFC 6749 §5.2's `error` and `error_description`).

`install(app)` answers every mapped error wherever it is raised; `problem_of(error)` gives the answer
itself to the code that must record it first (the proxy's audit row and Idempotency-Key).
"""

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from gateway.access_tokens import InvalidAccessToken
from gateway.adapters.psc import PSC_HEADER, InvalidProfessionalToken, PscKeysUnavailable
from gateway.domain.calls import (
    ACTING_ROLE_HEADER,
    PRACTICE_HEADER,
    ClientRateLimited,
    InactiveClient,
    InsufficientScope,
    MalformedPracticeId,
    MissingAccessToken,
    NotABearerToken,
    PracticeNotFound,
    PracticeRequired,
    UnknownActingRole,
)
from gateway.domain.habilitations import MethodNotAllowed, RouteNotFound
from gateway.domain.idempotency import IdempotencyKeyInFlight, IdempotencyKeyReused, InvalidIdempotencyKey
from gateway.domain.roles import RoleRefused
from gateway.domain.roster import LastPracticeAdmin, MemberExists, MemberNotFound
from gateway.forwarding import GatewayBusy, UpstreamPaused, UpstreamTimeout, UpstreamUnreachable
from gateway.metrics import refusals
from gateway.workflows.tokens import ClientAuthenticationFailed, TooManyTokenRequests
from servicekit.problems import INVALID_FIELDS_TITLE, InvalidField, ProblemError, problem_response

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
PSC_CHALLENGE = f'ProSanteConnect header="{PSC_HEADER}"'
_INVALID_TOKEN_CHALLENGE = 'Bearer realm="dentalink", error="invalid_token"'


def unauthenticated(kind: str, detail: str, challenge: str) -> ProblemError:
    return ProblemError(
        401, kind, "Authentication required.", detail, headers={"WWW-Authenticate": challenge}
    )


def _invalid_token(_: Exception) -> ProblemError:
    return unauthenticated(
        "invalid-token",
        "The access token is invalid or expired: request a new one.",
        _INVALID_TOKEN_CHALLENGE,
    )


def _insufficient_scope(error: InsufficientScope) -> ProblemError:
    return ProblemError(
        403,
        "insufficient-scope",
        "The access token lacks the scope this operation needs.",
        f"Required scope: {error.scope}.",
        headers={
            "WWW-Authenticate": f'Bearer realm="dentalink", error="insufficient_scope", scope="{error.scope}"'
        },
    )


def _rate_limited(error: ClientRateLimited) -> ProblemError:
    return ProblemError(
        429,
        "rate-limited",
        "Too many requests.",
        f"This client's limit is {error.limit}.",
        headers={"Retry-After": str(error.retry_after)},
    )


def route_not_found(_: Exception | None = None) -> ProblemError:
    return ProblemError(404, "not-found", "No such route.")


def _method_not_allowed(error: MethodNotAllowed) -> ProblemError:
    return ProblemError(
        405, "method-not-allowed", "Method not allowed.", headers={"Allow": ", ".join(error.allowed)}
    )


UNREACHABLE_RETRY_AFTER_SECONDS = 2


def _paused(error: UpstreamPaused) -> ProblemError:
    return ProblemError(
        503,
        "upstream-unavailable",
        "A service is temporarily unavailable.",
        f"The {error.upstream} service is failing; calls are paused.",
        headers={"Retry-After": str(error.retry_after)},
    )


_PROBLEMS: dict[type[Exception], Callable[[Any], ProblemError]] = {
    # Who is calling (gateway.workflows.calls).
    MissingAccessToken: lambda _: unauthenticated(
        "unauthenticated",
        "An OAuth2 access token is required (Authorization: Bearer).",
        'Bearer realm="dentalink"',
    ),
    NotABearerToken: _invalid_token,
    InvalidAccessToken: _invalid_token,
    InsufficientScope: _insufficient_scope,
    PracticeRequired: lambda _: ProblemError(
        400, "practice-required", "The practice is missing.", f"Send the {PRACTICE_HEADER} header."
    ),
    MalformedPracticeId: lambda _: ProblemError(
        400, "invalid-practice-id", "The practice id is malformed.", f"See {PRACTICE_HEADER}."
    ),
    UnknownActingRole: lambda _: ProblemError(
        400, "invalid-acting-role", "The acting role is not a known role.", f"See {ACTING_ROLE_HEADER}."
    ),
    InactiveClient: lambda _: unauthenticated(
        "invalid-token", "This client is not active.", _INVALID_TOKEN_CHALLENGE
    ),
    ClientRateLimited: _rate_limited,
    InvalidProfessionalToken: lambda error: unauthenticated(
        "invalid-professional-token", error.detail, PSC_CHALLENGE
    ),
    PscKeysUnavailable: lambda _: ProblemError(
        503, "psc-unavailable", "Pro Santé Connect is unreachable.", headers={"Retry-After": "5"}
    ),
    PracticeNotFound: lambda _: ProblemError(404, "practice-not-found", "No such practice for this client."),
    RoleRefused: lambda error: ProblemError(
        403, error.reason, "This operation is not allowed.", error.detail
    ),
    RouteNotFound: route_not_found,
    MethodNotAllowed: _method_not_allowed,
    # A practice's roster (gateway.workflows.roster).
    MemberNotFound: lambda _: ProblemError(404, "member-not-found", "No such member in this practice."),
    MemberExists: lambda _: ProblemError(
        409, "member-exists", "This professional is already on the roster.", "Change their roles with PUT."
    ),
    LastPracticeAdmin: lambda _: ProblemError(
        409, "last-practice-admin", "The practice would have no admin left.", "Name another admin first."
    ),
    # Idempotency keys (gateway.workflows.exchanges).
    InvalidIdempotencyKey: lambda _: ProblemError(
        400,
        "invalid-idempotency-key",
        "The Idempotency-Key is malformed.",
        "Use 1 to 255 printable ASCII characters.",
    ),
    IdempotencyKeyReused: lambda _: ProblemError(
        422,
        "idempotency-key-reused",
        "This Idempotency-Key was used for another request.",
        "Use a new key for a different request.",
    ),
    IdempotencyKeyInFlight: lambda error: ProblemError(
        409,
        "idempotency-key-in-flight",
        "A request with this Idempotency-Key is still running.",
        "Retry with the same key after the Retry-After delay.",
        headers={"Retry-After": str(error.retry_after)},
    ),
    # Forwarding (gateway.forwarding).
    UpstreamTimeout: lambda error: ProblemError(
        504,
        "upstream-timeout",
        "A service did not answer in time.",
        f"The {error.upstream} service timed out.",
    ),
    # A service that refuses connections or drops one mid-call is restarting (a crash, a deploy):
    # temporarily unavailable, so 503 with the delay a restart takes; the retry of a POST carries its
    # Idempotency-Key, and the services answer a repeated step with the state it already led to.
    UpstreamUnreachable: lambda error: ProblemError(
        503,
        "upstream-unavailable",
        "A service is temporarily unavailable.",
        f"The {error.upstream} service could not be reached.",
        headers={"Retry-After": str(UNREACHABLE_RETRY_AFTER_SECONDS)},
    ),
    UpstreamPaused: _paused,
    GatewayBusy: lambda _: ProblemError(
        503, "gateway-busy", "The gateway is saturated.", headers={"Retry-After": "1"}
    ),
}
MAPPED: tuple[type[Exception], ...] = tuple(_PROBLEMS)
"""The errors `problem_of` answers."""


def problem_of(error: Exception) -> ProblemError:
    """The answer to one of the MAPPED errors (counted in `dentalink_gateway_refusals`)."""
    for kind in type(error).__mro__:
        if kind in _PROBLEMS:
            problem = _PROBLEMS[kind](error)
            refusals.add(1, {"status": str(problem.status), "reason": problem.kind})
            return problem
    raise TypeError(f"no problem for {type(error).__name__}")


def install(app: FastAPI) -> None:
    """Answer every mapped error raised by a route or a dependency with its problem."""

    async def answer(_: Request, error: Exception) -> JSONResponse:
        problem = problem_of(error)
        return problem_response(
            problem.status,
            problem.kind,
            problem.title,
            problem.detail,
            problem.errors,
            problem.headers,
            **problem.extensions,
        )

    for kind in MAPPED:
        app.add_exception_handler(kind, answer)


# OAuth2 token endpoint (RFC 6749 §5.2).


def oauth_error(status: int, error: str, description: str, *, basic_challenge: bool = False) -> ProblemError:
    headers = dict(NO_STORE)
    if basic_challenge:
        headers["WWW-Authenticate"] = 'Basic realm="dentalink"'
    refusals.add(1, {"status": str(status), "reason": error.replace("_", "-")})
    return ProblemError(
        status,
        error.replace("_", "-"),
        "The token request was refused.",
        description,
        headers=headers,
        error=error,
        error_description=description,
    )


def token_refusal(error: Exception, *, basic: bool) -> ProblemError:
    """The answer to a refused token request (`basic`: the client authenticated with HTTP Basic)."""
    if isinstance(error, TooManyTokenRequests):
        return ProblemError(
            429,
            "rate-limited",
            "Too many token requests.",
            headers={"Retry-After": str(error.retry_after), **NO_STORE},
        )
    if isinstance(error, ClientAuthenticationFailed):
        return oauth_error(401, "invalid_client", "Client authentication failed.", basic_challenge=basic)
    return oauth_error(400, "invalid_scope", str(error))


# Malformed requests the routes refuse while parsing them.


def naive_datetime() -> ProblemError:
    return ProblemError(400, "naive-datetime", "Dates need a UTC offset.", "Use ISO 8601 with an offset.")


def sandbox_professional_not_found() -> ProblemError:
    return ProblemError(
        404,
        "sandbox-professional-not-found",
        "No such sandbox professional.",
        "See GET /v1/sandbox/psc-professionals.",
    )


def sandbox_lifetime_too_long(max_lifetime: int) -> ProblemError:
    return ProblemError(
        422,
        "validation-error",
        INVALID_FIELDS_TITLE,
        errors=[
            InvalidField(
                field="lifetime_seconds",
                message=f"The gateway accepts Pro Santé Connect tokens living at most {max_lifetime} s.",
                code="less_than_equal",
            )
        ],
    )
