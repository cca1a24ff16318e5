"""The audit trail: every call touching patient data, queryable by practice admins and auditors."""

from typing import Any

import asyncpg
import httpx
import pytest

from dentalink_contracts.values import Role
from gateway.adapters.psc_sandbox import sandbox_professional
from gateway.sandbox_client import SandboxPractice
from gateway.testing import Stack
from servicekit.testing import database_connection

pytestmark = pytest.mark.integration
INS = "253072B07300470"


async def events(http: httpx.AsyncClient, practice: SandboxPractice, **query: str | int) -> Any:
    response = await http.get("/v1/audit-events", params=query, headers=await practice.headers("auditor"))
    assert response.status_code == 200, response.text
    return response.json()


async def test_reads_writes_and_refusals_are_traced(
    http: httpx.AsyncClient, practice: SandboxPractice
) -> None:
    dentist, assistant = await practice.headers("dentist"), await practice.headers("dental-assistant")
    await http.get("/v1/identities/id-1", headers=dentist)
    created = (await http.post("/v1/identities", headers=dentist, json={})).json()["id"]
    await http.get(f"/v1/patients/{INS}/documents", headers=dentist)
    await http.get(f"/v1/patients/{INS}/documents", headers=assistant)  # refused: not a health professional
    await http.get("/v1/identities?matricule=" + INS, headers=assistant)
    await http.get("/v1/billing-summaries", headers=dentist)  # no patient data: not traced
    items = (await events(http, practice))["items"]
    seen = [(e["operation"], e["resource_id"], e["patient_ins"], e["status"], e["role"]) for e in items]
    assert seen == [
        ("GET /v1/identities/{identity_id}", "id-1", None, 200, "dentist"),
        ("POST /v1/identities", created, None, 201, "dentist"),
        ("GET /v1/patients/{ins}/documents", None, INS, 200, "dentist"),
        ("GET /v1/patients/{ins}/documents", None, INS, 403, None),
        ("GET /v1/identities", None, INS, 200, "dental_assistant"),
    ]
    refused = items[3]
    assert refused["outcome"] == "forbidden-role"
    assert refused["rpps"] == sandbox_professional("dental-assistant").rpps
    assert refused["profession"] == "dental_assistant" and refused["client_id"] == practice.client_id
    assert all(e["practice_id"] == practice.practice_id and e["request_id"] for e in items)


TAMPERED_CURSOR = "WyIyMDI1LTAxLTAxVDAwOjAwOjAwKzAwOjAwIiwieCJd"


async def test_filters_and_cursor_pagination(http: httpx.AsyncClient, practice: SandboxPractice) -> None:
    headers = await practice.headers("dentist")
    for n in range(5):
        await http.get(f"/v1/identities/p{n}", headers=headers)
    await http.get(f"/v1/patients/{INS}/agenda", headers=headers)
    assert [
        e["resource_id"]
        for e in (await events(http, practice, resource="identity", resource_id="p3"))["items"]
    ] == ["p3"]
    assert len((await events(http, practice, patient_ins=INS))["items"]) == 1
    pages, cursor = [], None
    while True:
        page = await events(http, practice, limit=2, **({"cursor": cursor} if cursor else {}))
        pages.append(page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert [len(p) for p in pages] == [2, 2, 2]
    assert len({e["id"] for p in pages for e in p}) == 6
    bad = await http.get(
        "/v1/audit-events", params={"cursor": "nope"}, headers=await practice.headers("auditor")
    )
    assert bad.status_code == 400
    # base64 of ["2025-01-01T00:00:00+00:00","x"]: well formed, but its id is not a UUID.
    tampered = await http.get(
        "/v1/audit-events", params={"cursor": TAMPERED_CURSOR}, headers=await practice.headers("auditor")
    )
    assert tampered.status_code == 400, tampered.text
    assert tampered.json()["type"] == "https://dentalink.fr/problems/invalid-cursor"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        # Their UTC equivalents fall outside Python's calendar: an OverflowError, a 500, before.
        ({"since": "0001-01-01T00:00:00+14:00"}, "query.since"),
        ({"until": "9999-12-31T23:59:59-14:00"}, "query.until"),
        ({"since": "1899-12-31T00:00:00Z"}, "query.since"),
        # A C1 control passes the request guard (C0 and DEL: 400 invalid-request-target); still text.
        ({"patient_ins": "2530\x8572B07300470"}, "query.patient_ins"),
    ],
)
async def test_dates_out_of_the_calendar_and_controls_are_422_naming_the_filter(
    http: httpx.AsyncClient, practice: SandboxPractice, query: dict[str, str], field: str
) -> None:
    response = await http.get("/v1/audit-events", params=query, headers=await practice.headers("auditor"))
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert [error["field"] for error in response.json()["errors"]] == [field]


async def test_the_ends_of_the_calendar_with_an_offset_are_valid_filters(
    http: httpx.AsyncClient, practice: SandboxPractice
) -> None:
    await http.get("/v1/identities/in-window", headers=await practice.headers("dentist"))
    window = {"since": "1900-01-01T00:00:00+14:00", "until": "9999-12-31T23:59:59+00:00"}
    items = (await events(http, practice, **window))["items"]
    assert [e["resource_id"] for e in items] == ["in-window"]
    assert (await events(http, practice, since="9999-12-31T10:00:00-12:00"))["items"] == []


async def test_only_admins_and_auditors_of_the_practice_read_it(
    stack: Stack, http: httpx.AsyncClient, practice: SandboxPractice
) -> None:
    await http.get("/v1/identities/mine", headers=await practice.headers("dentist"))
    dentist = await http.get("/v1/audit-events", headers=await practice.headers("dentist"))
    assert dentist.status_code == 200  # the dentist is also the practice admin: acts as such here
    assistant = await http.get("/v1/audit-events", headers=await practice.headers("dental-assistant"))
    assert assistant.status_code == 403
    async with stack.practice(roster={"auditor": [Role.AUDITOR]}) as other:
        theirs = await http.get("/v1/audit-events", headers=await other.headers("auditor"))
    assert theirs.status_code == 200 and theirs.json()["items"] == []


async def test_the_trail_is_append_only(
    stack: Stack, http: httpx.AsyncClient, practice: SandboxPractice
) -> None:
    await http.get("/v1/identities/locked", headers=await practice.headers("dentist"))
    # Reading the trail writes the outcomes still queued: the row has its outcome from here on.
    traced = await events(http, practice, resource_id="locked")
    assert [item["outcome"] for item in traced["items"]] == ["success"]
    async with database_connection(stack.database_url) as connection:
        with pytest.raises(asyncpg.RaiseError):
            await connection.execute("UPDATE audit_events SET status = 500 WHERE resource_id = 'locked'")
        with pytest.raises(asyncpg.RaiseError):
            await connection.execute("DELETE FROM audit_events WHERE resource_id = 'locked'")


async def test_the_trail_cannot_be_truncated(
    stack: Stack, http: httpx.AsyncClient, practice: SandboxPractice
) -> None:
    await http.get("/v1/identities/kept", headers=await practice.headers("dentist"))
    async with database_connection(stack.database_url) as connection:
        transaction = connection.transaction()
        await transaction.start()
        try:
            with pytest.raises(asyncpg.RaiseError):
                await connection.execute("TRUNCATE audit_events")
        finally:
            await transaction.rollback()
        kept = await connection.fetchval("SELECT count(*) FROM audit_events WHERE resource_id = 'kept'")
    assert kept >= 1


PATIENT_KEY = "pk_" + "0123456789abcdef" * 2


async def test_session_views_and_patient_searches_name_their_patient(
    http: httpx.AsyncClient, practice: SandboxPractice
) -> None:
    headers = await practice.headers("dentist")
    assert (await http.get("/v1/care-sheet-sessions/sess-42", headers=headers)).status_code == 200
    traits = {"birth_name": "MARTIN", "birth_date": "1980-01-01", "first_name": "Zoé"}
    assert (await http.get("/v1/identities", params=traits, headers=headers)).status_code == 200
    assert (await http.get(f"/v1/invoices?patient={PATIENT_KEY}", headers=headers)).status_code == 200
    items = (await events(http, practice))["items"]
    seen = [(e["operation"], e["resource"], e["resource_id"], e["patient_ins"]) for e in items]
    assert seen == [
        ("GET /v1/care-sheet-sessions/{session_id}", "apcv-session", "sess-42", None),
        ("GET /v1/identities", "identity", "search:traits", None),
        ("GET /v1/invoices", "invoice", PATIENT_KEY, None),
    ]
    assert not any("MARTIN" in str(value) or "Zo" in str(value) for e in items for value in e.values())


async def test_control_characters_in_a_path_are_refused_before_anything_is_written(
    http: httpx.AsyncClient, practice: SandboxPractice
) -> None:
    headers = await practice.headers("dentist")
    for target in ("/v1/identities/a%00b", "/v1/identities/x/%0Aevil", "/v1/identities?matricule=%00"):
        response = await http.get(target, headers=headers)
        assert response.status_code == 400, (target, response.text)
        assert response.json()["type"].endswith("/invalid-request-target")
        assert response.headers["x-request-id"]
    assert (await events(http, practice))["items"] == []


async def test_an_answer_broken_off_upstream_is_a_problem_and_traced_as_such(
    http: httpx.AsyncClient, practice: SandboxPractice
) -> None:
    """A small answer is read whole before anything is sent: one that breaks off is a 503 problem
    the client can retry, and its trail says why, never the upstream's 200."""
    dentist = await practice.headers("dentist")
    broken = await http.get("/v1/identities/id-broken?stub_broken=500", headers=dentist)
    assert broken.status_code == 503, broken.text
    assert broken.headers["content-type"] == "application/problem+json"
    assert broken.json()["type"].endswith("/upstream-unavailable")
    items = (await events(http, practice))["items"]
    assert [(e["resource_id"], e["status"], e["outcome"]) for e in items] == [
        ("id-broken", 503, "upstream-stream-broken")
    ]


async def test_a_large_answer_is_streamed_and_traced_once_sent(
    http: httpx.AsyncClient, practice: SandboxPractice
) -> None:
    dentist = await practice.headers("dentist")
    answer = await http.get(f"/v1/patients/{INS}/documents/d/content?stub_bytes=2000000", headers=dentist)
    assert answer.status_code == 200 and len(answer.content) == 2_000_000
    assert answer.headers.get("content-length") is None  # passed on as the service sent it: chunked
    items = (await events(http, practice))["items"]
    assert [(e["status"], e["outcome"]) for e in items] == [(200, "success")]
