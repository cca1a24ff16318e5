"""Problem responses shared by the routes (OpenAPI documentation of the error answers)."""

from typing import Any

from servicekit.problems import Problem

_PROBLEM = {"model": Problem, "content": {"application/problem+json": {}}}


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The documented problem answers: the access ones (403/404) always, plus `statuses`."""
    descriptions = {
        400: "Malformed request or cursor.",
        401: "No valid internal token.",
        403: "Role not allowed, identity not qualified, or the patient refused this access.",
        404: "No record for this INS (never qualified), or no such resource in it.",
        409: "Conflict with the current state (version, duplicate).",
        413: "Content larger than the configured limit.",
        422: "Invalid fields (the list says which).",
    }
    wanted = sorted({401, 403, 404, *statuses})
    return {status: {**_PROBLEM, "description": descriptions[status]} for status in wanted}
