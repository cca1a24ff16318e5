"""Problem responses shared by the routes (OpenAPI documentation of the error answers)."""

from typing import Any

from servicekit.problems import problem_responses

_DESCRIPTIONS = {
    400: "Malformed request or cursor.",
    401: "No valid internal token.",
    403: "Role not allowed, identity not qualified, or the patient refused this access.",
    404: "No record for this INS (never qualified), or no such resource in it.",
    409: "Conflict with the current state (version, duplicate).",
    413: "Content larger than the configured limit.",
    422: "Invalid fields (the list says which).",
}


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The documented problem answers: the access ones (403/404) always, plus `statuses`."""
    return problem_responses(_DESCRIPTIONS, *sorted({401, 403, 404, *statuses}))
