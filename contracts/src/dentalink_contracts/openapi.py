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
