"""The tele-expertise workflow on real PostgreSQL and Kafka: acts emitted once, refusals, races, billing."""

import asyncio
import hashlib
import re
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from dentalink_contracts.events.billing import (
    BillingRejectionReason,
    Payer,
    TeleExpertiseBilled,
    TeleExpertiseBillingRejected,
)
from dentalink_contracts.events.ins import BirthTraits, IdentityQualified
from dentalink_contracts.events.telemed import ActCode, ActRecorded, ActRole
from dentalink_contracts.values import Profession, Role, Sex
from servicekit.testing import EventProbe, eventually, send_event
from telemed_service.domain import act_id_for
from telemed_service.testing import (
    EHPAD_FINESS,
    FIELD_KEYS,
    REPORT,
    Service,
    answered,
    downgrade,
    fetch,
    headers,
    key_of,
    new_parties,
    open_request,
    practice,
    qualify,
    random_ins,
    random_rpps,
)

pytestmark = pytest.mark.integration


async def test_request_accept_report_emits_exactly_one_rqd_and_one_te2(service: Service) -> None:
    parties = await new_parties(service)
    async with EventProbe(
        ActRecorded, lambda e: e.practice_id in (parties.practice, parties.requis_practice)
    ) as probe:
        expertise = await answered(service, parties)
        events = await probe.wait_for(2)
        events = await probe.settle()

    expertise_id = uuid.UUID(expertise["id"])
    assert expertise["status"] == "answered"
    assert len(events) == 2
    by_role = {event.role: event for event in events}
    requerant, requis = by_role[ActRole.REQUERANT], by_role[ActRole.REQUIS]
    assert (requerant.act_code, requerant.practitioner_rpps, requerant.practice_id) == (
        ActCode.RQD,
        parties.rpps,
        parties.practice,
    )
    assert (requis.act_code, requis.practitioner_rpps, requis.practice_id) == (
        ActCode.TE2,
        parties.requis_rpps,
        parties.requis_practice,
    )
    for event, role in ((requerant, ActRole.REQUERANT), (requis, ActRole.REQUIS)):
        assert event.act_id == act_id_for(expertise_id, role)
        assert event.expertise_id == expertise_id
        assert FIELD_KEYS.open(event.patient_ins, event, "patient_ins") == parties.ins
        assert event.patient_key == key_of(parties.ins)
        report = FIELD_KEYS.open(event.report, event, "report")
        assert report.sha256 == hashlib.sha256(report.content.encode()).hexdigest()
        assert REPORT["text"] in report.content
        assert REPORT["prescriptions"][0] in report.content
        assert event.performed_at == datetime.fromisoformat(expertise["closed_at"])
        assert event.practitioner_profession is Profession.DENTIST
    # The envelope id is the act id: a consumer's inbox dedups any redelivery by it.
    assert {envelope.id for envelope in probe.envelopes} == {requerant.act_id, requis.act_id}
    assert {(act["code"], act["billing"]["status"]) for act in expertise["acts"]} == {
        ("RQD", "pending"),
        ("TE2", "pending"),
    }
    assert expertise["requis"]["practice_id"] == parties.requis_practice

    # The same report again (a retry after a lost answer) gets the file as it is: no third act.
    again = await service.http.post(
        f"/v1/tele-expertises/{expertise_id}/report", json=REPORT, headers=parties.requis
    )
    assert again.status_code == 200 and again.json()["status"] == "answered"
    other = await service.http.post(
        f"/v1/tele-expertises/{expertise_id}/report",
        json={**REPORT, "text": "Un autre avis."},
        headers=parties.requis,
    )
    assert other.status_code == 409
    assert other.json()["type"].endswith("/illegal-transition")
    await asyncio.sleep(0.5)
    assert {envelope.id for envelope in probe.envelopes} == {requerant.act_id, requis.act_id}


async def test_a_patient_without_qualified_ins_in_the_practice_is_refused(service: Service) -> None:
    parties = await new_parties(service)

    unknown = parties.request_body(patient=random_ins().model_dump(mode="json"))
    response = await service.http.post("/v1/tele-expertises", json=unknown, headers=parties.requerant)
    assert response.status_code == 403
    assert response.json()["type"] == "https://dentalink.fr/problems/identity-not-qualified"
    assert parties.ins.matricule not in response.text

    # Qualified elsewhere is not enough: RNIV qualification belongs to the practice that holds the identity.
    elsewhere = await service.http.post(
        "/v1/tele-expertises", json=parties.request_body(), headers=headers(practice(), parties.rpps)
    )
    assert elsewhere.status_code == 403
    assert elsewhere.json()["type"].endswith("/identity-not-qualified")

    await downgrade(service, parties.identity_id, parties.practice, parties.ins)
    downgraded = await service.http.post(
        "/v1/tele-expertises", json=parties.request_body(), headers=parties.requerant
    )
    assert downgraded.status_code == 403
    assert downgraded.json()["type"].endswith("/identity-not-qualified")


async def test_a_refusal_emits_no_act(service: Service) -> None:
    parties = await new_parties(service)
    async with EventProbe(
        ActRecorded, lambda e: e.practice_id in (parties.practice, parties.requis_practice)
    ) as probe:
        expertise = await open_request(service, parties)
        path = f"/v1/tele-expertises/{expertise['id']}"
        refused = await service.http.post(
            f"{path}/refusal",
            json={"reason": "outside_expertise", "detail": "Relève de la chirurgie orale."},
            headers=parties.requis,
        )
        assert refused.status_code == 200, refused.text
        assert refused.json()["status"] == "refused"
        assert refused.json()["refusal"] == {
            "reason": "outside_expertise",
            "detail": "Relève de la chirurgie orale.",
        }
        late = await service.http.post(f"{path}/report", json=REPORT, headers=parties.requis)
        assert late.status_code == 409
        assert await probe.settle(2.0) == []
    assert refused.json()["acts"] == []


async def test_concurrent_accept_and_cancel_leave_one_consistent_state(service: Service) -> None:
    parties = await new_parties(service)
    for _ in range(4):
        expertise = await open_request(service, parties)
        path = f"/v1/tele-expertises/{expertise['id']}"
        accepted, cancelled = await asyncio.gather(
            service.http.post(f"{path}/acceptance", headers=parties.requis),
            service.http.post(
                f"{path}/cancellation", json={"reason": "Patient hospitalisé."}, headers=parties.requerant
            ),
        )
        # Cancel is legal from requested and from accepted; accept only from requested.
        assert cancelled.status_code == 200, cancelled.text
        assert accepted.status_code in (200, 409), accepted.text
        final = (await service.http.get(path, headers=parties.requerant)).json()
        assert final["status"] == "cancelled"
        trace = (await service.http.get(f"{path}/trace", headers=parties.requerant)).json()
        actions = [entry["action"] for entry in trace["entries"]]
        expected = ["request", "accept", "cancel"] if accepted.status_code == 200 else ["request", "cancel"]
        assert actions == expected
        # Each entry starts from the state the previous one left, and the last one is the file's state.
        for previous, entry in zip(trace["entries"], trace["entries"][1:], strict=False):
            assert entry["from_status"] == previous["to_status"]
            assert datetime.fromisoformat(entry["at"]) >= datetime.fromisoformat(previous["at"])
        assert trace["entries"][-1]["to_status"] == final["status"]
        assert [entry["seq"] for entry in trace["entries"]] == list(range(1, len(actions) + 1))


async def test_billing_outcomes_show_on_each_act(service: Service) -> None:
    parties = await new_parties(service)
    expertise = await answered(service, parties)
    expertise_id = uuid.UUID(expertise["id"])
    rqd, te2 = act_id_for(expertise_id, ActRole.REQUERANT), act_id_for(expertise_id, ActRole.REQUIS)
    invoice = uuid.uuid4()
    await send_event(
        TeleExpertiseBilled(
            act_id=rqd,
            expertise_id=expertise_id,
            practice_id=parties.practice,
            practitioner_rpps=parties.rpps,
            patient_key=key_of(parties.ins),
            invoice_id=invoice,
            act_code=ActCode.RQD,
            amount=Decimal("10.00"),
            payer=Payer.AMO,
            billed_at=datetime.now(UTC),
        ),
        key=key_of(parties.ins),
    )
    await send_event(
        TeleExpertiseBillingRejected(
            act_id=te2,
            expertise_id=expertise_id,
            practice_id=parties.requis_practice,
            practitioner_rpps=parties.requis_rpps,
            patient_key=key_of(parties.ins),
            act_code=ActCode.TE2,
            reason=BillingRejectionReason.YEARLY_CAP_REACHED,
            detail="4 acts already billed this year for this patient",
            rejected_at=datetime.now(UTC),
        ),
        key=key_of(parties.ins),
    )

    async def billed() -> None:
        body = (
            await service.http.get(f"/v1/tele-expertises/{expertise_id}", headers=parties.requerant)
        ).json()
        acts = {act["code"]: act["billing"] for act in body["acts"]}
        assert acts["RQD"]["status"] == "billed"
        assert acts["RQD"]["amount"] == "10.00"
        assert acts["RQD"]["invoice_id"] == str(invoice)
        assert acts["RQD"]["payer"] == "amo"
        assert acts["TE2"]["status"] == "rejected"
        assert acts["TE2"]["rejection_reason"] == "yearly_cap_reached"

    await eventually(billed, timeout=30)


async def test_ehpad_request_needs_a_known_dentist_or_a_specialist(service: Service) -> None:
    ehpad, ins = practice(), random_ins()
    await qualify(service, ehpad, ins)
    nurse = headers(
        ehpad, random_rpps(), role=Role.EHPAD_PROFESSIONAL, profession=Profession.NURSE, finess=EHPAD_FINESS
    )
    dentist = random_rpps()
    body = {
        "patient": ins.model_dump(mode="json"),
        "situation": "ehpad_resident",
        "requis": {"rpps": dentist, "profession": "dentist"},
        "reasons": "Douleur sous prothèse amovible, résidente ne pouvant se déplacer.",
    }
    refused = await service.http.post("/v1/tele-expertises", json=body, headers=nurse)
    assert refused.status_code == 422
    assert refused.json()["type"].endswith("/ineligible-request")
    assert refused.json()["rule"] == "requis_not_known_or_specialist_dentist"

    relationship = {"patient": ins.model_dump(mode="json"), "dentist_rpps": dentist, "kind": "entry_checkup"}
    first = await service.http.post("/v1/care-relationships", json=relationship, headers=nurse)
    assert first.status_code == 201, first.text
    second = await service.http.post("/v1/care-relationships", json=relationship, headers=nurse)
    assert second.status_code == 200
    assert second.json()["id"] == first.json()["id"]

    accepted = await service.http.post("/v1/tele-expertises", json=body, headers=nurse)
    assert accepted.status_code == 201, accepted.text
    assert accepted.json()["known_relationship"] is True
    assert accepted.json()["requerant"]["establishment_finess"] == EHPAD_FINESS

    # A dentist of a practice without FINESS may not request for an EHPAD resident.
    not_ehpad = await service.http.post(
        "/v1/tele-expertises", json=body, headers=headers(ehpad, random_rpps())
    )
    assert not_ehpad.json()["rule"] == "requerant_not_in_establishment"


async def test_only_the_parties_see_and_act_on_the_file(service: Service) -> None:
    parties = await new_parties(service)
    expertise = await open_request(service, parties)
    path = f"/v1/tele-expertises/{expertise['id']}"

    stranger = headers(practice(), random_rpps())
    assert (await service.http.get(path, headers=stranger)).status_code == 404
    assert (await service.http.post(f"{path}/acceptance", headers=stranger)).status_code == 404

    # The requis sees the request addressed to him before he accepts, from any practice.
    assert (await service.http.get(path, headers=parties.requis)).status_code == 200
    listed = await service.http.get("/v1/tele-expertises", params={"as": "requis"}, headers=parties.requis)
    assert [item["id"] for item in listed.json()["items"]] == [expertise["id"]]
    mine = await service.http.get(
        "/v1/tele-expertises", params={"as": "requerant"}, headers=parties.requerant
    )
    assert expertise["id"] in [item["id"] for item in mine.json()["items"]]
    none = await service.http.get("/v1/tele-expertises", params={"as": "requis"}, headers=parties.requerant)
    assert none.json()["items"] == []

    wrong = await service.http.post(f"{path}/acceptance", headers=parties.requerant)
    assert wrong.status_code == 403
    assert wrong.json()["type"].endswith("/wrong-party")
    colleague = await service.http.post(
        f"{path}/cancellation", headers=headers(parties.practice, random_rpps())
    )
    assert colleague.status_code == 403
    assert colleague.json()["type"].endswith("/not-party")
    assistant = await service.http.post(
        f"{path}/cancellation", headers=headers(parties.practice, parties.rpps, role=Role.DENTAL_ASSISTANT)
    )
    assert assistant.status_code == 403

    too_early = await service.http.post(f"{path}/report", json=REPORT, headers=parties.requis)
    assert too_early.status_code == 409
    assert too_early.json()["current_status"] == "requested"


async def test_the_list_pages_with_a_cursor_and_filters_by_state(service: Service) -> None:
    parties = await new_parties(service)
    ids = [(await open_request(service, parties))["id"] for _ in range(3)]
    await service.http.post(f"/v1/tele-expertises/{ids[0]}/cancellation", headers=parties.requerant)

    seen: list[str] = []
    cursor: str | None = None
    while True:
        params: dict[str, str | int] = {
            "as": "requerant",
            "limit": 2,
            **({"cursor": cursor} if cursor else {}),
        }
        page = (
            await service.http.get("/v1/tele-expertises", params=params, headers=parties.requerant)
        ).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ids
    open_only = await service.http.get(
        "/v1/tele-expertises", params={"status": "requested"}, headers=parties.requerant
    )
    assert [item["id"] for item in open_only.json()["items"]] == ids[1:]
    bad = await service.http.get("/v1/tele-expertises", params={"cursor": "nope"}, headers=parties.requerant)
    assert bad.status_code == 400
    # base64 of ["2025-01-01T00:00:00+00:00","x"]: well formed, but its id is not a UUID.
    tampered = await service.http.get(
        "/v1/tele-expertises",
        params={"cursor": "WyIyMDI1LTAxLTAxVDAwOjAwOjAwKzAwOjAwIiwieCJd"},
        headers=parties.requerant,
    )
    assert tampered.status_code == 400, tampered.text
    assert tampered.json()["type"] == "https://dentalink.fr/problems/invalid-cursor"


async def test_a_requis_of_another_profession_than_named_cannot_accept(service: Service) -> None:
    parties = await new_parties(service)
    expertise = await open_request(service, parties)
    impostor = headers(
        parties.requis_practice, parties.requis_rpps, role=Role.SPECIALIST, profession=Profession.PHYSICIAN
    )
    response = await service.http.post(f"/v1/tele-expertises/{expertise['id']}/acceptance", headers=impostor)
    assert response.status_code == 409
    assert response.json()["type"].endswith("/requis-profession-mismatch")
    still = (
        await service.http.get(f"/v1/tele-expertises/{expertise['id']}", headers=parties.requerant)
    ).json()
    assert still["status"] == "requested"


async def test_an_older_qualification_arriving_late_does_not_requalify(service: Service) -> None:
    parties = await new_parties(service)
    qualified_at = datetime.now(UTC)
    await downgrade(service, parties.identity_id, parties.practice, parties.ins)
    late = IdentityQualified(
        identity_id=parties.identity_id,
        practice_id=parties.practice,
        patient_key=key_of(parties.ins),
        ins=FIELD_KEYS.seal(parties.ins, IdentityQualified, "ins"),
        traits=FIELD_KEYS.seal(
            BirthTraits(birth_date=date(1980, 1, 1), sex=Sex.FEMALE), IdentityQualified, "traits"
        ),
        qualified_at=qualified_at - timedelta(minutes=5),
    )
    event_id = await send_event(late, key=key_of(parties.ins))

    async def handled() -> None:
        assert await fetch(service.url, "SELECT 1 FROM inbox_messages WHERE event_id = $1", event_id)

    await eventually(handled)
    rows = await fetch(
        service.url, "SELECT status FROM identity_statuses WHERE identity_id = $1", parties.identity_id
    )
    assert rows[0]["status"] == "VALI"
    refused = await service.http.post(
        "/v1/tele-expertises", json=parties.request_body(), headers=parties.requerant
    )
    assert refused.status_code == 403
    assert refused.json()["type"] == "https://dentalink.fr/problems/identity-not-qualified"


async def steps_counted(service: Service, action: str) -> float:
    metrics = (await service.http.get("/metrics")).text
    found = re.search(rf'^dentalink_telemed_steps_total{{action="{action}"[^}}]*}} (\S+)$', metrics, re.M)
    return float(found[1]) if found else 0.0


EMOJI = "\U0001f9b7"  # a tooth: 4 bytes in UTF-8, 12 once JSON-escaped as the event value writes it


async def test_a_report_too_large_for_the_act_events_is_refused_and_nothing_counts(service: Service) -> None:
    parties = await new_parties(service)
    expertise = await open_request(service, parties)
    path = f"/v1/tele-expertises/{expertise['id']}"
    assert (await service.http.post(f"{path}/acceptance", headers=parties.requis)).status_code == 200
    answers_before = await steps_counted(service, "answer")
    # Valid by every field limit, but ~1.4 MB once escaped: no ActRecorded could ever reach Kafka.
    line = EMOJI * 500
    huge = {"text": EMOJI * 20_000, "acts": [line] * 100, "prescriptions": [line] * 100}
    refused = await service.http.post(f"{path}/report", json=huge, headers=parties.requis)
    assert refused.status_code == 422, refused.text
    assert refused.json()["type"] == "https://dentalink.fr/problems/report-too-large"
    assert (await service.http.get(path, headers=parties.requis)).json()["status"] == "accepted"
    assert (
        await fetch(
            service.url, "SELECT 1 FROM expertise_acts WHERE expertise_id = $1", uuid.UUID(expertise["id"])
        )
        == []
    )
    assert await steps_counted(service, "answer") == answers_before

    # The longest text alone fits, and its acts are published.
    async with EventProbe(ActRecorded, lambda e: str(e.expertise_id) == expertise["id"]) as probe:
        longest = await service.http.post(
            f"{path}/report", json={"text": EMOJI * 20_000}, headers=parties.requis
        )
        assert longest.status_code == 200, longest.text
        events = await probe.wait_for(2)
    assert all(FIELD_KEYS.open(e.report, e, "report").content.count(EMOJI) == 20_000 for e in events)
    assert await steps_counted(service, "answer") == answers_before + 1
