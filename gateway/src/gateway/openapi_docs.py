"""Documentation helpers shared by the gateway's own routes."""

from typing import Any

from servicekit.problems import problem_responses as _problem_responses

DESCRIPTIONS = {
    400: "Malformed request (problem+json).",
    401: "Missing, invalid or expired access token or Pro Santé Connect token.",
    403: "Scope or habilitation (role) does not allow this operation.",
    404: "Not found, or not visible to this client / practice.",
    405: "Method not allowed on this route.",
    409: "Conflict with the current state (or the same Idempotency-Key is in flight).",
    413: "Request body too large.",
    422: "Invalid fields (listed), or an Idempotency-Key reused for another request.",
    429: "Rate limit reached: retry after `Retry-After` seconds.",
    502: "A service behind the gateway failed.",
    503: "A service is unavailable (circuit open): retry after `Retry-After` seconds.",
    504: "A service did not answer in time.",
}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return _problem_responses(DESCRIPTIONS, *statuses)
