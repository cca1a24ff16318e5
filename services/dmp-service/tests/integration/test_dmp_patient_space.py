"""Mon espace santé: profile, children's profiles, messages and e-mails, agenda, appointment reminders."""

import base64
from datetime import UTC, date, datetime, timedelta

import pytest

from dentalink_contracts.values import Role, Sex
from dmp_service.domain.messages import PARIS
from dmp_service.settings import MailerFault
from dmp_service.testing import Harness, new_matricule, new_rpps
from servicekit.testing import eventually

pytestmark = pytest.mark.integration


async def test_profile_entries_are_versioned(dmp: Harness, practice: str) -> None:
    ins, first, second = new_matricule(), new_rpps(), new_rpps()
    await dmp.qualify(ins, practice=practice)
    url = f"/v1/patients/{ins}/profile/allergies"

    created = await dmp.http.post(
        url, headers=dmp.headers(practice=practice, rpps=first), json={"text": "Latex"}
    )
    assert created.status_code == 201
    entry = created.json()
    revised = await dmp.http.put(
        f"{url}/{entry['id']}",
        headers=dmp.headers(practice=practice, rpps=second),
        json={"text": "Latex (réaction cutanée)", "expected_version": 1},
    )
    assert revised.status_code == 200 and revised.json()["version"] == 2
    stale = await dmp.http.put(
        f"{url}/{entry['id']}",
        headers=dmp.headers(practice=practice, rpps=first),
        json={"text": "x", "expected_version": 1},
    )
    assert stale.status_code == 409

    history = (
        await dmp.http.get(f"{url}/{entry['id']}", headers=dmp.headers(practice=practice, rpps=first))
    ).json()
    assert [(v["version"], v["change"], v["author_rpps"]) for v in history["versions"]] == [
        (1, "created", first),
        (2, "updated", second),
    ]
    removed = await dmp.http.delete(
        f"{url}/{entry['id']}", headers=dmp.headers(practice=practice, rpps=first)
    )
    assert removed.json()["removed"] is True and removed.json()["text"] is None
    headers = dmp.headers(practice=practice, rpps=first)
    assert (await dmp.http.get(url, headers=headers)).json()["items"] == []
    kept = await dmp.http.get(url, headers=headers, params={"include_removed": "true"})
    assert [item["version"] for item in kept.json()["items"]] == [3]
    assert (await dmp.http.get(f"/v1/patients/{ins}/profile/vaccinations", headers=headers)).json()[
        "items"
    ] == []
    assert (await dmp.http.get(f"/v1/patients/{ins}/profile/unknown", headers=headers)).status_code == 422


async def test_children_profiles_attach_to_a_parent(dmp: Harness, practice: str) -> None:
    parent, child, adult = new_matricule(), new_matricule(), new_matricule()
    headers = dmp.headers(practice=practice, rpps=new_rpps())
    await dmp.qualify(parent, practice=practice, birth_date=date(1985, 3, 14))
    await dmp.qualify(child, practice=practice, birth_date=date(2016, 9, 1))
    await dmp.qualify(adult, practice=practice, birth_date=date(1990, 1, 1))
    url = f"/v1/patients/{parent}/related-profiles"

    attached = await dmp.http.post(url, headers=headers, json={"child_ins": child, "relationship": "parent"})
    assert attached.status_code == 201, attached.text
    assert attached.json()["active"] is True
    again = await dmp.http.post(url, headers=headers, json={"child_ins": child, "relationship": "parent"})
    assert again.status_code == 409
    grown_up = await dmp.http.post(url, headers=headers, json={"child_ins": adult, "relationship": "parent"})
    assert grown_up.json()["type"] == "https://dentalink.fr/problems/related-profile-refused"
    unknown = await dmp.http.post(
        url, headers=headers, json={"child_ins": new_matricule(), "relationship": "parent"}
    )
    # A child nobody qualified: the practice holds no QUAL identity of the child (issue 16).
    assert unknown.status_code == 403
    assert unknown.json()["type"] == "https://dentalink.fr/problems/identity-not-qualified"

    detached = await dmp.http.delete(f"{url}/{attached.json()['id']}", headers=headers)
    assert detached.json()["active"] is False and detached.json()["detached_at"] is not None
    listed = (await dmp.http.get(url, headers=headers)).json()["items"]
    assert [(item["child_ins"], item["active"]) for item in listed] == [(child, False)]


async def test_messages_notify_the_patient_by_e_mail_and_attachments_join_the_record(
    dmp: Harness, practice: str
) -> None:
    ins, sender = new_matricule(), new_rpps()
    headers = dmp.headers(practice=practice, rpps=sender)
    await dmp.qualify(ins, practice=practice)
    dmp.mailer.fault = MailerFault.UNAVAILABLE
    try:
        sent = await dmp.http.post(
            f"/v1/patients/{ins}/messages",
            headers=headers,
            json={
                "subject": "Résultat de votre radiographie",
                "body": "Bonjour, la radiographie ne montre pas de lésion.",
                "attachments": [
                    {
                        "title": "Radiographie panoramique",
                        "type_code": "18748-4",
                        "content_type": "application/pdf",
                        "content_base64": base64.b64encode(b"%PDF-1.7 radio").decode(),
                    }
                ],
            },
        )
        assert sent.status_code == 201, sent.text
        message = sent.json()
        key = f"message:{message['id']}"

        async def retried() -> None:
            rows = await dmp.rows(
                "SELECT status, attempts, last_error FROM notifications WHERE key = :k", k=key
            )
            assert rows and rows[0][0] == "pending" and rows[0][1] >= 1 and rows[0][2] == "MailerUnavailable"

        await eventually(retried, timeout=15)
    finally:
        dmp.mailer.fault = MailerFault.NONE

    async def e_mailed() -> None:
        rows = await dmp.rows(
            "SELECT recipient_matricule, subject, body FROM sandbox_email_outbox WHERE key = :k", k=key
        )
        assert len(rows) == 1
        recipient, subject, body = rows[0]
        assert recipient == ins
        assert "radiographie" not in (subject + body).lower()  # no health content in an e-mail

    await eventually(e_mailed, timeout=15)

    read = await dmp.http.post(
        f"/v1/patients/{ins}/messages/{message['id']}/read", headers=headers, json={"on_behalf_of": "patient"}
    )
    assert read.status_code == 200
    attachment = message["attachments"][0]
    file_url = f"/v1/patients/{ins}/messages/{message['id']}/attachments/{attachment['id']}/file"
    filed = await dmp.http.post(file_url, headers=headers, json={"on_behalf_of": "patient"})
    assert filed.status_code == 201, filed.text
    document = filed.json()
    assert (document["source"], document["current"]["author_rpps"]) == ("message_attachment", sender)
    assert document["current"]["sha256"] == attachment["sha256"]
    twice = await dmp.http.post(file_url, headers=headers, json={"on_behalf_of": "patient"})
    assert (twice.status_code, twice.json()["id"]) == (200, document["id"])

    mine = (await dmp.http.get(f"/v1/patients/{ins}/messages", headers=headers)).json()["items"]
    assert [(m["id"], m["read_at"] == read.json()["read_at"]) for m in mine] == [(message["id"], True)]
    assert mine[0]["attachments"][0]["filed_document_id"] == document["id"]
    others = await dmp.http.get(
        f"/v1/patients/{ins}/messages", headers=dmp.headers(practice=practice, rpps=new_rpps())
    )
    assert others.json()["items"] == []


async def test_agenda_from_birth_date_sex_and_pregnancy(dmp: Harness, practice: str) -> None:
    child, mother = new_matricule(), new_matricule()
    headers = dmp.headers(practice=practice, rpps=new_rpps())
    await dmp.qualify(child, practice=practice, birth_date=date(2019, 5, 10), sex=Sex.MALE)
    await dmp.qualify(mother, practice=practice, birth_date=date(1992, 2, 2), sex=Sex.FEMALE)

    agenda = await dmp.http.get(f"/v1/patients/{child}/agenda", headers=headers, params={"on": "2025-06-01"})
    assert agenda.status_code == 200
    items = {item["code"]: item for item in agenda.json()["items"]}
    assert items["mtdents.y6"]["status"] == "due"  # yearly M'T dents since 2025-04-01
    assert items["mtdents.y6"]["rule_effective_from"] == "2025-04-01"
    assert items["mtdents.y6"]["care_without_advance_payment_months"] == 6
    assert items["child_exam.y6"]["status"] == "due"  # the 6-year exam of the 2025 calendar
    only_due = await dmp.http.get(
        f"/v1/patients/{child}/agenda", headers=headers, params={"on": "2025-06-01", "status": "due"}
    )
    assert {item["status"] for item in only_due.json()["items"]} == {"due"}

    care_plan = await dmp.http.get(
        f"/v1/patients/{child}/agenda",
        headers={**headers, "Accept": "application/fhir+json"},
        params={"on": "2025-06-01"},
    )
    assert care_plan.headers["content-type"] == "application/fhir+json"
    plan = care_plan.json()
    assert (plan["resourceType"], plan["intent"]) == ("CarePlan", "plan")
    activities = {a["detail"]["code"]["coding"][0]["code"]: a["detail"] for a in plan["activity"]}
    assert activities["mtdents.y6"]["status"] == "not-started"
    assert activities["mtdents.y6"]["scheduledPeriod"] == {"start": "2025-05-10", "end": "2026-05-09"}

    today = datetime.now(UTC).astimezone(PARIS).date()
    pregnancy = {
        "pregnancy_start": (today - timedelta(days=150)).isoformat(),
        "expected_delivery": (today + timedelta(days=120)).isoformat(),
    }
    held = await dmp.http.post(
        f"/v1/patients/{mother}/appointments",
        headers=headers,
        json={
            "starts_at": (datetime.now(UTC) - timedelta(hours=2)).isoformat(),
            "title": "Examen bucco-dentaire de grossesse",
            "added_by": "professional",
            "prevention_code": "ebd.pregnancy",
        },
    )
    assert held.status_code == 201
    with_pregnancy = await dmp.http.get(f"/v1/patients/{mother}/agenda", headers=headers, params=pregnancy)
    exam = next(item for item in with_pregnancy.json()["items"] if item["code"] == "ebd.pregnancy")
    assert exam["status"] == "done" and exam["completed_on"] is not None
    bad = await dmp.http.get(
        f"/v1/patients/{mother}/agenda", headers=headers, params={"pregnancy_start": "2025-01-01"}
    )
    assert bad.status_code == 422
    assistant = dmp.headers(practice=practice, rpps=new_rpps(), role=Role.DENTAL_ASSISTANT)
    assert (await dmp.http.get(f"/v1/patients/{mother}/agenda", headers=assistant)).status_code == 403


@pytest.mark.parametrize(
    "params",
    [
        {"on": "9999-12-31"},
        {"on": "2201-01-01"},
        {"on": "1899-12-31"},
        {"on": "2025-06-01", "pregnancy_start": "9999-01-01", "expected_delivery": "9999-12-31"},
        {"on": "2025-06-01", "pregnancy_start": "2025-01-01", "expected_delivery": "9999-12-31"},
        {
            "on": "2025-06-01",
            "pregnancy_start": "2025-01-01",
            "expected_delivery": "2025-10-01",
            "delivery_date": "9999-12-31",
        },
    ],
)
async def test_agenda_dates_out_of_its_calendar_are_a_problem_not_a_crash(
    dmp: Harness, practice: str, params: dict[str, str]
) -> None:
    ins = new_matricule()
    headers = dmp.headers(practice=practice, rpps=new_rpps())
    await dmp.qualify(ins, practice=practice, birth_date=date(1899, 12, 31), sex=Sex.FEMALE)
    answer = await dmp.http.get(
        f"/v1/patients/{ins}/agenda", headers={**headers, "Accept": "application/json"}, params=params
    )
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["type"] == "https://dentalink.fr/problems/invalid-agenda-date"
    # The same problem, as FHIR clients read errors (issue 16).
    outcome = await dmp.http.get(
        f"/v1/patients/{ins}/agenda", headers={**headers, "Accept": "application/fhir+json"}, params=params
    )
    assert outcome.status_code == 422, outcome.text
    assert outcome.headers["content-type"] == "application/fhir+json"
    assert outcome.json()["issue"][0]["details"]["coding"][0]["code"] == "invalid-agenda-date"
    # The calendar's last day is computed, in both representations.
    for accept in ("application/json", "application/fhir+json"):
        last = await dmp.http.get(
            f"/v1/patients/{ins}/agenda", headers={**headers, "Accept": accept}, params={"on": "2200-12-31"}
        )
        assert last.status_code == 200, last.text


@pytest.mark.parametrize("starts_at", ["9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+05:00"])
async def test_an_appointment_out_of_the_agenda_calendar_is_refused(
    dmp: Harness, practice: str, starts_at: str
) -> None:
    ins = new_matricule()
    headers = dmp.headers(practice=practice, rpps=new_rpps())
    await dmp.qualify(ins, practice=practice)
    answer = await dmp.http.post(
        f"/v1/patients/{ins}/appointments",
        headers=headers,
        json={"starts_at": starts_at, "title": "Contrôle", "added_by": "professional"},
    )
    assert answer.status_code == 422, answer.text
    assert [error["field"] for error in answer.json()["errors"]] == ["starts_at"]


async def test_appointment_reminders_are_e_mailed_once_each(dmp: Harness, practice: str) -> None:
    ins = new_matricule()
    assistant = dmp.headers(practice=practice, rpps=new_rpps(), role=Role.DENTAL_ASSISTANT)
    await dmp.qualify(ins, practice=practice)
    starts_at = datetime.now(UTC) + timedelta(days=2)
    added = await dmp.http.post(
        f"/v1/patients/{ins}/appointments",
        headers=assistant,
        json={"starts_at": starts_at.isoformat(), "title": "Détartrage", "added_by": "patient"},
    )
    assert added.status_code == 201, added.text
    appointment = added.json()["id"]
    # Its 7-day reminder would be due once the clock moves a day on: cancelled before that.
    later = starts_at + timedelta(days=6)
    cancelled = await dmp.http.post(
        f"/v1/patients/{ins}/appointments",
        headers=assistant,
        json={"starts_at": later.isoformat(), "title": "Annulé", "added_by": "patient"},
    )
    assert (
        await dmp.http.delete(f"/v1/patients/{ins}/appointments/{cancelled.json()['id']}", headers=assistant)
    ).status_code == 200

    async def reminders(count: int) -> list[str]:
        rows = await dmp.rows(
            "SELECT key, body FROM sandbox_email_outbox WHERE key LIKE :k ORDER BY sent_at",
            k=f"reminder:{appointment}%",
        )
        assert len(rows) == count, rows
        assert all("Détartrage" not in row[1] for row in rows)
        return [row[0] for row in rows]

    async def one() -> None:
        keys = await reminders(1)
        assert keys[0].endswith(":604800")  # the 7-day reminder (already within 7 days)

    await eventually(one, timeout=15)
    dmp.clock.offset = timedelta(days=1, hours=1)  # now within a day of the appointment

    async def two() -> None:
        keys = await reminders(2)
        assert keys[1].endswith(":86400")

    await eventually(two, timeout=15)
    dmp.clock.offset = timedelta(days=1, hours=2)
    await dmp.rows("SELECT pg_sleep(0.5)")  # several job rounds: still one e-mail per reminder
    await reminders(2)
    none_for_cancelled = await dmp.rows(
        "SELECT count(*) FROM notifications WHERE key LIKE :k", k=f"reminder:{cancelled.json()['id']}%"
    )
    assert none_for_cancelled[0][0] == 0
    listed = await dmp.http.get(f"/v1/patients/{ins}/appointments", headers=assistant)
    assert [item["id"] for item in listed.json()["items"]] == [appointment]


async def test_cancelling_an_appointment_drops_its_unsent_reminders(dmp: Harness, practice: str) -> None:
    ins = new_matricule()
    headers = dmp.headers(practice=practice, rpps=new_rpps())
    await dmp.qualify(ins, practice=practice)
    dmp.mailer.fault = MailerFault.UNAVAILABLE
    try:
        added = await dmp.http.post(
            f"/v1/patients/{ins}/appointments",
            headers=headers,
            json={
                "starts_at": (datetime.now(UTC) + timedelta(days=3)).isoformat(),
                "title": "Contrôle",
                "added_by": "professional",
            },
        )
        appointment = added.json()["id"]

        async def queued() -> None:
            rows = await dmp.rows("SELECT status FROM notifications WHERE appointment_id = :a", a=appointment)
            assert [row[0] for row in rows] == ["pending"]

        await eventually(queued, timeout=15)
        cancelled = await dmp.http.delete(f"/v1/patients/{ins}/appointments/{appointment}", headers=headers)
        assert cancelled.status_code == 200
        again = await dmp.http.delete(f"/v1/patients/{ins}/appointments/{appointment}", headers=headers)
        assert again.status_code == 409
    finally:
        dmp.mailer.fault = MailerFault.NONE
    await dmp.rows("SELECT pg_sleep(0.5)")  # the delivery job runs several times meanwhile
    rows = await dmp.rows("SELECT status FROM notifications WHERE appointment_id = :a", a=appointment)
    assert [row[0] for row in rows] == ["cancelled"]
    sent = await dmp.rows(
        "SELECT count(*) FROM sandbox_email_outbox WHERE key LIKE :k", k=f"reminder:{appointment}%"
    )
    assert sent[0][0] == 0
