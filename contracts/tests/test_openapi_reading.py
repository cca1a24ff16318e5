"""dentalink_contracts.openapi: every operation of the document walked (non-method keys of a path item
left out), webhooks too, and `$ref`s followed to the end."""

import json
from pathlib import Path

import pytest

from dentalink_contracts.openapi import operations, request_example, resolve

CONTRACTS = Path(__file__).resolve().parents[1]


def test_operations_are_the_methods_of_each_path_item_and_webhooks_their_own() -> None:
    document = {
        "paths": {
            "/v1/pings": {"summary": "s", "parameters": [], "get": {"operationId": "pings.list"}},
            "/v1/pings/{id}": {"delete": {"operationId": "pings.delete"}, "trace": {"operationId": "t"}},
        },
        "webhooks": {"ping.sent": {"post": {"operationId": "pingSent"}}},
    }
    walked = [(path, method, operation["operationId"]) for path, method, operation in operations(document)]
    assert walked == [
        ("/v1/pings", "get", "pings.list"),
        ("/v1/pings/{id}", "delete", "pings.delete"),
        ("/v1/pings/{id}", "trace", "t"),
    ]
    assert [(name, method) for name, method, _ in operations(document, section="webhooks")] == [
        ("ping.sent", "post")
    ]
    assert list(operations({"openapi": "3.1.0"})) == []


def test_refs_are_followed_to_the_end() -> None:
    document = {
        "components": {
            "parameters": {"Cursor": {"$ref": "#/components/parameters/Page"}, "Page": {"name": "cursor"}}
        }
    }
    assert resolve(document, {"$ref": "#/components/parameters/Cursor"}) == {"name": "cursor"}
    assert resolve(document, {"name": "limit"}) == {"name": "limit"}


def test_a_request_example_is_the_body_schemas_first_and_none_without_a_body() -> None:
    document = {
        "components": {
            "schemas": {
                "Ping": {"title": "Ping", "examples": [{"id": 1}, {"id": 2}]},
                "Bare": {"title": "Bare"},
            },
            "requestBodies": {
                "PingBody": {
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Ping"}}}
                }
            },
        }
    }
    assert request_example(document, {"requestBody": {"$ref": "#/components/requestBodies/PingBody"}}) == {
        "id": 1
    }
    assert request_example(document, {"responses": {}}) is None
    bare = {
        "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Bare"}}}}
    }
    with pytest.raises(ValueError, match="Bare"):
        request_example(document, bare)


def test_the_committed_document_walks_to_the_committed_operation_ids() -> None:
    document = json.loads((CONTRACTS / "openapi.json").read_text(encoding="utf-8"))
    walked = sorted(f"{op['operationId']} {m.upper()} {path}" for path, m, op in operations(document))
    assert walked == (CONTRACTS / "operation_ids.txt").read_text(encoding="utf-8").splitlines()
