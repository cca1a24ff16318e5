"""The merged OpenAPI document read as a generator reads it (issue 16): nothing a client needs is left
out — a class per schema named from a title that is its key, a short stable operationId per
operation, a description on every property and parameter, an example on every success answer —
and `openapi-python-client` generates a client with every operation and every success answer typed."""

import json
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest

CONTRACTS = Path(__file__).resolve().parents[1]
DOCUMENT = CONTRACTS / "src" / "dentalink_contracts" / "openapi.json"
OPERATION_IDS = CONTRACTS / "operation_ids.txt"
GENERATOR_CONFIG = CONTRACTS / "openapi-python-client.yaml"
METHODS = ("get", "put", "post", "delete", "patch")
REF = "#/components/schemas/"
# `<resource>.<action>`, both camelCase: `identities.create`, `teleExpertises.accept`.
OPERATION_ID = re.compile(r"^[a-z][A-Za-z0-9]*\.[a-z][A-Za-z0-9]*$")


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    return loaded


def operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in document["paths"].items():
        for method in METHODS:
            if method in item:
                yield method, path, item[method]


def success_json_answers(operation: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for status, answer in operation["responses"].items():
        if status.startswith("2") and "application/json" in answer.get("content", {}):
            yield status, answer["content"]["application/json"]


def schema_nodes(node: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema object under `node` (properties, items, compositions), with where it is."""
    if not isinstance(node, dict):
        return
    yield where, node
    for name, sub in node.get("properties", {}).items():
        yield from schema_nodes(sub, f"{where}.{name}")
    for key in ("items", "additionalProperties"):
        yield from schema_nodes(node.get(key), f"{where}[]")
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in node.get(key, []):
            yield from schema_nodes(sub, where)


def undescribed_properties(document: dict[str, Any]) -> list[str]:
    schemas = document["components"]["schemas"]
    missing = []
    for name, schema in schemas.items():
        for where, node in schema_nodes(schema, name):
            for prop, sub in node.get("properties", {}).items():
                if "description" in sub:
                    continue
                # A bare reference: the referenced schema's own description is what a generator shows
                # (pydantic puts a model field's description on the model, not beside the `$ref`).
                target = sub.get("$ref", "")[len(REF) :] if sub.keys() == {"$ref"} else None
                if target and schemas.get(target, {}).get("description"):
                    continue
                missing.append(f"{where}.{prop}")
    return missing


def test_every_schema_title_is_its_key(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    assert [name for name, schema in schemas.items() if schema.get("title") != name] == []


def test_component_names_do_not_collide_once_generators_normalise_them(document: dict[str, Any]) -> None:
    """Generators turn `Page_IdentityOut_` into `PageIdentityOut`: two keys must not meet there."""
    for kind in ("schemas", "parameters", "responses"):
        names = Counter(
            re.sub(r"[^a-z0-9]", "", name.lower()) for name in document["components"].get(kind, {})
        )
        assert [name for name, count in names.items() if count > 1] == [], kind


def test_operation_ids_are_short_unique_and_as_committed(document: dict[str, Any]) -> None:
    found = sorted(
        f"{op['operationId']} {method.upper()} {path}" for method, path, op in operations(document)
    )
    ids = [line.split(" ", 1)[0] for line in found]
    assert [i for i in ids if not OPERATION_ID.match(i)] == []
    assert [i for i, count in Counter(ids).items() if count > 1] == []
    # A changed, added or removed operationId renames an SDK method: update the list on purpose.
    committed = OPERATION_IDS.read_text(encoding="utf-8").splitlines()
    assert found == committed, f"operationIds changed: update {OPERATION_IDS.name} if that is intended"


def test_every_property_and_parameter_is_described(document: dict[str, Any]) -> None:
    assert undescribed_properties(document) == []
    parameters = [
        f"{method.upper()} {path} {parameter['name']}"
        for method, path, operation in operations(document)
        for parameter in operation.get("parameters", [])
        if "$ref" not in parameter and not parameter.get("description")
    ]
    shared = [name for name, p in document["components"]["parameters"].items() if not p.get("description")]
    assert parameters + shared == []


def test_every_success_answer_has_an_example_its_schema_accepts(document: dict[str, Any]) -> None:
    missing, invalid = [], []
    for method, path, operation in operations(document):
        for status, media in success_json_answers(operation):
            if "example" not in media:
                missing.append(f"{status} {method.upper()} {path}")
                continue
            schema = {**media.get("schema", {}), "components": document["components"]}
            errors = [
                error.message for error in jsonschema_rs.validator_for(schema).iter_errors(media["example"])
            ]
            if errors:
                invalid.append(f"{status} {method.upper()} {path}: {errors[:3]}")
    assert missing == []
    assert invalid == []


def test_schema_examples_match_their_schemas(document: dict[str, Any]) -> None:
    invalid = []
    for name, schema in document["components"]["schemas"].items():
        validator = jsonschema_rs.validator_for({**schema, "components": document["components"]})
        for example in schema.get("examples", []):
            errors = [error.message for error in validator.iter_errors(example)]
            if errors:
                invalid.append(f"{name}: {errors[:3]}")
    assert invalid == []


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The Python client openapi-python-client generates from the document, and what it printed."""
    out = tmp_path_factory.mktemp("client") / "client"
    run = subprocess.run(
        [
            str(Path(sys.executable).with_name("openapi-python-client")),
            "generate",
            "--path", str(DOCUMENT),
            "--config", str(GENERATOR_CONFIG),
            "--meta", "none",
            "--output-path", str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    return out, run.stdout + run.stderr


def test_the_generator_reports_nothing_it_left_out(generated: tuple[Path, str]) -> None:
    _, printed = generated
    # It warns (and carries on) for every schema, operation or response it could not read.
    warnings = [line for line in printed.splitlines() if re.match(r"(WARNING|Unable|Cannot|Could not)", line)]
    assert warnings == [], printed


def _snake(operation_id: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", operation_id.replace(".", "_")).lower()


def test_every_operation_and_success_answer_is_in_the_generated_client(
    document: dict[str, Any], generated: tuple[Path, str]
) -> None:
    out, _ = generated
    modules = {module.stem: module for module in (out / "api").rglob("*.py") if module.stem != "__init__"}
    missing, untyped = [], []
    for method, path, operation in operations(document):
        module = modules.get(_snake(operation["operationId"]))
        if module is None:
            missing.append(f"{operation['operationId']}: {method.upper()} {path}")
            continue
        source = module.read_text(encoding="utf-8")
        for status, answer in operation["responses"].items():
            if not status.startswith("2") or not answer.get("content"):
                continue
            parsed = re.search(rf"if response\.status_code == {status}:\n\s+response_{status} = (.+)", source)
            if parsed is None or "None" in parsed.group(1):
                untyped.append(
                    f"{status} {method.upper()} {path}: {parsed.group(1) if parsed else 'dropped'}"
                )
    assert missing == []
    assert untyped == []
