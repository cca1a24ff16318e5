"""The merged OpenAPI document: how tools/openapi_merge.py assembles it, that the committed copy is
current, and that the gateway serves that copy and nothing it would build itself."""

import importlib.util
import json
import sys
from importlib.resources import files
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from gateway.api.openapi import committed_document, public_operation
from gateway.domain.habilitations import Upstream

ROOT = Path(__file__).resolve().parents[3]
TOOL = ROOT / "tools" / "openapi_merge.py"
COMMITTED = ROOT / "contracts" / "src" / "dentalink_contracts" / "openapi.json"
LINKED = ROOT / "contracts" / "openapi.json"
# Service routes the gateway cannot expose as they are; each needs a decision by the lead.
KNOWN_GAPS: set[str] = set()


def _load_tool() -> ModuleType:
    """The build-time tool, loaded from its file (it is no package: nothing imports it at run time)."""
    spec = importlib.util.spec_from_file_location("openapi_merge", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


tool = _load_tool()
merge, uncovered_operations = tool.merge, tool.uncovered_operations


def problem_ref(schema_name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{schema_name}"}


def service_doc(
    path: str, method: str, schema_name: str, schema: dict[str, Any], **operation: Any
) -> dict[str, Any]:
    return {
        "paths": {
            path: {
                method: {
                    "operationId": f"{method}_{path}",
                    "responses": {
                        "200": {"content": {"application/json": {"schema": problem_ref(schema_name)}}},
                        "422": {"description": "Validation", "content": {"application/json": {"schema": {}}}},
                    },
                    **operation,
                }
            },
            "/health": {"get": {"responses": {}}},
        },
        "components": {"schemas": {schema_name: schema, "Unused": {"type": "object"}}},
    }


GATEWAY_DOC = {"paths": {"/v1/oauth/token": {"post": {"responses": {"200": {}}, "security": []}}}}


def test_operations_are_merged_with_habilitation_security_and_problems() -> None:
    ins = service_doc("/v1/identities/{identity_id}", "get", "IdentityOut", {"type": "object"})
    merged = merge(GATEWAY_DOC, {Upstream.INS: ins})
    operation = merged["paths"]["/v1/identities/{identity_id}"]["get"]
    assert operation["security"] == [{"oauth2": ["identities:read"], "proSanteConnect": []}]
    assert operation["x-dentalink-habilitation"]["roles"] == [
        "dental_assistant", "dentist", "ehpad_professional", "specialist"
    ]  # fmt: skip
    assert operation["x-dentalink-habilitation"]["audited"] is True
    assert "**Habilitation**" in operation["description"]
    assert set(operation["responses"]) >= {"200", "401", "403", "404", "422", "429", "502", "503", "504"}
    assert operation["responses"]["422"]["content"] == {
        "application/problem+json": {"schema": problem_ref("Problem")}
    }
    assert {"$ref": "#/components/parameters/ActingRole"} in operation["parameters"]
    assert {"$ref": "#/components/parameters/PracticeId"} in operation["parameters"]
    assert "/health" not in merged["paths"] and merged["paths"]["/v1/oauth/token"]["post"]["security"] == []
    assert "Unused" not in merged["components"]["schemas"]
    assert merged["openapi"] == "3.1.0"


def test_a_schema_name_taken_by_another_definition_is_prefixed() -> None:
    ins = service_doc("/v1/identities", "post", "Attachment", {"type": "object", "title": "ins"})
    telemed = service_doc("/v1/tele-expertises", "post", "Attachment", {"type": "string", "title": "telemed"})
    merged = merge(GATEWAY_DOC, {Upstream.INS: ins, Upstream.TELEMED: telemed})
    schemas = merged["components"]["schemas"]
    assert schemas["Attachment"]["type"] == "object" and schemas["TelemedAttachment"]["type"] == "string"
    # Generators name classes from titles: the renamed schema's title is its new key.
    assert schemas["Attachment"]["title"] == "Attachment"
    assert schemas["TelemedAttachment"]["title"] == "TelemedAttachment"
    telemed_op = merged["paths"]["/v1/tele-expertises"]["post"]
    assert telemed_op["responses"]["200"]["content"]["application/json"]["schema"] == problem_ref(
        "TelemedAttachment"
    )
    assert {"$ref": "#/components/parameters/IdempotencyKey"} in telemed_op["parameters"]


def test_a_success_answer_gets_an_example_from_its_schemas_with_the_nulls_fastapi_dropped() -> None:
    item = {
        "type": "object",
        "required": ["id", "closed_at"],
        "properties": {
            "id": {"type": "string"},
            "closed_at": {"anyOf": [{"type": "string"}, {"type": "null"}]},
        },
        "examples": [{"id": "a1"}],  # FastAPI removed `"closed_at": null` (exclude_none)
    }
    page = {
        "type": "object",
        "required": ["items"],
        "properties": {
            "items": {"type": "array", "items": problem_ref("Item")},
            "next_cursor": {"anyOf": [{"type": "string"}, {"type": "null"}], "default": None},
        },
    }
    ins = service_doc("/v1/identities", "get", "Page_Item_", page)
    ins["components"]["schemas"]["Item"] = item
    merged = merge(GATEWAY_DOC, {Upstream.INS: ins})
    media = merged["paths"]["/v1/identities"]["get"]["responses"]["200"]["content"]["application/json"]
    assert media["example"] == {"items": [{"id": "a1", "closed_at": None}], "next_cursor": None}
    assert merged["components"]["schemas"]["Page_Item_"]["title"] == "Page_Item_"


def test_operations_without_a_rule_are_left_out_and_reported() -> None:
    rogue = service_doc("/v1/secrets", "get", "Secret", {"type": "object"})
    assert "/v1/secrets" not in merge(GATEWAY_DOC, {Upstream.INS: rogue})["paths"]
    assert uncovered_operations({Upstream.INS: rogue}) == ["ins: GET /v1/secrets"]


@pytest.fixture(scope="module")
def services() -> dict[Upstream, dict[str, Any]]:
    documents: dict[Upstream, dict[str, Any]] = tool.service_documents()
    return documents


def test_every_service_route_is_exposed_with_a_habilitation(services: dict[Upstream, dict[str, Any]]) -> None:
    assert set(uncovered_operations(services)) <= KNOWN_GAPS


def test_the_committed_document_is_current() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == tool.render(), "stale: run `make contracts`"


def test_one_committed_copy_is_what_integrators_find_and_the_gateway_serves() -> None:
    assert LINKED.resolve() == COMMITTED.resolve(), "contracts/openapi.json must link to the package data"
    assert files("dentalink_contracts").joinpath("openapi.json").read_bytes() == COMMITTED.read_bytes()
    assert committed_document() == COMMITTED.read_bytes()


def test_the_gateway_app_answers_the_committed_document_not_its_own() -> None:
    from gateway.main import build

    app = build()
    assert app.openapi() == json.loads(COMMITTED.read_bytes())
    own = tool.gateway_own_document()
    assert "/v1/identities" not in own["paths"] and "/v1/identities" in app.openapi()["paths"]


def test_every_reference_of_the_committed_document_resolves() -> None:
    document = json.loads(COMMITTED.read_text())
    refs: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            refs.extend(v for k, v in node.items() if k == "$ref")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(document)
    for ref in refs:
        section, name = ref.removeprefix("#/components/").split("/", 1)
        assert name in document["components"][section], ref
    for item in document["paths"].values():
        for operation in item.values():
            assert "x-dentalink-habilitation" in operation or operation.get("security") == []


def test_the_headers_are_parameters_saying_what_the_gateway_refuses() -> None:
    ins = service_doc(
        "/v1/identities/{identity_id}",
        "get",
        "IdentityOut",
        {"type": "object"},
        parameters=[
            {"name": "identity_id", "in": "path", "required": True, "schema": {"type": "string"}},
            {"name": "q", "in": "query", "schema": {"anyOf": [{"type": "string"}, {"type": "null"}]}},
            {"name": "rpps", "in": "query", "schema": {"type": "string", "pattern": "^[0-9]{11}$"}},
            {"name": "on", "in": "query", "schema": {"type": "string", "format": "date"}},
        ],
    )
    merged = merge(GATEWAY_DOC, {Upstream.INS: ins})
    parameters = merged["components"]["parameters"]
    practice = parameters["PracticeId"]
    assert (practice["in"], practice["name"], practice["required"]) == ("header", "X-Practice-Id", True)
    assert "practiceId" not in merged["components"]["securitySchemes"]
    request_id = parameters["RequestId"]["schema"]
    assert (request_id["maxLength"], request_id["pattern"]) == (128, "^[A-Za-z0-9._:-]{1,128}$")
    operation = merged["paths"]["/v1/identities/{identity_id}"]["get"]
    assert "400" in operation["responses"]  # a missing practice, a malformed X-Request-Id
    schemas = {p["name"]: p["schema"] for p in operation["parameters"] if "name" in p}
    no_controls = tool.NO_CONTROL_CHARACTERS
    assert schemas["identity_id"]["pattern"] == no_controls
    assert schemas["q"]["anyOf"][0]["pattern"] == no_controls
    assert schemas["rpps"]["pattern"] == "^[0-9]{11}$" and "pattern" not in schemas["on"]  # their own rule
    token = merged["paths"]["/v1/oauth/token"]["post"]
    assert {"$ref": "#/components/parameters/RequestId"} in token["parameters"]
    assert "400" in token["responses"]


def test_document_contents_are_documented_in_the_media_type_they_are_served_in() -> None:
    paths = json.loads(COMMITTED.read_text())["paths"]
    for path in [
        "/v1/patients/{ins}/documents/{document_id}/content",
        "/v1/tele-expertises/{expertise_id}/attachments/{attachment_id}",
    ]:
        content = paths[path]["get"]["responses"]["200"]["content"]
        assert content == {"*/*": {"schema": {"type": "string", "format": "binary"}}}, path


def test_spans_and_metrics_name_the_public_operation_never_a_path_value() -> None:
    ins = "280012A00400712"
    assert public_operation("GET", "/v1/identities/3f2b") == "/v1/identities/{identity_id}"
    assert public_operation("GET", f"/v1/patients/{ins}/documents") == "/v1/patients/{ins}/documents"
    assert public_operation("POST", "/v1/oauth/token") == "/v1/oauth/token"
    assert public_operation("DELETE", "/v1/identities/3f2b") == "/v1/identities/{identity_id}"
    for path in (f"/v1/unknown/{ins}", f"/{ins}", f"/v1/patients/{ins}/x/y/z"):
        assert ins not in public_operation("GET", path)
