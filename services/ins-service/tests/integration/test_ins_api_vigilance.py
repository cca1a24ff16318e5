"""Identity-vigilance through the API: duplicates, homonyms, concurrency, scoping, search (issue 3)."""

import asyncio

import asyncpg
import httpx
import pytest
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from dentalink_contracts.events import IdentityQualified
from dentalink_contracts.values import Role
from ins_service.testing import Practice
from servicekit.telemetry import add_span_exporter
from servicekit.testing import EventProbe, database_connection

pytestmark = pytest.mark.integration

DARTAGNAN = {
    "birth_name": "d'Artagnan de l'Hérault",
    "birth_first_names": "Marie-Hélène",
    "birth_date": "1980-01-30",
    "sex": "F",
    "birth_place_code": "2A004",
}


async def test_same_traits_written_differently_answer_409_with_a_link(practice: Practice) -> None:
    first = await practice.create(**DARTAGNAN)
    response = await practice.http.post(
        "/v1/identities",
        json={**DARTAGNAN, "birth_name": "D ARTAGNAN DE L HERAULT", "birth_first_names": "marie-helene"},
        headers=practice.headers(),
    )
    assert response.status_code == 409
    problem = response.json()
    assert problem["type"] == "https://dentalink.fr/problems/duplicate-identity"
    assert problem["existing_identities"] == [
        {"id": first["id"], "href": f"/v1/identities/{first['id']}", "reasons": ["same-traits"]}
    ]
    assert response.headers["link"] == f'</v1/identities/{first["id"]}>; rel="duplicate"'
    assert "ARTAGNAN" not in response.text.upper().replace(first["id"].upper(), "")
    listed = await practice.get("/v1/identities")
    assert [item["id"] for item in listed["items"]] == [first["id"]]


async def test_same_matricule_answers_409_even_with_other_traits(practice: Practice) -> None:
    first = await practice.create(**DARTAGNAN, matricule="280012a00400712", oid="1.2.250.1.213.1.4.10")
    assert first["ins"] == {"matricule": "280012A00400712", "oid": "1.2.250.1.213.1.4.10", "confirmed": False}
    response = await practice.http.post(
        "/v1/identities",
        json={
            "birth_name": "Autre",
            "birth_first_names": "Nom",
            "birth_date": "1980-01-30",
            "sex": "F",
            "matricule": "280012A00400712",
            "oid": "1.2.250.1.213.1.4.10",
            "acknowledged_homonyms": [first["id"]],
        },
        headers=practice.headers(),
    )
    assert response.status_code == 409
    assert response.json()["existing_identities"][0]["reasons"] == ["same-matricule"]


async def test_an_ins_held_by_another_identity_is_surfaced_by_the_lookup(practice: Practice) -> None:
    held = await practice.create(**DARTAGNAN, matricule="280012A00400712", oid="1.2.250.1.213.1.4.10")
    other = await practice.create(
        **{**DARTAGNAN, "birth_first_names": "Marie-Helene Louise", "first_birth_first_name": "Marie-Helene"},
        acknowledged_homonyms=[held["id"]],
    )
    response = await practice.http.post(
        f"/v1/identities/{other['id']}/insi-lookups", json={}, headers=practice.headers()
    )
    assert response.status_code == 409
    assert response.json()["existing_identities"][0]["id"] == held["id"]


async def test_an_acknowledged_homonym_is_created_and_both_carry_homa(practice: Practice) -> None:
    first = await practice.create(**DARTAGNAN)
    second = await practice.create(**DARTAGNAN, acknowledged_homonyms=[first["id"]])
    assert second["attributes"] == ["HOMA"]
    assert (await practice.get(f"/v1/identities/{first['id']}"))["attributes"] == ["HOMA"]


async def test_concurrent_creations_of_one_person_create_one_identity(practice: Practice) -> None:
    responses = await asyncio.gather(
        *(practice.http.post("/v1/identities", json=DARTAGNAN, headers=practice.headers()) for _ in range(5))
    )
    assert sorted(response.status_code for response in responses) == [201, 409, 409, 409, 409]
    assert len((await practice.get("/v1/identities"))["items"]) == 1


async def test_concurrent_qualification_requests_emit_one_event(practice: Practice) -> None:
    created = await practice.create(**DARTAGNAN)
    identity = f"/v1/identities/{created['id']}"
    await practice.post(f"{identity}/insi-lookups", {})
    mine = lambda event: event.practice_id == practice.practice_id  # noqa: E731
    async with EventProbe(IdentityQualified, mine) as qualified:
        responses = await asyncio.gather(
            *(
                practice.http.post(
                    f"{identity}/document-checks", json={"document": "passport"}, headers=practice.headers()
                )
                for _ in range(6)
            )
        )
        assert {response.status_code for response in responses} == {200}
        assert {response.json()["identity"]["status"] for response in responses} == {"QUAL"}
        await qualified.wait_for(1)
        assert len(await qualified.settle()) == 1
    history = await practice.get(f"{identity}/history")
    statuses = [(entry["previous_status"], entry["new_status"]) for entry in history["items"]]
    assert statuses.count(("RECUP", "QUAL")) == 1


async def test_another_practice_sees_nothing(practice: Practice, ins_http: httpx.AsyncClient) -> None:
    created = await practice.create(**DARTAGNAN)
    other = {**practice.headers(), **type(practice)(ins_http, "cab-elsewhere").headers()}
    response = await ins_http.get(f"/v1/identities/{created['id']}", headers=other)
    assert response.status_code == 404
    assert response.json()["type"] == "https://dentalink.fr/problems/identity-not-found"
    lookup = await ins_http.post(f"/v1/identities/{created['id']}/insi-lookups", json={}, headers=other)
    assert lookup.status_code == 404


async def test_an_auditor_reads_but_does_not_write(practice: Practice) -> None:
    created = await practice.create(**DARTAGNAN)
    auditor = practice.headers(role=Role.AUDITOR)
    assert (await practice.http.get(f"/v1/identities/{created['id']}", headers=auditor)).status_code == 200
    response = await practice.http.post(
        f"/v1/identities/{created['id']}/attributes", json={"attribute": "DOUT"}, headers=auditor
    )
    assert response.status_code == 403


async def test_an_invalid_matricule_names_the_wrong_part(practice: Practice) -> None:
    response = await practice.http.post(
        "/v1/identities",
        json={**DARTAGNAN, "matricule": "280012A00400713", "oid": "1.2.250.1.213.1.4.10"},
        headers=practice.headers(),
    )
    assert response.status_code == 422
    problem = response.json()
    assert problem["type"] == "https://dentalink.fr/problems/invalid-matricule"
    assert problem["part"] == "key"
    assert problem["errors"] == [
        {"field": "matricule", "message": problem["detail"], "code": "matricule-key"}
    ]
    assert "280012A00400713" not in response.text


async def test_missing_fields_are_listed(practice: Practice) -> None:
    response = await practice.http.post(
        "/v1/identities", json={"birth_name": "X", "sex": "Z"}, headers=practice.headers()
    )
    assert response.status_code == 422
    fields = {error["field"] for error in response.json()["errors"]}
    assert fields == {"birth_first_names", "birth_date", "sex"}


async def test_mismatching_traits_raise_alerts_not_corrections(practice: Practice) -> None:
    created = await practice.create(
        **{**DARTAGNAN, "sex": "M", "birth_date": "1981-01-30"},
        matricule="280012A00400712",
        oid="1.2.250.1.213.1.4.10",
    )
    assert {alert["code"] for alert in created["alerts"]} == {"sex-mismatch", "birth-year-mismatch"}
    assert created["typed_traits"]["sex"] == "M"


async def test_find_by_matricule_and_by_traits_with_cursor_pages(practice: Practice) -> None:
    first = await practice.create(**DARTAGNAN)
    await practice.post(f"/v1/identities/{first['id']}/insi-lookups", {})
    second = await practice.create(
        birth_name="Santoni", birth_first_names="Marie-Ange Lucie", birth_date="1953-07-08", sex="F"
    )
    third = await practice.create(
        birth_name="Santoni", birth_first_names="Paul", birth_date="1953-07-08", sex="M"
    )
    by_matricule = await practice.get("/v1/identities", matricule="280012A00400712")
    assert [item["id"] for item in by_matricule["items"]] == [first["id"]]
    by_insi_traits = await practice.get(
        "/v1/identities", birth_name="D'ARTAGNAN DE L'HERAULT", birth_date="1980-01-30"
    )
    assert [item["id"] for item in by_insi_traits["items"]] == [first["id"]]
    page = await practice.get("/v1/identities", birth_name="santoni", birth_date="1953-07-08", limit=1)
    assert [item["id"] for item in page["items"]] == [second["id"]]
    rest = await practice.get(
        "/v1/identities", birth_name="santoni", birth_date="1953-07-08", limit=1, cursor=page["next_cursor"]
    )
    assert ([item["id"] for item in rest["items"]], rest["next_cursor"]) == ([third["id"]], None)
    women = await practice.get("/v1/identities", birth_name="Santoni", birth_date="1953-07-08", sex="F")
    assert [item["id"] for item in women["items"]] == [second["id"]]


# base64 of ["2025-01-01T00:00:00+00:00","x"]: a well-formed cursor whose id is not a UUID.
TAMPERED_CURSOR = "WyIyMDI1LTAxLTAxVDAwOjAwOjAwKzAwOjAwIiwieCJd"


@pytest.mark.parametrize("path", ["/v1/identities", "/v1/identities/{id}/history"])
async def test_a_tampered_cursor_is_a_400_problem(practice: Practice, path: str) -> None:
    created = await practice.create(**DARTAGNAN)
    response = await practice.http.get(
        path.format(id=created["id"]), params={"cursor": TAMPERED_CURSOR}, headers=practice.headers()
    )
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "https://dentalink.fr/problems/invalid-cursor"


async def test_history_entries_are_immutable(practice: Practice, ins_database_url: str) -> None:
    created = await practice.create(**DARTAGNAN)
    await practice.post(f"/v1/identities/{created['id']}/insi-lookups", {})
    history = await practice.get(f"/v1/identities/{created['id']}/history", limit=1)
    assert history["items"][0]["kind"] == "created"
    rest = await practice.get(f"/v1/identities/{created['id']}/history", cursor=history["next_cursor"])
    assert [entry["kind"] for entry in rest["items"]] == ["insi-result"]
    assert rest["items"][0]["insi_call_reference"].startswith("SANDBOX-")
    async with database_connection(ins_database_url) as connection:
        for statement in (
            "UPDATE identity_transitions SET reason = 'rewritten'",
            "DELETE FROM identity_transitions",
            "TRUNCATE identity_transitions",
        ):
            with pytest.raises(asyncpg.InsufficientPrivilegeError, match="append-only"):
                await connection.execute(statement)


async def test_concurrent_lookups_never_give_one_ins_to_two_identities(practice: Practice) -> None:
    first = await practice.create(**DARTAGNAN)
    second = await practice.create(**DARTAGNAN, acknowledged_homonyms=[first["id"]])
    responses = await asyncio.gather(
        *(
            practice.http.post(
                f"/v1/identities/{identity['id']}/insi-lookups", json={}, headers=practice.headers()
            )
            for identity in (first, second)
        )
    )
    assert sorted(response.status_code for response in responses) == [200, 409]
    (conflict,) = [response for response in responses if response.status_code == 409]
    assert conflict.json()["type"] == "https://dentalink.fr/problems/duplicate-identity"
    holders = await practice.get("/v1/identities", matricule="280012A00400712")
    assert len(holders["items"]) == 1


async def test_a_search_leaves_no_matricule_or_name_in_spans(practice: Practice) -> None:
    exporter = InMemorySpanExporter()
    add_span_exporter(exporter)
    try:
        searches: list[dict[str, str | int]] = [
            {"matricule": "280012A00400712", "birth_name": "Zyxwvut", "birth_date": "1980-01-30"},
            {"matricule": "280012A00400712", "limit": 0},  # rejected before the handler runs
        ]
        for params in searches:
            await practice.http.get("/v1/identities", params=params, headers=practice.headers())
        spans = exporter.get_finished_spans()
    finally:
        exporter.shutdown()
    attributes = [str(value) for span in spans for value in (span.attributes or {}).values()]
    assert any(value.endswith("/v1/identities") for value in attributes)
    assert not [value for value in attributes if "280012A00400712" in value or "Zyxwvut" in value]
