"""apCV sessions through the API on real PostgreSQL and Kafka (issue 4)."""

import asyncio
import dataclasses
import re
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta

import httpx
import pytest

from dentalink_contracts.events import ApcvSessionClosed, ApcvSessionOpened, ReadingMode
from dentalink_contracts.sealing import development_field_keys
from dentalink_contracts.values import Role, patient_key
from servicekit.settings import DEV_PSEUDONYM_SECRET
from servicekit.testing import EventProbe, caller
from servicekit.unit_of_work import UnitOfWork, unit_of_work_in
from vitale_service.context import VitaleContext
from vitale_service.store import SqlVitaleStore, VitaleStore
from vitale_service.testing import RPPS, Service, outbox_rows
from vitale_service.workflows import close_session, open_session

pytestmark = pytest.mark.integration

LEA = "212024410904579"
MARTIN = "178044410901264"
LEROY = "172079913402105"


def problem_type(response: httpx.Response) -> str:
    assert response.headers["content-type"].startswith("application/problem+json"), response.text
    return str(response.json()["type"]).rsplit("/", 1)[-1]


async def test_opening_a_session_emits_one_apcv_session_opened(service: Service, practice: str) -> None:
    async with EventProbe(ApcvSessionOpened, lambda e: e.practice_id == practice) as probe:
        response = await service.open(
            practice, await service.mint(practice, "martin-family"), LEA, mode="nfc"
        )
        assert response.status_code == 201, response.text
        body = response.json()
        events = await probe.wait_for(1)
        assert len(await probe.settle()) == 1
    opened, expires = datetime.fromisoformat(body["opened_at"]), datetime.fromisoformat(body["expires_at"])
    assert expires - opened == timedelta(minutes=30)
    assert opened == service.clock()
    assert body["status"] == "open"
    assert body["beneficiary"]["nir"] == LEA
    assert body["beneficiary"]["ouvrant_droit_nir"] == MARTIN
    assert body["rights"] == {"status": "open", "insurer": "014410000", "start": "2020-01-01", "end": None}
    assert (body["practice_id"], body["practitioner_rpps"], body["reading_mode"]) == (practice, RPPS, "nfc")
    event = events[0]
    assert str(event.session_id) == body["id"]
    assert LEA not in repr(probe.envelopes[0].data)  # sealed on the bus
    beneficiary = development_field_keys().open(event.beneficiary, event, "beneficiary")
    assert beneficiary.nir == LEA and beneficiary.updated_on is not None
    assert event.expires_at == expires
    key = patient_key(LEA, DEV_PSEUDONYM_SECRET.encode())
    assert event.patient_key == key and probe.envelopes[0].key == key

    fetched = await service.http.get(f"/v1/apcv-sessions/{body['id']}", headers=service.headers(practice))
    assert fetched.status_code == 200
    assert fetched.json() == body


async def test_a_payload_opens_one_session_only(service: Service, practice: str) -> None:
    payload = await service.mint(practice, "dartagnan-single")
    assert (await service.open(practice, payload, None)).status_code == 201
    replay = await service.open(practice, payload, None)
    assert replay.status_code == 409
    assert problem_type(replay) == "apcv-replayed"


async def test_two_concurrent_uses_of_one_payload_open_one_session(service: Service, practice: str) -> None:
    payload = await service.mint(practice, "dartagnan-single")
    answers = await asyncio.gather(*(service.open(practice, payload, None) for _ in range(2)))
    assert sorted(answer.status_code for answer in answers) == [201, 409]
    assert await outbox_rows(service.url, practice) == 1


async def test_closed_rights_open_no_session_and_say_why(service: Service, practice: str) -> None:
    response = await service.open(practice, await service.mint(practice, "leroy-closed"), LEROY)
    assert response.status_code == 422
    assert problem_type(response) == "adri-rights-closed"
    assert LEROY not in response.text
    listed = await service.http.get("/v1/apcv-sessions", headers=service.headers(practice))
    assert listed.json()["items"] == []
    assert await outbox_rows(service.url, practice) == 0


async def test_a_beneficiary_unknown_to_adri_opens_no_session(service: Service, practice: str) -> None:
    response = await service.open(practice, await service.mint(practice, "petit-unknown"), None)
    assert response.status_code == 422
    assert problem_type(response) == "adri-beneficiary-unknown"


@pytest.mark.parametrize(
    ("fault", "status", "kind"), [("error", 503, "adri-unavailable"), ("timeout", 504, "adri-timeout")]
)
async def test_an_adri_fault_is_retried_then_answered_without_spending_the_payload(
    service: Service, practice: str, fault: str, status: int, kind: str
) -> None:
    payload = await service.mint(practice, "martin-family")
    service.adri.fault, service.adri.calls = fault, 0
    try:
        response = await service.open(practice, payload, MARTIN)
    finally:
        service.adri.fault = "none"
    assert response.status_code == status
    assert problem_type(response) == kind
    assert response.headers["retry-after"] == "5"
    assert service.adri.calls == 3  # adri_max_attempts
    assert await outbox_rows(service.url, practice) == 0
    # Nothing was spent: once ADRI is back the same payload opens the session.
    assert (await service.open(practice, payload, MARTIN)).status_code == 201


async def test_the_beneficiary_choice_is_validated(service: Service, practice: str) -> None:
    payload = await service.mint(practice, "bernard-twins")
    missing = await service.open(practice, payload, None)
    assert (missing.status_code, problem_type(missing)) == (422, "beneficiary-choice-required")
    stranger = await service.open(practice, payload, LEA)
    assert (stranger.status_code, problem_type(stranger)) == (422, "beneficiary-not-on-app")
    # Spaces as printed on a card are accepted; the rank tells the twins apart.
    emma = await service.open(practice, payload, "2 19 06 13 205 062 68")
    assert emma.status_code == 201
    assert emma.json()["beneficiary"]["birth_rank"] == 2


async def test_tampered_expired_or_unknown_key_payloads_are_refused_each_with_its_type(
    service: Service, practice: str
) -> None:
    payload = await service.mint(practice, "dartagnan-single")
    head, claims, signature = payload.split(".")
    flipped = signature[:10] + ("A" if signature[10] != "A" else "B") + signature[11:]
    tampered = await service.open(practice, f"{head}.{claims}.{flipped}", None)
    assert problem_type(tampered) == "apcv-bad-signature"
    assert problem_type(await service.open(practice, "not-a-jws", None)) == "apcv-malformed"
    foreign = await service.mint(practice, "dartagnan-single")
    service.issuer.rotate()
    service.issuer.rotate()  # two rotations later the first key is no longer published
    assert problem_type(await service.open(practice, foreign, None)) == "apcv-unknown-key"
    short = await service.mint(practice, "dartagnan-single", lifetime_seconds=60)
    service.clock.advance(seconds=60 + 30 + 1)  # lifetime + leeway
    expired = await service.open(practice, short, None)
    assert (expired.status_code, problem_type(expired)) == (422, "apcv-expired")


async def test_a_payload_signed_before_a_key_rotation_still_opens_a_session(
    service: Service, practice: str
) -> None:
    payload = await service.mint(practice, "dartagnan-single")
    old_kid = service.issuer.current_kid
    new_kid = service.issuer.rotate()
    jwks = await service.http.get("/v1/sandbox/apcv-issuer/jwks.json", headers=service.headers(practice))
    published = [key["kid"] for key in jwks.json()["keys"]]
    assert published == [new_kid, old_kid]
    assert all("d" not in key for key in jwks.json()["keys"])
    assert (await service.open(practice, payload, None)).status_code == 201


async def test_closing_early_emits_apcv_session_closed_and_29_59_is_still_open(
    service: Service, practice: str
) -> None:
    opened = await service.open(practice, await service.mint(practice, "martin-family"), LEA)
    session_id = opened.json()["id"]
    service.clock.advance(minutes=29, seconds=59)
    async with EventProbe(ApcvSessionClosed, lambda e: e.practice_id == practice) as probe:
        current = await service.http.get(f"/v1/apcv-sessions/{session_id}", headers=service.headers(practice))
        assert current.json()["status"] == "open"
        closed = await service.http.post(
            f"/v1/apcv-sessions/{session_id}/close", headers=service.headers(practice)
        )
        assert closed.status_code == 200, closed.text
        assert closed.json()["status"] == "closed"
        again = await service.http.post(
            f"/v1/apcv-sessions/{session_id}/close", headers=service.headers(practice)
        )
        assert again.json() == closed.json()
        events = await probe.wait_for(1)
        assert len(await probe.settle()) == 1
    assert events[0].reason == "closed"
    assert events[0].closed_at == datetime.fromisoformat(closed.json()["closed_at"])


async def test_an_expired_session_answers_410_to_actions(service: Service, practice: str) -> None:
    opened = await service.open(practice, await service.mint(practice, "martin-family"), MARTIN)
    session_id = opened.json()["id"]
    service.clock.advance(minutes=30)
    gone = await service.http.post(f"/v1/apcv-sessions/{session_id}/close", headers=service.headers(practice))
    assert gone.status_code == 410
    assert problem_type(gone) == "apcv-session-expired"
    read = await service.http.get(f"/v1/apcv-sessions/{session_id}", headers=service.headers(practice))
    assert read.json()["status"] == "expired"


async def test_sessions_are_scoped_to_the_practice_and_bound_to_the_practitioner(
    service: Service, practice: str
) -> None:
    opened = await service.open(practice, await service.mint(practice, "martin-family"), LEA)
    session_id = opened.json()["id"]
    other = await service.http.get(f"/v1/apcv-sessions/{session_id}", headers=service.headers("other-cab"))
    assert other.status_code == 404
    colleague = await service.http.post(
        f"/v1/apcv-sessions/{session_id}/close", headers=service.headers(practice, rpps="10009999999")
    )
    assert (colleague.status_code, problem_type(colleague)) == (403, "apcv-session-other-practitioner")
    auditor = await service.http.post(
        "/v1/apcv-sessions",
        json={"payload": await service.mint(practice, "martin-family"), "reading_mode": "qr"},
        headers=service.headers(practice, role=Role.AUDITOR),
    )
    assert auditor.status_code == 403


async def test_open_sessions_are_listed_page_by_page(service: Service, practice: str) -> None:
    ids = []
    for nir in (MARTIN, LEA, "115114410903341"):
        response = await service.open(practice, await service.mint(practice, "martin-family"), nir)
        ids.append(response.json()["id"])
    await service.http.post(f"/v1/apcv-sessions/{ids[1]}/close", headers=service.headers(practice))
    first = await service.http.get(
        "/v1/apcv-sessions", params={"status": "open", "limit": 1}, headers=service.headers(practice)
    )
    page = first.json()
    assert [item["id"] for item in page["items"]] == [ids[0]]
    second = await service.http.get(
        "/v1/apcv-sessions",
        params={"status": "open", "limit": 1, "cursor": page["next_cursor"]},
        headers=service.headers(practice),
    )
    assert [item["id"] for item in second.json()["items"]] == [ids[2]]
    assert second.json()["next_cursor"] is None
    closed = await service.http.get(
        "/v1/apcv-sessions", params={"status": "closed"}, headers=service.headers(practice)
    )
    assert [item["id"] for item in closed.json()["items"]] == [ids[1]]
    bad = await service.http.get(
        "/v1/apcv-sessions", params={"cursor": "garbage"}, headers=service.headers(practice)
    )
    assert bad.status_code == 400
    # base64 of ["2025-01-01T00:00:00+00:00","x"]: well formed, but its id is not a UUID.
    tampered = await service.http.get(
        "/v1/apcv-sessions",
        params={"cursor": "WyIyMDI1LTAxLTAxVDAwOjAwOjAwKzAwOjAwIiwieCJd"},
        headers=service.headers(practice),
    )
    assert tampered.status_code == 400, tampered.text
    assert problem_type(tampered) == "invalid-cursor"


async def test_the_sandbox_lists_its_patients_and_refuses_unknown_ones(
    service: Service, practice: str
) -> None:
    patients = await service.http.get("/v1/sandbox/apcv-patients", headers=service.headers(practice))
    labels = {patient["label"]: patient for patient in patients.json()}
    assert set(labels) >= {"martin-family", "bernard-twins", "leroy-closed", "petit-unknown"}
    assert labels["leroy-closed"]["beneficiaries"][0]["adri"] == "closed"
    assert labels["petit-unknown"]["beneficiaries"][0]["adri"] == "unknown_beneficiary"
    unknown = await service.http.post(
        "/v1/sandbox/apcv-payloads", json={"patient": "nobody"}, headers=service.headers(practice)
    )
    assert (unknown.status_code, problem_type(unknown)) == (404, "sandbox-patient-not-found")


class RolledBack(Exception):
    """Raised inside the transaction, after the change, to undo it."""


async def counted(service: Service, name: str, label: str) -> float:
    metrics = (await service.http.get("/metrics")).text
    found = re.findall(rf"^{name}_total{{[^}}]*{label}[^}}]*}} (\S+)$", metrics, re.M)
    return sum(float(value) for value in found)


def undone_after_the_workflow(service: Service) -> VitaleContext:
    """The service's context whose units of work roll back once the workflow is done with them."""

    @asynccontextmanager
    async def undone() -> AsyncIterator[UnitOfWork[VitaleStore]]:
        async with service.database.transaction() as db:
            yield unit_of_work_in(db, SqlVitaleStore, service.context.source)
            raise RolledBack

    return dataclasses.replace(service.context, units_of_work=undone)


async def test_rolled_back_openings_and_closings_are_not_counted(service: Service, practice: str) -> None:
    undoing, me = undone_after_the_workflow(service), caller(practice_id=practice, rpps=RPPS)
    opened = ("dentalink_vitale_sessions_opened", 'reading_mode="qr"')
    closed = ("dentalink_vitale_sessions_closed", 'reason="closed"')
    before = await counted(service, *opened)
    token = await service.mint(practice, "martin-family")

    with pytest.raises(RolledBack):
        await open_session(undoing, me, token=token, chosen_nir=LEA, reading_mode=ReadingMode.QR)
    assert await counted(service, *opened) == before
    response = await service.open(practice, token, LEA)  # the nonce was not spent: it opens now
    assert response.status_code == 201, response.text
    assert await counted(service, *opened) == before + 1

    session_id = response.json()["id"]
    closed_before = await counted(service, *closed)

    with pytest.raises(RolledBack):
        await close_session(undoing, me, uuid.UUID(session_id))
    assert await counted(service, *closed) == closed_before
    await service.http.post(f"/v1/apcv-sessions/{session_id}/close", headers=service.headers(practice))
    assert await counted(service, *closed) == closed_before + 1


async def test_a_nir_spaced_anyhow_names_the_same_beneficiary(service: Service, practice: str) -> None:
    # One space between every character (29 characters): the shared normalisation compacts it (issue 16).
    spaced_out = " ".join("219061320506268")
    emma = await service.open(practice, await service.mint(practice, "bernard-twins"), spaced_out)
    assert emma.status_code == 201, emma.text
    assert emma.json()["beneficiary"]["nir"] == "219061320506268"
    too_long = await service.open(practice, await service.mint(practice, "bernard-twins"), "  ".join(LEA))
    assert (too_long.status_code, problem_type(too_long)) == (422, "validation-error")
