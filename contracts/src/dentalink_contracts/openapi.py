"""Reading an OpenAPI document (the committed `openapi.json` beside this module): its operations and
its `$ref`s, done once for whatever reads it — the SDK generators (tools/python_client.py,
tools/typescript_client.py) and the tests that check every operation."""

from collections.abc import Iterator
from typing import Any

# Every method a path item may hold (OpenAPI 3.1, "Path Item Object"), in the specification's order.
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def operations(
    document: dict[str, Any], *, section: str = "paths"
) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(path, method, operation) of every operation in `section`: `paths`, or `webhooks` (keyed by
    the webhook's name)."""
    for path, item in document.get(section, {}).items():
        for method in HTTP_METHODS:
            if method in item:
                yield path, method, item[method]


def resolve(document: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """`node`, or what its local `$ref` (`#/components/...`) points to, followed to the end."""
    while "$ref" in node:
        target: Any = document
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def request_example(
    document: dict[str, Any], operation: dict[str, Any], *, media_type: str = "application/json"
) -> Any:
    """The first example of `operation`'s request body schema (None when it takes no body): a valid
    body, for a walk over every operation that must get past validation to the rule it checks.
    Raises ValueError when the schema documents none (every body schema of ours does)."""
    body = operation.get("requestBody")
    if body is None:
        return None
    schema = resolve(document, resolve(document, body)["content"][media_type]["schema"])
    if not schema.get("examples"):
        raise ValueError(f"the body schema {schema.get('title')!r} documents no example")
    return schema["examples"][0]
