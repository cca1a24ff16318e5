"""Every route under `/v1/patients/{ins}` goes through the one guard (issue 12).

The routes come from the service's OpenAPI document, so a new route is walked without touching this
test. Each is called, with a valid request built from the document (its body's example, its required
parameters), as (a) a practice holding no identity of the patient, (b) a practice holding it PROV and
(c) the practice holding it QUAL that filed the patient's data. (a) and (b) are always refused with
403 `identity-not-qualified` problem+json, write nothing and leave only their denial in the access
log; (c) is never refused for its identity (nor answered with a 5xx). A patient no practice ever
qualified (no record at all: the practice holds no identity, or a PROV one ins-service never shared)
gets that same answer on every route (issue 16), so a refusal never tells whether a record exists.
"""

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest

from dentalink_contracts.events import IdentityStatus
from dentalink_contracts.openapi import operations, request_example, resolve
from dmp_service.main import build
from dmp_service.testing import Harness, new_matricule, new_rpps
from servicekit.testing import eventually, unique_group

pytestmark = pytest.mark.integration

PATIENT_PREFIX = "/v1/patients/{ins}"
PROBLEM = "application/problem+json"
NOT_QUALIFIED = "https://dentalink.fr/problems/identity-not-qualified"
OPENAPI: dict[str, Any] = build().openapi()


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    operation: dict[str, Any]

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def patient_routes(document: dict[str, Any]) -> list[Route]:
    """Every operation of every path under `/v1/patients/{ins}` in the OpenAPI document."""
    return [
        Route(method.upper(), path, operation)
        for path, method, operation in operations(document)
        if path == PATIENT_PREFIX or path.startswith(PATIENT_PREFIX + "/")
    ]


ROUTES = patient_routes(OPENAPI)


def _value(name: str, schema: dict[str, Any]) -> Any:
    """A valid value of a parameter the walk has no resource for: its example, enum, default or a UUID."""
    schema = resolve(OPENAPI, schema)
    for key in ("examples", "enum"):
        if schema.get(key):
            return schema[key][0]
    if "default" in schema:
        return schema["default"]
    if schema.get("format") == "uuid":
        return str(uuid.uuid4())
    raise AssertionError(f"no valid value for parameter {name!r}: give its schema an example")


def _body(route: Route) -> Any:
    """The request body's first example (every body schema documents one)."""
    return request_example(OPENAPI, route.operation)


@dataclass
class World:
    """The patient, the three practices, and the patient's data filed by the qualified practice."""

    dmp: Harness
    ins: str
    qualified: str
    provisional: str
    unknown: str
    path_values: dict[str, str]
    never_qualified: str = ""
    child: str = ""

    def as_practice(self, practice: str) -> dict[str, str]:
        return self.dmp.headers(practice=practice, rpps=new_rpps())

    async def call(self, route: Route, practice: str, ins: str | None = None) -> httpx.Response:
        path_values = {"ins": ins or self.ins, **self.path_values}
        path, query = route.path, {}
        for parameter in route.operation.get("parameters", []):
            name, where = parameter["name"], parameter["in"]
            if where == "path":
                value = path_values.get(name) or _value(name, parameter["schema"])
                path = path.replace("{" + name + "}", str(value))
            elif where == "query" and parameter.get("required"):
                query[name] = _value(name, parameter["schema"])
        body = _body(route)
        if isinstance(body, dict) and "child_ins" in body:
            # The child the qualified practice holds QUAL too: the example's child is nobody's patient.
            body = {**body, "child_ins": self.child}
        return await self.dmp.http.request(
            route.method, path, params=query, json=body, headers=self.as_practice(practice)
        )

    async def written(self) -> dict[str, list[Any]]:
        """What the record's commands write, without the columns the push and e-mail jobs move."""
        queries = {
            "access_refusals": "SELECT * FROM access_refusals",
            "documents": "SELECT * FROM documents",
            "document_versions": "SELECT id, document_id, number, superseded_at FROM document_versions",
            "document_contents": "SELECT version_id FROM document_contents",
            "profile_entries": "SELECT * FROM profile_entries",
            "profile_entry_versions": "SELECT * FROM profile_entry_versions",
            "related_profiles": "SELECT * FROM related_profiles",
            "messages": "SELECT * FROM messages",
            "message_attachments": "SELECT * FROM message_attachments",
            "appointments": "SELECT * FROM appointments",
            "notifications": "SELECT id FROM notifications",
        }
        return {table: sorted(map(repr, await self.dmp.rows(sql))) for table, sql in queries.items()}

    async def access_log_ids(self) -> set[uuid.UUID]:
        return {row[0] for row in await self.dmp.rows("SELECT id FROM access_log")}


async def _created(answer: httpx.Response) -> dict[str, Any]:
    assert answer.status_code == 201, answer.text
    body: dict[str, Any] = answer.json()
    return body


@pytest.fixture(scope="module")
async def world(harness: Harness) -> World:
    dmp = harness
    ins, child = new_matricule(), new_matricule()
    qualified, provisional, unknown = (
        unique_group("cab-qual"),
        unique_group("cab-prov"),
        unique_group("cab-none"),
    )
    at = datetime.now(UTC) - timedelta(hours=1)
    await dmp.qualify(ins, practice=qualified, at=at)
    await dmp.qualify(child, practice=qualified, at=at, birth_date=date.today() - timedelta(days=5 * 365))
    # The PROV practice qualified the identity once, then flagged it: it leaves QUAL there only.
    await dmp.qualify(ins, practice=provisional, at=at)
    await dmp.downgrade(ins, practice=provisional, to=IdentityStatus.PROV, at=at + timedelta(minutes=1))

    async def provisional_there() -> None:
        rows = await dmp.rows(
            "SELECT status FROM practice_identity_statuses WHERE matricule = :m AND practice_id = :p",
            m=ins,
            p=provisional,
        )
        assert [row[0] for row in rows] == ["PROV"]

    await eventually(provisional_there, timeout=30)

    # The patient's data, filed by the qualified practice, so that every id in a path is a real one.
    here = dmp.headers(practice=qualified, rpps=new_rpps())
    base = f"/v1/patients/{ins}"
    section = _value("section", {"$ref": "#/components/schemas/ProfileSection"})
    refusal = await _created(
        await dmp.http.post(
            f"{base}/access-refusals",
            headers=here,
            json={"rpps": new_rpps(), "areas": ["dmp"], "on_behalf_of": "patient"},
        )
    )
    document = await _created(
        await dmp.http.post(
            f"{base}/documents",
            headers=here,
            json={
                "type_code": "11488-4",
                "title": "Compte rendu",
                "date_of_care": "2025-06-02",
                "content_type": "text/plain",
                "content_base64": "Q29tcHRlIHJlbmR1Cg==",
            },
        )
    )
    entry = await _created(
        await dmp.http.post(f"{base}/profile/{section}", headers=here, json={"text": "Allergie au latex"})
    )
    message = await _created(
        await dmp.http.post(
            f"{base}/messages",
            headers=here,
            json={
                "subject": "Votre compte rendu",
                "body": "Bonjour",
                "attachments": [
                    {
                        "title": "Compte rendu",
                        "type_code": "11488-4",
                        "content_type": "text/plain",
                        "content_base64": "Q29tcHRlIHJlbmR1Cg==",
                    }
                ],
            },
        )
    )
    appointment = await _created(
        await dmp.http.post(
            f"{base}/appointments",
            headers=here,
            json={
                "starts_at": (datetime.now(UTC) + timedelta(days=200)).isoformat(),
                "title": "Contrôle",
                "added_by": "professional",
            },
        )
    )
    related = await _created(
        await dmp.http.post(
            f"{base}/related-profiles", headers=here, json={"child_ins": child, "relationship": "parent"}
        )
    )
    return World(
        dmp=dmp,
        ins=ins,
        qualified=qualified,
        provisional=provisional,
        unknown=unknown,
        never_qualified=new_matricule(),
        child=child,
        path_values={
            "refusal_id": refusal["id"],
            "document_id": document["id"],
            "section": section,
            "entry_id": entry["id"],
            "message_id": message["id"],
            "attachment_id": message["attachments"][0]["id"],
            "appointment_id": appointment["id"],
            "related_id": related["id"],
        },
    )


def test_the_walk_takes_every_patient_route_of_the_openapi_document() -> None:
    walked = {str(route) for route in ROUTES}
    # The routes of issue 12 (refusals and access log) are there, among all the others.
    assert {
        "POST /v1/patients/{ins}/access-refusals",
        "GET /v1/patients/{ins}/access-refusals",
        "DELETE /v1/patients/{ins}/access-refusals/{refusal_id}",
        "GET /v1/patients/{ins}/access-log",
        "GET /v1/patients/{ins}/documents",
        "POST /v1/patients/{ins}/related-profiles",
    } <= walked
    every_operation = {
        f"{method.upper()} {path}"
        for path, operations in OPENAPI["paths"].items()
        if "{ins}" in path
        for method in operations
    }
    assert walked == every_operation


@pytest.mark.parametrize("route", ROUTES, ids=str)
async def test_only_a_practice_holding_the_qualified_identity_passes_the_guard(
    world: World, route: Route
) -> None:
    for practice in (world.unknown, world.provisional):
        before, traced = await world.written(), await world.access_log_ids()

        answer = await world.call(route, practice)

        assert answer.status_code == 403, f"{route} as {practice}: {answer.status_code} {answer.text}"
        assert answer.headers["content-type"] == PROBLEM
        problem = answer.json()
        assert problem["type"] == NOT_QUALIFIED, (route, problem)
        assert "items" not in problem and world.ins not in answer.text
        assert await world.written() == before, f"{route} as {practice} wrote in the record"
        new_lines = await world.dmp.rows(
            "SELECT outcome, reason, practice_id FROM access_log WHERE NOT (id = ANY(:ids))",
            ids=list(traced),
        )
        assert [tuple(line) for line in new_lines] == [
            ("denied", "practice_identity_not_qualified", practice)
        ]

    answer = await world.call(route, world.qualified)

    refused_for_identity = answer.status_code == 403 and answer.json().get("type") == NOT_QUALIFIED
    assert not refused_for_identity, f"{route} as the qualified practice: {answer.text}"
    assert answer.status_code < 500, f"{route} as the qualified practice: {answer.status_code} {answer.text}"


@pytest.mark.parametrize("route", ROUTES, ids=str)
async def test_a_patient_no_practice_qualified_gets_the_same_refusal(world: World, route: Route) -> None:
    qualified_elsewhere = await world.call(route, world.unknown)
    traced = await world.access_log_ids()

    for practice in (world.unknown, world.qualified):
        answer = await world.call(route, practice, ins=world.never_qualified)

        assert answer.status_code == qualified_elsewhere.status_code == 403, f"{route}: {answer.text}"
        assert answer.headers["content-type"] == PROBLEM
        problem, reference = answer.json(), qualified_elsewhere.json()
        assert (problem["type"], problem["title"], problem.get("detail")) == (
            reference["type"],
            reference["title"],
            reference.get("detail"),
        ), route
        assert world.never_qualified not in answer.text
    new_lines = await world.dmp.rows(
        "SELECT outcome, reason FROM access_log WHERE NOT (id = ANY(:ids))", ids=list(traced)
    )
    assert [tuple(line) for line in new_lines] == [("denied", "practice_identity_not_qualified")] * 2
