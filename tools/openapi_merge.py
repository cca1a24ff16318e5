"""Build the merged public OpenAPI document at `make contracts` time (never at run time).

One OpenAPI 3.1 document for the whole public API: the gateway's own routes plus every service's
`/v1` routes, each service's document taken from its app (`build().openapi()`, no network), then
annotated with the gateway's security schemes, headers, problem answers and, per operation, the
habilitation (roles, scope, audit) that the gateway enforces. A service operation without a
habilitation rule is not exposed, so it is left out (and reported by `uncovered_operations`).

This tool is the only code that knows the gateway and the six services together. It writes the
document as package data of dentalink_contracts (`contracts/openapi.json` is a link to that file),
which the gateway serves as it is; a test fails when the committed document is stale.

    python tools/openapi_merge.py            # rewrite the committed document
    python tools/openapi_merge.py --check    # exit 1 when it is stale
    python tools/openapi_merge.py --stdout   # print it
"""

import argparse
import contextlib
import copy
import importlib
import json
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from gateway.adapters.psc import PSC_HEADER
from gateway.api.openapi import API_DESCRIPTION, DESCRIPTIONS
from gateway.domain.calls import ACTING_ROLE_HEADER, PRACTICE_HEADER, REQUEST_ID_HEADER
from gateway.domain.habilitations import RULES, MethodNotAllowed, RouteNotFound, Rule, Upstream, resolve
from gateway.domain.scopes import SCOPES
from servicekit.text import ONE_LINE_PATTERN

ROOT = Path(__file__).resolve().parents[1]
DOCUMENT = ROOT / "contracts" / "src" / "dentalink_contracts" / "openapi.json"
REF = "#/components/schemas/"
SERVICE_MODULES: dict[Upstream, str] = {
    Upstream.INS: "ins_service.main",
    Upstream.VITALE: "vitale_service.main",
    Upstream.DMP: "dmp_service.main",
    Upstream.TELEMED: "telemed_service.main",
    Upstream.BILLING: "billing_service.main",
    Upstream.WEBHOOK: "webhook_service.main",
}

# Path and query text: the gateway refuses C0 controls and DEL (400), the services C1 controls too (422).
NO_CONTROL_CHARACTERS = ONE_LINE_PATTERN
REQUEST_ID_PATTERN = r"^[A-Za-z0-9._:-]{1,128}$"
PRACTICE_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
PROBLEM_SCHEMA = {
    "title": "Problem",
    "description": "RFC 9457 problem details. `type` is a stable URI per error kind "
    "(https://dentalink.fr/problems/<kind>); validation errors list the offending fields.",
    "type": "object",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {
            "type": "string",
            "format": "uri",
            "description": "Stable URI of the error kind: code against it, not against `title`.",
            "example": "https://dentalink.fr/problems/forbidden-role",
        },
        "title": {"type": "string", "description": "Short human summary of the error kind (English)."},
        "status": {"type": "integer", "description": "The HTTP status code of the answer, repeated."},
        "detail": {
            "type": "string",
            "description": "What went wrong on this call, without personal data.",
        },
        "instance": {"type": "string", "description": "The request path or id of this occurrence."},
        "errors": {
            "type": "array",
            "description": "Validation errors (422): one per offending field.",
            "items": {
                "type": "object",
                "required": ["field", "message", "code"],
                "properties": {
                    "field": {
                        "type": "string",
                        "description": "Where the error is: `body.birth_date`, `query.limit`, ….",
                    },
                    "message": {"type": "string", "description": "What is wrong, in words."},
                    "code": {
                        "type": "string",
                        "description": "Stable machine code of the error (pydantic's error type).",
                    },
                },
            },
        },
    },
    "additionalProperties": True,
}


def _rewrite_refs(node: Any, rename: dict[str, str]) -> Any:
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith(REF):
                name = value[len(REF) :]
                out[key] = REF + rename.get(name, name)
            else:
                out[key] = _rewrite_refs(value, rename)
        return out
    if isinstance(node, list):
        return [_rewrite_refs(item, rename) for item in node]
    return node


def _add_schemas(merged: dict[str, Any], schemas: dict[str, Any], prefix: str) -> dict[str, str]:
    """Add one document's schemas; a name already taken by another definition gets a prefix."""
    rename: dict[str, str] = {}
    changed = True
    while changed:
        changed = False
        for name, schema in schemas.items():
            if name in rename:
                continue
            content = _rewrite_refs(schema, rename)
            if name in merged and merged[name] != content:
                rename[name] = f"{prefix}{name}"
                changed = True
    for name, schema in schemas.items():
        merged.setdefault(rename.get(name, name), _rewrite_refs(schema, rename))
    return rename


def _rule_of(method: str, path: str) -> Rule | None:
    try:
        return resolve(method.upper(), path).rule
    except (RouteNotFound, MethodNotAllowed):
        return None


def _habilitation_text(rule: Rule) -> str:
    if not rule.professional:
        return f"**Habilitation**: any registered client with scope `{rule.scope}`; no professional needed."
    roles = ", ".join(f"`{role.value}`" for role in sorted(rule.roles, key=lambda r: r.value))
    audited = " Audited: every call is written to the practice's audit trail." if rule.audit else ""
    sandbox = " Sandbox mode only." if rule.sandbox else ""
    return f"**Habilitation**: roles {roles}; scope `{rule.scope}`. {rule.reason}{audited}{sandbox}"


def _problem(status: int, description: str | None = None) -> dict[str, Any]:
    return {
        "description": description or DESCRIPTIONS.get(status, "Error."),
        "content": {"application/problem+json": {"schema": {"$ref": REF + "Problem"}}},
    }


def _plain_text(schema: Any) -> Any:
    """A string schema without its own pattern, enum or format gets the gateway's rule for path and
    query text: no control characters (RequestGuard answers 400 `invalid-request-target`)."""
    if isinstance(schema, dict):
        if schema.get("type") == "string" and not {"pattern", "enum", "const", "format"} & schema.keys():
            return {**schema, "pattern": NO_CONTROL_CHARACTERS}
        return {
            key: _plain_text(value) if key in ("anyOf", "oneOf", "allOf", "items") else value
            for key, value in schema.items()
        }
    if isinstance(schema, list):
        return [_plain_text(item) for item in schema]
    return schema


def _without_control_characters(parameter: dict[str, Any]) -> dict[str, Any]:
    if parameter.get("in") not in ("path", "query") or "schema" not in parameter:
        return parameter
    return {**parameter, "schema": _plain_text(parameter["schema"])}


def _annotate(operation: dict[str, Any], method: str, rule: Rule, public: bool) -> None:
    description = operation.get("description") or ""
    operation["description"] = (description + "\n\n" if description else "") + _habilitation_text(rule)
    operation["x-dentalink-habilitation"] = {
        "roles": sorted(role.value for role in rule.roles),
        "scope": rule.scope,
        "professional": rule.professional,
        "audited": rule.audit is not None,
        "sandbox_only": rule.sandbox,
        "upstream": rule.upstream.value,
    }
    if public:
        operation["security"] = []
    elif rule.professional:
        operation["security"] = [{"oauth2": [rule.scope], "proSanteConnect": []}]
    else:
        operation["security"] = [{"oauth2": [rule.scope]}]
    parameters = [
        _without_control_characters(p) for p in operation.get("parameters", []) if p.get("in") != "header"
    ]
    parameters.append({"$ref": "#/components/parameters/RequestId"})
    if rule.professional:
        parameters.append({"$ref": "#/components/parameters/PracticeId"})
        parameters.append({"$ref": "#/components/parameters/ActingRole"})
    if method == "post" and rule.upstream is not Upstream.GATEWAY:
        parameters.append({"$ref": "#/components/parameters/IdempotencyKey"})
    operation["parameters"] = parameters
    responses: dict[str, Any] = operation.setdefault("responses", {})
    for status, answer in list(responses.items()):
        if status[:1] in "45":
            responses[status] = _problem(int(status), answer.get("description"))
    wanted = [400, 401, 403, 429]  # 400: a malformed X-Request-Id, on every operation
    if rule.professional:
        wanted += [404]
    if method in ("post", "put", "patch"):
        wanted += [413, 422]
    if method == "post" and rule.upstream is not Upstream.GATEWAY:
        wanted += [409]
    if rule.upstream is not Upstream.GATEWAY:
        wanted += [502, 503, 504]
    for code in sorted(set(wanted)):
        responses.setdefault(str(code), _problem(code))


def _example(schema: Any, schemas: dict[str, Any], depth: int = 0) -> Any:
    """An example for `schema`, from the examples its models declare: a schema's own first example,
    else one composed from its properties' (a page of items, an array of one item). None when a
    required property has none: no example is better than a made-up one."""
    if not isinstance(schema, dict) or depth > 8:
        return None
    if "$ref" in schema and schema["$ref"].startswith(REF):
        return _example(schemas.get(schema["$ref"][len(REF) :]), schemas, depth + 1)
    if schema.get("examples"):
        return schema["examples"][0]
    if "example" in schema:
        return schema["example"]
    if schema.get("type") == "array":
        item = _example(schema.get("items"), schemas, depth + 1)
        return None if item is None else [item]
    properties = schema.get("properties")
    if not properties:
        return None
    example: dict[str, Any] = {}
    for name, sub in properties.items():
        value = _example(sub, schemas, depth + 1)
        if value is None and "default" in sub:
            value = sub["default"]
        if value is None and name in schema.get("required", ()):
            return None
        example[name] = value
    return example


def _admits_null(schema: Any) -> bool:
    if not isinstance(schema, dict):
        return False
    kind = schema.get("type")
    return (
        kind == "null"
        or (isinstance(kind, list) and "null" in kind)
        or any(_admits_null(branch) for branch in schema.get("anyOf", []) + schema.get("oneOf", []))
    )


def _restore_nulls(example: Any, schema: Any, schemas: dict[str, Any], depth: int = 0) -> Any:
    """FastAPI drops every null from the document it builds (`exclude_none`), examples included: a
    required property that admits null and is absent from an example was a null, put it back."""
    if not isinstance(schema, dict) or depth > 12:
        return example
    if "$ref" in schema and schema["$ref"].startswith(REF):
        return _restore_nulls(example, schemas.get(schema["$ref"][len(REF) :]), schemas, depth + 1)
    for branch in schema.get("anyOf", []) + schema.get("oneOf", []):
        if not _admits_null(branch):
            example = _restore_nulls(example, branch, schemas, depth + 1)
    if isinstance(example, list):
        return [_restore_nulls(item, schema.get("items"), schemas, depth + 1) for item in example]
    if not isinstance(example, dict) or "properties" not in schema:
        return example
    restored = {}
    for name, sub in schema["properties"].items():
        if name in example:
            restored[name] = _restore_nulls(example[name], sub, schemas, depth + 1)
        elif name in schema.get("required", ()) and _admits_null(sub):
            restored[name] = None
    return {**restored, **{k: v for k, v in example.items() if k not in restored}}


def _with_nulls(schemas: dict[str, Any]) -> dict[str, Any]:
    return {
        name: {**schema, "examples": [_restore_nulls(e, schema, schemas) for e in schema["examples"]]}
        if schema.get("examples")
        else schema
        for name, schema in schemas.items()
    }


def _with_examples(operation: dict[str, Any], schemas: dict[str, Any]) -> None:
    """Every success answer with a JSON body shows an example (generators and /docs use it)."""
    for status, answer in operation.get("responses", {}).items():
        media = answer.get("content", {}).get("application/json") if status[:1] == "2" else None
        if media is None or "example" in media or "examples" in media:
            continue
        example = _example(media.get("schema"), schemas)
        if example is not None:
            media["example"] = example


def _operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in document.get("paths", {}).items():
        for method in HTTP_METHODS:
            if method in item:
                yield path, method, item[method]


def uncovered_operations(services: dict[Upstream, dict[str, Any]]) -> list[str]:
    """Service operations the gateway does not expose (no rule, or a rule routing elsewhere)."""
    missing = []
    for upstream, document in services.items():
        for path, method, _ in _operations(document):
            if not path.startswith("/v1/"):
                continue
            rule = _rule_of(method, path)
            if rule is None or rule.upstream is not upstream:
                missing.append(f"{upstream}: {method.upper()} {path}")
    return sorted(missing)


def _reachable(document: dict[str, Any]) -> set[str]:
    schemas = document["components"]["schemas"]
    seen: set[str] = set()
    pending = [
        document["paths"],
        document.get("webhooks", {}),
        {k: v for k, v in document["components"].items() if k != "schemas"},
    ]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "$ref" and isinstance(value, str) and value.startswith(REF):
                    name = value[len(REF) :]
                    if name not in seen and name in schemas:
                        seen.add(name)
                        pending.append(schemas[name])
                else:
                    pending.append(value)
        elif isinstance(node, list):
            pending.extend(node)
    return seen


def _components() -> dict[str, Any]:
    return {
        "securitySchemes": {
            "oauth2": {
                "type": "oauth2",
                "description": "OAuth2 client credentials (RFC 6749 §4.4): the vendor software.",
                "flows": {"clientCredentials": {"tokenUrl": "/v1/oauth/token", "scopes": dict(SCOPES)}},
            },
            "proSanteConnect": {
                "type": "apiKey",
                "in": "header",
                "name": PSC_HEADER,
                "description": "Pro Santé Connect OpenID Connect ID token of the acting health professional.",
            },
        },
        "parameters": {
            "RequestId": {
                "name": REQUEST_ID_HEADER,
                "in": "header",
                "required": False,
                "description": "Correlation id (1–128 of `A-Za-z0-9._:-`, else 400 `invalid-request-id`); "
                               "generated when absent, returned on the answer.",
                "schema": {"type": "string", "minLength": 1, "maxLength": 128, "pattern": REQUEST_ID_PATTERN},
            },
            "PracticeId": {
                "name": PRACTICE_HEADER,
                "in": "header",
                "required": True,
                "description": "The practice the call acts for: one the client is registered for (another "
                               "one answers 404). Absent: 400 `practice-required`; malformed: 400 "
                               "`invalid-practice-id`.",
                "schema": {"type": "string", "minLength": 1, "maxLength": 64, "pattern": PRACTICE_ID_PATTERN},
                "example": "cab-0123456789",
            },
            "ActingRole": {
                "name": ACTING_ROLE_HEADER,
                "in": "header",
                "required": False,
                "description": "The roster role to act with, when the professional holds several.",
                "schema": {
                    "type": "string",
                    "enum": ["dentist", "specialist", "dental_assistant", "ehpad_professional", "auditor",
                             "practice_admin"],
                },
            },
            "IdempotencyKey": {
                "name": "Idempotency-Key",
                "in": "header",
                "required": False,
                "description": "Makes a creating POST safe to retry: a creation's answer (201) is stored and "
                               "replayed for the retention period (1 h by default); other answers are "
                               "not stored, the request is forwarded again.",
                "schema": {"type": "string", "minLength": 1, "maxLength": 255},
                "example": "5f0c1b3e-8d2a-4b6c-9e7f-1a2b3c4d5e6f",
            },
        },
    }  # fmt: skip


def _matrix_table() -> str:
    lines = ["| operation | roles | scope | audited |", "| --- | --- | --- | --- |"]
    for rule in RULES:
        methods = "/".join(sorted(m for m in rule.methods if m != "HEAD"))
        roles = ", ".join(sorted(role.value for role in rule.roles)) or "client only"
        lines.append(
            f"| {methods} `{rule.template}` | {roles} | `{rule.scope}` | {'yes' if rule.audit else 'no'} |"
        )
    return "\n".join(lines)


def merge(gateway_document: dict[str, Any], services: dict[Upstream, dict[str, Any]]) -> dict[str, Any]:
    """The merged public document (pure: same inputs, same output)."""
    schemas: dict[str, Any] = {"Problem": PROBLEM_SCHEMA}
    paths: dict[str, dict[str, Any]] = {}
    sources: list[tuple[str, Upstream, dict[str, Any]]] = [("Gateway", Upstream.GATEWAY, gateway_document)]
    sources += [(upstream.value.capitalize(), upstream, services[upstream]) for upstream in sorted(services)]
    tags: dict[str, dict[str, Any]] = {}
    webhooks: dict[str, Any] = {}
    for prefix, upstream, document in sources:
        rename = _add_schemas(schemas, document.get("components", {}).get("schemas", {}), prefix)
        # What a service delivers to vendors' endpoints (OpenAPI 3.1 `webhooks`), carried as is but
        # for `security`: the platform calls the vendor, so no scheme of ours applies; the receiver
        # checks the Standard Webhooks signature its description documents (`[]` says so explicitly).
        delivered = _rewrite_refs(copy.deepcopy(document.get("webhooks", {})), rename)
        for webhook in delivered.values():
            for operation in webhook.values():
                operation.setdefault("security", [])
        webhooks.update(delivered)
        for tag in document.get("tags", []):
            tags.setdefault(tag["name"], tag)
        for path, method, operation in _operations(document):
            rule = _rule_of(method, path)
            if rule is None or rule.upstream is not upstream:
                continue
            operation = _rewrite_refs(copy.deepcopy(operation), rename)
            public = operation.get("security") == []
            _annotate(operation, method, rule, public)
            paths.setdefault(path, {})[method] = operation
        for path in ("/.well-known/jwks.json", "/.well-known/oauth-authorization-server", "/v1/oauth/token"):
            for method, operation in document.get("paths", {}).get(path, {}).items():
                operation = _rewrite_refs(copy.deepcopy(operation), rename)
                operation["security"] = []
                operation["parameters"] = [
                    *operation.get("parameters", []),
                    {"$ref": "#/components/parameters/RequestId"},
                ]
                for status, answer in list(operation.get("responses", {}).items()):
                    if status[:1] in "45":
                        operation["responses"][status] = _problem(int(status), answer.get("description"))
                operation["responses"].setdefault("400", _problem(400))
                paths.setdefault(path, {})[method] = operation
    merged: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {
            "title": "Dentalink API",
            "version": "1.0.0",
            "description": API_DESCRIPTION + "\n## Habilitation matrix\n" + _matrix_table() + "\n",
            "license": {"name": "Apache 2.0", "identifier": "Apache-2.0"},  # the repository's LICENSE
        },
        "servers": [{"url": "http://127.0.0.1:8000", "description": "Local platform (`make up`)"}],
        "tags": [tags[name] for name in sorted(tags)],
        "paths": {path: paths[path] for path in sorted(paths)},
        **({"webhooks": {name: webhooks[name] for name in sorted(webhooks)}} if webhooks else {}),
        "components": {"schemas": schemas, **_components()},
    }
    schemas = _with_nulls(schemas)
    merged["components"]["schemas"] = schemas
    for _, _, operation in _operations(merged):
        _with_examples(operation, schemas)
    keep = _reachable(merged)
    merged["components"]["schemas"] = {
        name: _titled(name, schemas[name]) for name in sorted(schemas) if name in keep
    }
    return merged


def _titled(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    """A schema's title is its key: generators name classes from titles, so a key renamed by the
    merge (`TelemedRefusalView`) or a generic's (`Page_IdentityOut_`) must not keep the old one."""
    return {**schema, "title": name}


@contextlib.contextmanager
def _quiet_logging() -> Iterator[None]:
    """Building an app reconfigures logging for its service: put the tool's back."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        yield
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)


def service_documents() -> dict[Upstream, dict[str, Any]]:
    """Each service's own document, from its app (no network, no database)."""
    documents = {}
    for upstream, module_name in SERVICE_MODULES.items():
        with _quiet_logging():
            app: FastAPI = importlib.import_module(module_name).build()
        documents[upstream] = app.openapi()
    return documents


def gateway_own_document() -> dict[str, Any]:
    """The document of the gateway's own routes (what its app would generate, sandbox included)."""
    from gateway.main import build

    with _quiet_logging():
        app = build()
    return get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
        tags=app.openapi_tags,
    )


def render() -> str:
    """The merged document as committed: indented JSON, UTF-8, one final newline."""
    return json.dumps(merge(gateway_own_document(), service_documents()), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the merged public OpenAPI document.")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="exit 1 when the committed document is stale")
    mode.add_argument("--stdout", action="store_true", help="print the document instead of writing it")
    args = parser.parse_args(argv)
    # Whatever a build logs goes to stderr: stdout carries the document only.
    real_stdout, sys.stdout = sys.stdout, sys.stderr
    try:
        text = render()
    finally:
        sys.stdout = real_stdout
    if args.stdout:
        sys.stdout.write(text)
        return 0
    current = DOCUMENT.read_text(encoding="utf-8") if DOCUMENT.exists() else None
    if args.check:
        if current != text:
            print(f"stale: run `make contracts` ({DOCUMENT.relative_to(ROOT)})", file=sys.stderr)
            return 1
        return 0
    if current != text:
        DOCUMENT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
