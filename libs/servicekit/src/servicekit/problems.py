"""RFC 9457 problem details: one stable `type` URI per error kind, no stack trace, no personal data."""

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from servicekit.pagination import InvalidCursor

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "https://dentalink.fr/problems/"
INVALID_FIELDS_TITLE = "The request has invalid fields."
log = logging.getLogger("servicekit.problems")


def problem_type(kind: str) -> str:
    """The stable URI of an error kind, e.g. `validation-error`."""
    return f"{PROBLEM_BASE}{kind}"


class InvalidField(BaseModel):
    """One offending field: where it is and what is wrong, never the submitted value."""

    field: str
    message: str
    code: str


class Problem(BaseModel):
    """The body of every error answer."""

    type: str
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    errors: list[InvalidField] | None = None

    model_config = {"extra": "allow"}


class ProblemError(Exception):
    """Raise from any layer to answer with a problem; `kind` selects the stable type URI."""

    def __init__(
        self,
        status: int,
        kind: str,
        title: str,
        detail: str | None = None,
        errors: Sequence[InvalidField] | None = None,
        headers: dict[str, str] | None = None,
        **extensions: Any,
    ) -> None:
        super().__init__(title)
        self.status = status
        self.kind = kind
        self.title = title
        self.detail = detail
        self.errors = list(errors) if errors is not None else None
        self.headers = headers
        self.extensions = extensions


def invalid_field(field: str, message: str, code: str) -> ProblemError:
    """A 422 `validation-error` naming one offending field, as request validation names its own."""
    return ProblemError(
        422,
        "validation-error",
        INVALID_FIELDS_TITLE,
        errors=[InvalidField(field=field, message=message, code=code)],
    )


def problem_doc(description: str) -> dict[str, Any]:
    """One OpenAPI `responses` entry of an error status (install_problem_openapi sets its content)."""
    return {"model": Problem, "description": description}


def problem_responses(descriptions: Mapping[int, str], *statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` of the error `statuses` a route answers, each described from `descriptions`."""
    return {status: problem_doc(descriptions[status]) for status in statuses}


def problem_response(
    status: int,
    kind: str,
    title: str,
    detail: str | None = None,
    errors: Sequence[InvalidField] | None = None,
    headers: dict[str, str] | None = None,
    **extensions: Any,
) -> JSONResponse:
    body = Problem(
        type=problem_type(kind),
        title=title,
        status=status,
        detail=detail,
        errors=list(errors) if errors is not None else None,
        **extensions,
    )
    return JSONResponse(
        body.model_dump(mode="json", exclude_none=True),
        status_code=status,
        media_type=PROBLEM_JSON,
        headers=headers,
    )


def _field_path(location: Sequence[int | str]) -> str:
    parts = [str(part) for part in location if part not in ("body",)]
    return ".".join(parts) or "body"


def invalid_fields(errors: Sequence[Any]) -> list[InvalidField]:
    """Translate pydantic errors into offending fields, dropping the input values they carry."""
    return [
        InvalidField(
            field=_field_path(error.get("loc", ())),
            message=str(error.get("msg", "invalid")),
            code=str(error.get("type", "invalid")),
        )
        for error in errors
    ]


_STATUS_KINDS = {
    400: "bad-request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    409: "conflict",
    410: "gone",
    413: "payload-too-large",
    415: "unsupported-media-type",
    429: "too-many-requests",
    502: "bad-gateway",
    503: "service-unavailable",
    504: "gateway-timeout",
}


def install_problem_handlers(app: FastAPI) -> None:
    """Every error leaves as application/problem+json; unexpected ones as a bare 500."""

    @app.exception_handler(ProblemError)
    async def _problem(_: Request, error: ProblemError) -> JSONResponse:
        return problem_response(
            error.status,
            error.kind,
            error.title,
            error.detail,
            error.errors,
            error.headers,
            **error.extensions,
        )

    @app.exception_handler(InvalidCursor)
    async def _cursor(_: Request, error: InvalidCursor) -> JSONResponse:
        return problem_response(400, "invalid-cursor", str(error))

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, error: RequestValidationError) -> JSONResponse:
        errors = error.errors()
        if any(item.get("type") == "json_invalid" for item in errors):
            return problem_response(400, "malformed-json", "The request body is not valid JSON.")
        return problem_response(422, "validation-error", INVALID_FIELDS_TITLE, errors=invalid_fields(errors))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, error: StarletteHTTPException) -> JSONResponse:
        kind = _STATUS_KINDS.get(error.status_code, "http-error")
        detail = error.detail if isinstance(error.detail, str) else None
        return problem_response(
            error.status_code,
            kind,
            detail or kind.replace("-", " ").capitalize(),
            headers=getattr(error, "headers", None),
        )

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, error: Exception) -> JSONResponse:
        # The type name only: messages of arbitrary exceptions may quote personal data.
        log.error("unhandled error", extra={"error_type": type(error).__name__})
        return problem_response(500, "internal-error", "An unexpected error occurred.")


def install_problem_openapi(app: FastAPI) -> None:
    """Document every error answer as application/problem+json with the `Problem` schema.

    FastAPI documents its own validation-error shape for 422; ours is a Problem with `errors`.
    """
    from fastapi.openapi.utils import get_openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
            webhooks=app.webhooks.routes,
            tags=app.openapi_tags,
        )
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["Problem"] = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(components["Problem"].pop("$defs", {}))
        for name in ("HTTPValidationError", "ValidationError"):
            components.pop(name, None)
        problem_ref = {"$ref": "#/components/schemas/Problem"}
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                for status, response in operation.get("responses", {}).items():
                    if status.startswith(("4", "5")):
                        response["content"] = {PROBLEM_JSON: {"schema": problem_ref}}
                invalid = operation.get("responses", {}).get("422")
                if invalid is not None and invalid.get("description") == "Validation Error":
                    invalid["description"] = "Invalid fields (listed in `errors`)."
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
