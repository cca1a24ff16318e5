"""FHIR R4 plumbing every service shares: which requests want FHIR, which FHIR formats are served
(JSON only), and errors on FHIR requests answered as an `OperationOutcome`.

- A request wants FHIR when `_format` names FHIR JSON, or its `Accept` names `application/fhir+json`
  (FHIR R4 http.html#mime-type; `_format` overrides `Accept`, http.html#parameters).
- A FHIR format we do not serve (`application/fhir+xml`, turtle; `_format=xml`) is answered 406 with
  an OperationOutcome (http.html#mime-type: "406 Not Acceptable" when the format is not supported),
  unless the `Accept` also takes something we serve.
- An error answer (problem+json, RFC 9457) to a request that wants FHIR leaves as an OperationOutcome
  with the same status: FHIR clients read `OperationOutcome`, not problem details. The problem's
  stable `type` is kept as `issue.details.coding`, its title as `details.text`, its detail as
  `diagnostics`, each offending field as an issue whose `expression` names it.
"""

import json
from typing import Any
from urllib.parse import parse_qsl

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from servicekit.problems import PROBLEM_BASE, PROBLEM_JSON, problem_type

FHIR_JSON = "application/fhir+json"
# The DSTU2 spelling, still sent by some clients.
_FHIR_JSON_TYPES = frozenset({FHIR_JSON, "application/json+fhir"})
_FHIR_TYPES_NOT_SERVED = frozenset(
    {"application/fhir+xml", "application/xml+fhir", "application/fhir+turtle", "application/x-turtle"}
)
# `_format` values (FHIR R4 http.html#parameters) that mean FHIR JSON.
_JSON_FORMATS = frozenset({"json", "application/json", *_FHIR_JSON_TYPES})
# What an `Accept` may also list for a JSON answer to be acceptable.
_JSON_RANGES = frozenset({"*/*", "application/*", "application/json", *_FHIR_JSON_TYPES})

# R4 IssueType (http://hl7.org/fhir/issue-type) of each HTTP status an error is answered with.
_ISSUE_CODES = {
    400: "invalid",
    401: "login",
    403: "forbidden",
    404: "not-found",
    405: "not-supported",
    406: "not-supported",
    409: "conflict",
    410: "deleted",
    412: "conflict",
    413: "too-long",
    415: "not-supported",
    422: "processing",
    428: "processing",
    429: "throttled",
    502: "transient",
    503: "transient",
    504: "timeout",
}


def _media_ranges(accept: str) -> list[str]:
    """The media ranges of an `Accept` header that are acceptable (q > 0), lower-cased."""
    ranges = []
    for item in accept.split(","):
        media, *params = (part.strip() for part in item.split(";"))
        refused = any(
            name.strip().lower() == "q" and _q_value(value) == 0.0
            for name, _, value in (param.partition("=") for param in params)
        )
        if media and not refused:
            ranges.append(media.lower())
    return ranges


def _q_value(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        return 1.0


def _format_parameter(query_string: str) -> str | None:
    for name, value in parse_qsl(query_string, keep_blank_values=True):
        if name == "_format":
            return value.strip().lower()
    return None


def wants_fhir_json(accept: str, query_string: str = "") -> bool:
    """Whether a request asked for FHIR JSON (`_format`, else `Accept`)."""
    requested = _format_parameter(query_string)
    if requested is not None:
        return requested in _JSON_FORMATS
    return any(media in _FHIR_JSON_TYPES for media in _media_ranges(accept))


def asks_unserved_fhir_format(accept: str, query_string: str = "") -> bool:
    """Whether a request asked for a FHIR format we do not serve (406): `_format` other than JSON,
    or an `Accept` naming FHIR XML/turtle with nothing JSON beside it."""
    requested = _format_parameter(query_string)
    if requested is not None:
        return requested not in _JSON_FORMATS
    ranges = _media_ranges(accept)
    return any(media in _FHIR_TYPES_NOT_SERVED for media in ranges) and not any(
        media in _JSON_RANGES for media in ranges
    )


def operation_outcome(problem: dict[str, Any]) -> dict[str, Any]:
    """The OperationOutcome of a problem+json body (module docstring)."""
    status = int(problem.get("status") or 500)
    code = _ISSUE_CODES.get(status, "exception")
    kind = str(problem.get("type", ""))
    details: dict[str, Any] = {"text": str(problem.get("title") or "Error")}
    if kind.startswith(PROBLEM_BASE):
        details["coding"] = [{"system": PROBLEM_BASE, "code": kind.removeprefix(PROBLEM_BASE)}]
    severity = "fatal" if status >= 500 else "error"
    issue: dict[str, Any] = {"severity": severity, "code": code, "details": details}
    if problem.get("detail"):
        issue["diagnostics"] = str(problem["detail"])
    issues = [issue]
    for field in problem.get("errors") or []:
        issues.append(
            {
                "severity": "error",
                "code": "invalid" if status == 422 else code,
                "details": {"text": str(field.get("message", "invalid"))},
                "diagnostics": str(field.get("code", "invalid")),
                "expression": [str(field.get("field", "body"))],
            }
        )
    return {"resourceType": "OperationOutcome", "issue": issues}


def not_acceptable_outcome() -> dict[str, Any]:
    return operation_outcome(
        {
            "type": problem_type("not-acceptable"),
            "title": "Only the FHIR JSON format is served.",
            "status": 406,
            "detail": "Ask for application/fhir+json (Accept) or _format=json.",
        }
    )


class FhirOutcomes:
    """ASGI middleware: 406 for unserved FHIR formats, and problem+json errors answered to FHIR
    requests rewritten as OperationOutcome (same status, same headers)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw_query: bytes = scope.get("query_string", b"")
        # The hot path, on the raw bytes: most calls name no FHIR type and no `_format`.
        if b"_format" not in raw_query and not any(
            name == b"accept" and b"fhir" in value for name, value in scope["headers"]
        ):
            await self.app(scope, receive, send)
            return
        query = raw_query.decode("latin-1")
        accept = Headers(scope=scope).get("accept", "")
        if asks_unserved_fhir_format(accept, query):
            answer = JSONResponse(not_acceptable_outcome(), status_code=406, media_type=FHIR_JSON)
            await answer(scope, receive, send)
            return
        if not wants_fhir_json(accept, query):
            await self.app(scope, receive, send)
            return
        await self.app(scope, receive, _OutcomeSender(send))


class _OutcomeSender:
    """Passes an answer through, unless it is a problem+json: that one is held whole (problems are
    small) and sent as an OperationOutcome."""

    def __init__(self, send: Send) -> None:
        self.send = send
        self.start: Message | None = None
        self.body = bytearray()

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = Headers(raw=message.get("headers", []))
            if headers.get("content-type", "").startswith(PROBLEM_JSON):
                self.start = message
                return
        elif message["type"] == "http.response.body" and self.start is not None:
            self.body.extend(message.get("body", b""))
            if message.get("more_body", False):
                return
            await self._send_outcome(self.start)
            return
        await self.send(message)

    async def _send_outcome(self, start: Message) -> None:
        try:
            problem = json.loads(self.body)
        except ValueError:
            problem = {"status": start["status"]}
        if not isinstance(problem, dict):
            problem = {"status": start["status"]}
        problem["status"] = start["status"]
        body = json.dumps(operation_outcome(problem), separators=(",", ":")).encode()
        headers = [
            (name, value)
            for name, value in start.get("headers", [])
            if name.lower() not in (b"content-type", b"content-length")
        ]
        headers += [(b"content-type", FHIR_JSON.encode()), (b"content-length", str(len(body)).encode())]
        await self.send({**start, "headers": headers})
        await self.send({"type": "http.response.body", "body": body})
