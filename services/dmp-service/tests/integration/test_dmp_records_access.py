"""Records follow the identity's qualification; refusals are enforced and every access is logged."""

import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from dentalink_contracts.events import IdentityStatus
from dentalink_contracts.values import Role
from dmp_service.testing import Harness, key_of, new_matricule, new_rpps
from servicekit.pagination import encode_cursor
from servicekit.testing import eventually

pytestmark = pytest.mark.integration

PROBLEM = "application/problem+json"
DEPOSIT = {
    "type_code": "11488-4",
    "title": "Compte rendu",
    "date_of_care": "2025-06-02",
    "content_type": "text/plain",
    "content_base64": "Q29tcHRlIHJlbmR1Cg==",
}


async def test_a_qualified_identity_event_creates_the_record(dmp: Harness, practice: str) -> None:
    ins, dentist = new_matricule(), new_rpps()
    headers = dmp.headers(practice=practice, rpps=dentist)
    # No record yet: refused as not qualified in this practice, not told apart as missing (issue 16).
    assert (await dmp.http.get(f"/v1/patients/{ins}/documents", headers=headers)).status_code == 403

    await dmp.qualify(ins, practice=practice)

    answer = await dmp.http.get(f"/v1/patients/{ins}/documents", headers=headers)
    assert answer.status_code == 200
    assert answer.json() == {"items": [], "next_cursor": None}


def assert_not_qualified_here(answer: httpx.Response) -> None:
    assert answer.status_code == 403, answer.text
    assert answer.headers["content-type"] == PROBLEM
    body = answer.json()
    assert body["type"] == "https://dentalink.fr/problems/identity-not-qualified"
    assert "your practice" in body["detail"].lower()
    assert "Compte rendu" not in answer.text and "items" not in body


async def test_a_practice_reaches_the_record_only_through_its_own_qualified_identity(
    dmp: Harness, practice: str
) -> None:
    ins, b_rpps = new_matricule(), new_rpps()
    practice_b = practice + "-b"
    here = dmp.headers(practice=practice, rpps=new_rpps())
    in_b = dmp.headers(practice=practice_b, rpps=b_rpps)
    qualified_at = datetime.now(UTC) - timedelta(minutes=10)
    await dmp.qualify(ins, practice=practice, at=qualified_at)
    documents = f"/v1/patients/{ins}/documents"
    filed = await dmp.http.post(documents, headers=here, json=DEPOSIT)
    assert filed.status_code == 201

    # The DMP is national, but practice B never qualified the patient's identity: it is refused
    # (DOMAIN.md §5: the practitioner checks identity before the first access), filing included.
    assert_not_qualified_here(await dmp.http.get(documents, headers=in_b))
    assert_not_qualified_here(await dmp.http.post(documents, headers=in_b, json=DEPOSIT))
    assert_not_qualified_here(await dmp.http.get(f"{documents}/{filed.json()['id']}", headers=in_b))
    assert_not_qualified_here(await dmp.http.get(f"/v1/patients/{ins}/profile/allergies", headers=in_b))
    # Nor the patient's refusals, nor the traces of who accessed the record (issue 12).
    assert_not_qualified_here(await dmp.http.get(f"/v1/patients/{ins}/access-refusals", headers=in_b))
    assert_not_qualified_here(await dmp.http.get(f"/v1/patients/{ins}/access-log", headers=in_b))

    # Practice A's log holds A's lines only: B's denials are B's.
    log = (await dmp.http.get(f"/v1/patients/{ins}/access-log", headers=here)).json()["items"]
    assert {e["practice_id"] for e in log} == {practice}
    assert [e["outcome"] for e in log] == ["allowed", "allowed"]
    assert len((await dmp.http.get(documents, headers=here)).json()["items"]) == 1

    # Once practice B has qualified its own identity of the patient, it reaches the record.
    await dmp.qualify(ins, practice=practice_b, at=qualified_at + timedelta(minutes=1))
    allowed = await dmp.http.get(documents, headers=in_b)
    assert allowed.status_code == 200 and len(allowed.json()["items"]) == 1
    assert (await dmp.http.post(documents, headers=in_b, json=DEPOSIT)).status_code == 201
    # B's log now shows B its own denials from before, and nothing of A's.
    log = (await dmp.http.get(f"/v1/patients/{ins}/access-log", headers=in_b)).json()["items"]
    assert {e["practice_id"] for e in log} == {practice_b}
    denials = [(e["actor_rpps"], e["operation"], e["reason"]) for e in log if e["outcome"] == "denied"]
    assert denials == [
        (b_rpps, operation, "practice_identity_not_qualified")
        for operation in (
            "read_documents",
            "add_document",
            "read_documents",
            "read_profile",
            "read_refusals",
            "read_access_log",
        )
    ]

    # B flags its identity doubtful (it leaves QUAL in B): B is refused again, A still reaches it.
    await dmp.downgrade(
        ins, practice=practice_b, to=IdentityStatus.VALI, at=qualified_at + timedelta(minutes=2)
    )

    async def refused_in_b() -> None:
        assert_not_qualified_here(await dmp.http.get(documents, headers=in_b))

    await eventually(refused_in_b, timeout=30)
    assert await record_status_of(dmp, ins) == "QUAL"
    assert len((await dmp.http.get(documents, headers=here)).json()["items"]) == 2


async def test_an_unknown_or_unqualified_ins_is_refused_without_content(dmp: Harness, practice: str) -> None:
    ins, dentist = new_matricule(), new_rpps()
    headers = dmp.headers(practice=practice, rpps=dentist)

    unknown = await dmp.http.get(f"/v1/patients/{ins}/agenda", headers=headers)
    # Never qualified anywhere: the same refusal as a practice not holding it QUAL (issue 16).
    assert unknown.status_code == 403
    assert unknown.headers["content-type"] == PROBLEM
    assert unknown.json()["type"] == "https://dentalink.fr/problems/identity-not-qualified"

    qualified_at = datetime.now(UTC) - timedelta(minutes=5)
    await dmp.qualify(ins, practice=practice, at=qualified_at)
    deposit = await dmp.http.post(f"/v1/patients/{ins}/documents", headers=headers, json=DEPOSIT)
    assert deposit.status_code == 201

    # A status change dated before the qualification arrives late: it must not disable the record.
    earlier, later = qualified_at - timedelta(days=1), qualified_at + timedelta(minutes=1)
    await dmp.downgrade(ins, practice=practice, to=IdentityStatus.VALI, at=earlier)
    # The identity leaves QUAL in the only practice that qualified it: the record is disabled.
    await dmp.downgrade(ins, practice=practice, to=IdentityStatus.PROV, at=later)

    async def refused() -> None:
        answer = await dmp.http.get(f"/v1/patients/{ins}/documents", headers=headers)
        assert answer.status_code == 403, answer.text
        body = answer.json()
        assert body["type"] == "https://dentalink.fr/problems/identity-not-qualified"
        assert "Compte rendu" not in answer.text and "items" not in body

    await eventually(refused, timeout=30)
    rows = await dmp.rows("SELECT status FROM practice_identity_statuses WHERE matricule = :m", m=ins)
    assert [row[0] for row in rows] == ["PROV"]
    record = await dmp.rows("SELECT identity_status FROM patient_records WHERE matricule = :m", m=ins)
    assert [row[0] for row in record] == ["PROV"]
    second = await dmp.http.post(f"/v1/patients/{ins}/documents", headers=headers, json=DEPOSIT)
    assert second.status_code == 403
    assert second.json()["type"] == "https://dentalink.fr/problems/identity-not-qualified"

    # Qualified again by another practice: the record and its document come back for that practice,
    # not for this one, whose own identity is still PROV.
    await dmp.qualify(ins, practice=practice + "-b", at=qualified_at + timedelta(minutes=2))
    elsewhere = dmp.headers(practice=practice + "-b", rpps=new_rpps())
    listed = await dmp.http.get(f"/v1/patients/{ins}/documents", headers=elsewhere)
    assert listed.status_code == 200 and len(listed.json()["items"]) == 1
    assert_not_qualified_here(await dmp.http.get(f"/v1/patients/{ins}/documents", headers=headers))


async def record_status_of(dmp: Harness, ins: str) -> str | None:
    rows = await dmp.rows("SELECT identity_status FROM patient_records WHERE matricule = :m", m=ins)
    return rows[0][0] if rows else None


async def test_a_downgrade_received_before_its_qualification_wins_when_newer(
    dmp: Harness, practice: str
) -> None:
    ins, headers = new_matricule(), dmp.headers(practice=practice, rpps=new_rpps())
    qualified_at = datetime.now(UTC) - timedelta(minutes=5)
    identity = dmp.identity_id(ins, practice)
    # The downgrade travels on another topic and arrives first; it names the identity, not the INS.
    await dmp.downgrade(
        ins, practice=practice, to=IdentityStatus.VALI, at=qualified_at + timedelta(minutes=1)
    )

    async def remembered() -> None:
        rows = await dmp.rows(
            "SELECT status FROM identity_statuses_without_ins WHERE identity_id = :i", i=identity
        )
        assert [row[0] for row in rows] == ["VALI"]

    await eventually(remembered, timeout=30)
    await dmp.qualify(ins, practice=practice, at=qualified_at, wait=False)

    async def created_disabled() -> None:
        assert await record_status_of(dmp, ins) == "VALI"

    await eventually(created_disabled, timeout=30)
    refused = await dmp.http.get(f"/v1/patients/{ins}/documents", headers=headers)
    assert refused.status_code == 403
    assert refused.json()["type"] == "https://dentalink.fr/problems/identity-not-qualified"

    # A later qualification of the same identity wins over the remembered downgrade.
    await dmp.qualify(ins, practice=practice, at=qualified_at + timedelta(minutes=2))
    assert (await dmp.http.get(f"/v1/patients/{ins}/documents", headers=headers)).status_code == 200


async def test_a_downgrade_without_ins_disables_only_the_ins_the_identity_then_held(
    dmp: Harness, practice: str
) -> None:
    first, second = new_matricule(), new_matricule()
    identity = uuid.uuid4()
    t0 = datetime.now(UTC) - timedelta(hours=1)
    await dmp.qualify(first, practice=practice, at=t0, identity_id=identity)
    # The same identity, qualified later on another INS (INSi returned a new matricule).
    await dmp.qualify(second, practice=practice, at=t0 + timedelta(minutes=20), identity_id=identity)
    # Its downgrade between the two arrives last: it concerned the first INS only.
    await dmp.downgrade(
        first, practice=practice, to=IdentityStatus.VALI, at=t0 + timedelta(minutes=10), identity_id=identity
    )

    async def first_disabled() -> None:
        assert await record_status_of(dmp, first) == "VALI"

    await eventually(first_disabled, timeout=30)
    assert await record_status_of(dmp, second) == "QUAL"
    # The identity leaves QUAL again (it then held the second INS), while another practice holds the
    # first INS QUAL: that practice's status is untouched by this identity's events.
    await dmp.qualify(first, practice=practice + "-b", at=t0 + timedelta(minutes=30))
    await dmp.downgrade(
        second, practice=practice, to=IdentityStatus.PROV, at=t0 + timedelta(minutes=40), identity_id=identity
    )

    async def second_disabled() -> None:
        assert await record_status_of(dmp, second) == "PROV"

    await eventually(second_disabled, timeout=30)
    assert await record_status_of(dmp, first) == "QUAL"


async def test_a_request_id_as_long_as_the_gateway_forwards_is_traced(dmp: Harness, practice: str) -> None:
    ins = new_matricule()
    await dmp.qualify(ins, practice=practice)
    request_id = "r" * 128
    headers = {**dmp.headers(practice=practice, rpps=new_rpps()), "X-Request-Id": request_id}
    answer = await dmp.http.get(f"/v1/patients/{ins}/documents", headers=headers)
    assert answer.status_code == 200, answer.text
    rows = await dmp.rows("SELECT request_id FROM access_log WHERE patient_key = :k", k=key_of(ins))
    assert [row[0] for row in rows] == [request_id]


async def test_a_refused_professional_is_denied_and_the_denial_is_logged(dmp: Harness, practice: str) -> None:
    ins, refused_rpps, other_rpps = new_matricule(), new_rpps(), new_rpps()
    refused = dmp.headers(practice=practice, rpps=refused_rpps)
    other = dmp.headers(practice=practice, rpps=other_rpps)
    await dmp.qualify(ins, practice=practice)
    entry = await dmp.http.post(
        f"/v1/patients/{ins}/profile/allergies", headers=other, json={"text": "Allergie à la pénicilline"}
    )
    assert entry.status_code == 201

    recorded = await dmp.http.post(
        f"/v1/patients/{ins}/access-refusals",
        headers=other,
        json={"rpps": refused_rpps, "areas": ["dmp"], "on_behalf_of": "patient"},
    )
    assert recorded.status_code == 201, recorded.text
    refusal = recorded.json()
    assert (refusal["recorded_by_rpps"], refusal["recorded_by_practice"]) == (other_rpps, practice)
    assert refusal["in_effect"] is True

    denied = await dmp.http.get(f"/v1/patients/{ins}/profile/allergies", headers=refused)
    assert denied.status_code == 403
    body = denied.json()
    assert body["type"] == "https://dentalink.fr/problems/access-refused-by-patient"
    assert (body["refusal_scope"], body["area"]) == ("this_professional", "dmp")
    assert "pénicilline" not in denied.text
    # Messaging (Mon espace santé) was not refused, the DMP only.
    message = await dmp.http.post(
        f"/v1/patients/{ins}/messages", headers=refused, json={"subject": "Bonjour", "body": "Rendez-vous"}
    )
    assert message.status_code == 201
    assert (await dmp.http.get(f"/v1/patients/{ins}/profile/allergies", headers=other)).status_code == 200

    log = await dmp.http.get(f"/v1/patients/{ins}/access-log", headers=other)
    assert log.status_code == 200
    denials = [item for item in log.json()["items"] if item["outcome"] == "denied"]
    assert [(d["actor_rpps"], d["operation"], d["reason"], d["practice_id"]) for d in denials] == [
        (refused_rpps, "read_profile", "patient_refused_professional", practice)
    ]
    assert {item["operation"] for item in log.json()["items"]} >= {
        "update_profile",
        "manage_refusals",
        "read_profile",
        "send_message",
    }

    # The refused professional cannot lift his own refusal; the patient can, through another one.
    revoke_url = f"/v1/patients/{ins}/access-refusals/{refusal['id']}"
    patient = {"on_behalf_of": "patient"}
    own = await dmp.http.delete(revoke_url, headers=refused, params=patient)
    assert own.status_code == 403
    assert own.json()["type"] == "https://dentalink.fr/problems/cannot-revoke-own-refusal"
    lifted = await dmp.http.delete(revoke_url, headers=other, params=patient)
    assert lifted.status_code == 200
    assert lifted.json()["in_effect"] is False and lifted.json()["revoked_by_rpps"] == other_rpps
    assert (await dmp.http.get(f"/v1/patients/{ins}/profile/allergies", headers=refused)).status_code == 200
    history = await dmp.http.get(
        f"/v1/patients/{ins}/access-refusals", headers=other, params={"include_revoked": "true"}
    )
    assert [item["id"] for item in history.json()["items"]] == [refusal["id"]]
    assert (await dmp.http.get(f"/v1/patients/{ins}/access-refusals", headers=other)).json()["items"] == []


async def test_refusal_of_everyone_roles_and_auditors(dmp: Harness, practice: str) -> None:
    ins = new_matricule()
    dentist = dmp.headers(practice=practice, rpps=new_rpps())
    auditor = dmp.headers(practice=practice, rpps=new_rpps(), role=Role.AUDITOR)
    assistant = dmp.headers(practice=practice, rpps=new_rpps(), role=Role.DENTAL_ASSISTANT)
    await dmp.qualify(ins, practice=practice)

    # Least privilege: an assistant manages appointments but does not read the record.
    forbidden = await dmp.http.get(f"/v1/patients/{ins}/documents", headers=assistant)
    assert forbidden.status_code == 403
    assert forbidden.json()["type"] == "https://dentalink.fr/problems/forbidden-role"

    on_behalf = {"on_behalf_of": "legal_representative"}
    recorded = await dmp.http.post(f"/v1/patients/{ins}/access-refusals", headers=assistant, json=on_behalf)
    assert recorded.status_code == 201
    assert recorded.json()["rpps"] is None and recorded.json()["areas"] == ["dmp", "espace_sante"]

    everyone = await dmp.http.get(f"/v1/patients/{ins}/agenda", headers=dentist)
    assert everyone.status_code == 403
    assert everyone.json()["refusal_scope"] == "all_professionals"
    # Refusals never block the patient's own choices, and auditors still read the traces.
    assert (await dmp.http.get(f"/v1/patients/{ins}/access-refusals", headers=dentist)).status_code == 200
    assert (await dmp.http.get(f"/v1/patients/{ins}/access-log", headers=dentist)).status_code == 403
    log = await dmp.http.get(f"/v1/patients/{ins}/access-log", headers=auditor, params={"limit": 2})
    assert log.status_code == 200
    first, cursor = log.json()["items"], log.json()["next_cursor"]
    assert len(first) == 2 and cursor is not None
    rest = await dmp.http.get(
        f"/v1/patients/{ins}/access-log", headers=auditor, params={"limit": 200, "cursor": cursor}
    )
    entries = first + rest.json()["items"]
    assert len({entry["id"] for entry in entries}) == len(entries)
    assert [(e["operation"], e["outcome"], e["reason"]) for e in entries][:4] == [
        ("read_documents", "denied", "role_not_allowed"),
        ("manage_refusals", "allowed", None),
        ("read_agenda", "denied", "patient_refused_all"),
        ("read_refusals", "allowed", None),
    ]
    for tampered in ("x", encode_cursor(datetime.now(UTC), "not-a-uuid")):
        bad_cursor = await dmp.http.get(
            f"/v1/patients/{ins}/access-log", headers=auditor, params={"cursor": tampered}
        )
        assert bad_cursor.status_code == 400
        assert bad_cursor.json()["type"] == "https://dentalink.fr/problems/invalid-cursor"


async def test_only_the_practice_that_recorded_a_refusal_lifts_it(dmp: Harness, practice: str) -> None:
    ins, refused_rpps, a_rpps, b_rpps = new_matricule(), new_rpps(), new_rpps(), new_rpps()
    practice_b = practice + "-b"
    in_a, in_b = dmp.headers(practice=practice, rpps=a_rpps), dmp.headers(practice=practice_b, rpps=b_rpps)
    refused_in_b = dmp.headers(practice=practice_b, rpps=refused_rpps)
    await dmp.qualify(ins, practice=practice)
    await dmp.qualify(ins, practice=practice_b)
    refusals = f"/v1/patients/{ins}/access-refusals"
    recorded = await dmp.http.post(
        refusals, headers=in_a, json={"rpps": refused_rpps, "areas": ["dmp"], "on_behalf_of": "patient"}
    )
    assert recorded.status_code == 201, recorded.text
    refusal_id = recorded.json()["id"]
    documents = f"/v1/patients/{ins}/documents"
    assert (await dmp.http.get(documents, headers=refused_in_b)).status_code == 403

    # B holds the identity QUAL and sees the patient's refusals, but did not record this one: for B it
    # does not exist (the platform's "not yours": 404, as for an unknown id).
    listed = (await dmp.http.get(refusals, headers=in_b)).json()["items"]
    assert [(item["id"], item["recorded_by_practice"]) for item in listed] == [(refusal_id, practice)]
    patient = {"on_behalf_of": "patient"}
    elsewhere = await dmp.http.delete(f"{refusals}/{refusal_id}", headers=in_b, params=patient)
    unknown = await dmp.http.delete(f"{refusals}/{uuid.uuid4()}", headers=in_b, params=patient)
    for answer in (elsewhere, unknown):
        assert answer.status_code == 404, answer.text
        assert answer.headers["content-type"] == PROBLEM
    assert elsewhere.json() == unknown.json()
    assert elsewhere.json()["type"] == "https://dentalink.fr/problems/refusal-not-found"
    still = (await dmp.http.get(refusals, headers=in_a)).json()["items"]
    assert [(item["id"], item["in_effect"]) for item in still] == [(refusal_id, True)]
    assert (await dmp.http.get(documents, headers=refused_in_b)).status_code == 403

    # The practice that recorded it lifts it at the patient's request; the act is in its log.
    lifted = await dmp.http.delete(f"{refusals}/{refusal_id}", headers=in_a, params=patient)
    assert lifted.status_code == 200, lifted.text
    assert (lifted.json()["in_effect"], lifted.json()["revoked_by_rpps"]) == (False, a_rpps)
    assert (await dmp.http.get(documents, headers=refused_in_b)).status_code == 200
    log_a = (await dmp.http.get(f"/v1/patients/{ins}/access-log", headers=in_a)).json()["items"]
    assert [
        (e["operation"], e["outcome"], e["resource_id"]) for e in log_a if e["resource_type"] == "refusal"
    ] == [("revoke_refusal", "allowed", refusal_id)]
    assert {e["practice_id"] for e in log_a} == {practice}
    log_b = (await dmp.http.get(f"/v1/patients/{ins}/access-log", headers=in_b)).json()["items"]
    attempts = [
        (e["actor_rpps"], e["outcome"], e["reason"]) for e in log_b if e["operation"] == "revoke_refusal"
    ]
    assert attempts == [(b_rpps, "denied", "refusal_not_found")] * 2
    assert {e["practice_id"] for e in log_b} == {practice_b}
