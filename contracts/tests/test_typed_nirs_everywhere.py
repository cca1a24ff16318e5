"""A NIR is accepted with or without spaces wherever a client types one (issue 16): walked over the
merged OpenAPI document, every parameter and every request-body field that carries a NIR, an INS or a
matricule, rather than the routes a test happened to try. A documented pattern that refuses the card's
grouping would make generated clients refuse what the server takes."""

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dentalink_contracts.nir import compact_nir

DOCUMENT = Path(__file__).resolve().parents[1] / "src" / "dentalink_contracts" / "openapi.json"
METHODS = ("get", "put", "post", "delete", "patch")
NIR_NAME = re.compile(r"(^|_)(nir|ins|matricule)$")
# A sandbox NIR, typed as it is printed on the carte Vitale.
ON_THE_CARD = "2 80 01 2A 004 007 12"


def resolve(schema: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def nir_fields(
    schema: dict[str, Any], document: dict[str, Any], where: str, seen: set[str]
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every string schema under `schema` named like a NIR, with where it is."""
    if "$ref" in schema:
        name = schema["$ref"]
        if name in seen:
            return
        seen = seen | {name}
    schema = resolve(schema, document)
    for branch in (*schema.get("anyOf", ()), *schema.get("oneOf", ()), *schema.get("allOf", ())):
        yield from nir_fields(branch, document, where, seen)
    if "items" in schema:
        yield from nir_fields(schema["items"], document, f"{where}[]", seen)
    for name, field in schema.get("properties", {}).items():
        if NIR_NAME.search(name):
            for typed in strings(field, document):
                yield f"{where}.{name}", typed
        yield from nir_fields(field, document, f"{where}.{name}", seen)


def strings(schema: dict[str, Any], document: dict[str, Any]) -> Iterator[dict[str, Any]]:
    schema = resolve(schema, document)
    if schema.get("type") == "string":
        yield schema
    for branch in (*schema.get("anyOf", ()), *schema.get("oneOf", ())):
        yield from strings(branch, document)


def typed_nirs(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for path, item in document["paths"].items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            where = f"{method.upper()} {path}"
            for parameter in operation.get("parameters", []):
                if "$ref" not in parameter and NIR_NAME.search(parameter["name"]):
                    for typed in strings(parameter["schema"], document):
                        yield f"{where} {parameter['in']} {parameter['name']}", typed
            for content in operation.get("requestBody", {}).get("content", {}).values():
                yield from nir_fields(content.get("schema", {}), document, f"{where} body", set())


def test_the_walk_finds_the_nirs_clients_type() -> None:
    found = {where for where, _ in typed_nirs(json.loads(DOCUMENT.read_text(encoding="utf-8")))}
    assert any(where.endswith("path ins") for where in found)
    assert any("POST /v1/tele-expertises body" in where for where in found)
    assert any("beneficiary_nir" in where for where in found)


def test_every_typed_nir_is_documented_with_or_without_spaces() -> None:
    document = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    refused = []
    for where, schema in typed_nirs(document):
        for typed in (ON_THE_CARD, compact_nir(ON_THE_CARD)):
            pattern = schema.get("pattern")
            too_long = len(typed) > schema.get("maxLength", len(typed))
            if too_long or (pattern is not None and re.search(pattern, typed) is None):
                refused.append(f"{where}: {typed!r}")
    assert refused == []
