"""Outermost middleware of the gateway: a request id on every request and answer (a supplied one that
is not 1–128 of `A-Za-z0-9._:-` is refused, 400, as the OpenAPI document says), the request size
limit (413) enforced before and while a body is read, and request targets with control characters
refused (400) before anything is traced: PostgreSQL text cannot hold a NUL byte, and no route or
identifier needs one."""

import re
import uuid
from typing import Any
from urllib.parse import unquote_plus

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.forwarding import BodyTooLarge
from servicekit.problems import InvalidField, problem_response

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def has_control_characters(path: str, query_string: bytes) -> bool:
    """A decoded path or query holding C0 controls or DEL (a `%00`, a `%0A`…)."""
    query = unquote_plus(query_string.decode("latin-1"), encoding="latin-1")
    return bool(_CONTROL.search(path) or _CONTROL.search(query))


def invalid_target() -> Any:
    return problem_response(
        400,
        "invalid-request-target",
        "The request path or query is malformed.",
        "Control characters are not allowed in the path or the query.",
    )


def invalid_request_id() -> Any:
    return problem_response(
        400,
        "invalid-request-id",
        "The X-Request-Id header is malformed.",
        "X-Request-Id is 1 to 128 characters among A-Z a-z 0-9 . _ : - (or absent: one is generated).",
        errors=[
            InvalidField(field="header.X-Request-Id", message="1 to 128 of A-Za-z0-9._:-", code="pattern")
        ],
    )


def too_large(limit: int) -> Any:
    return problem_response(
        413, "payload-too-large", "The request body is too large.", f"At most {limit} bytes are accepted."
    )


class RequestGuard:
    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {
            name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope["headers"]
        }
        supplied = headers.get("x-request-id")
        valid_id = supplied is None or _REQUEST_ID.match(supplied) is not None
        request_id = supplied if supplied is not None and valid_id else str(uuid.uuid4())
        scope.setdefault("state", {})["request_id"] = request_id
        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"x-request-id"]
                message = {**message, "headers": [*kept, (b"x-request-id", request_id.encode())]}
            await send(message)

        if has_control_characters(scope.get("path", ""), scope.get("query_string", b"")):
            await invalid_target()(scope, receive, send_with_id)
            return
        if not valid_id:
            await invalid_request_id()(scope, receive, send_with_id)
            return
        declared = headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body_bytes):
            await too_large(self.max_body_bytes)(scope, receive, send_with_id)
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    raise BodyTooLarge()
            return message

        try:
            await self.app(scope, counting_receive, send_with_id)
        except BodyTooLarge:
            if not started:
                await too_large(self.max_body_bytes)(scope, receive, send_with_id)
