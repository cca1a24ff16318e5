"""What a refused call raises: the answer's RFC 9457 problem, readable by its stable `type`."""

from typing import Any

import httpx

PROBLEM_BASE = "https://dentalink.fr/problems/"


class ApiError(Exception):
    """A non-2xx answer. `kind` is the last segment of the problem type (`duplicate-identity`, …)."""

    def __init__(self, status: int, problem: dict[str, Any], headers: httpx.Headers | None = None) -> None:
        self.status = status
        self.problem = problem
        self.headers = headers or httpx.Headers()
        # The title, never the detail: a detail may quote what was sent, and messages end up in logs.
        super().__init__(f"{status} {self.kind}: {problem.get('title', '')}".rstrip(": "))

    @property
    def kind(self) -> str:
        return str(self.problem.get("type", "about:blank")).removeprefix(PROBLEM_BASE)

    @classmethod
    def from_response(cls, response: httpx.Response) -> "ApiError":
        try:
            body = response.json()
        except ValueError:
            body = None
        problem = body if isinstance(body, dict) else {"title": response.reason_phrase}
        return cls(response.status_code, problem, response.headers)
