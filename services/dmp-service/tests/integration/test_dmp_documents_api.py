"""Documents: deposit, checks, list and filters, versions, FHIR, and the push to the national DMP."""

import base64
import hashlib
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from opentelemetry.metrics import Counter

from dentalink_contracts.events import IdentityStatus
from dmp_service import metrics
from dmp_service.domain import DocumentMetadata, content_digest
from dmp_service.settings import NationalDmpFault
from dmp_service.store import DmpStore, SqlDmpStore
from dmp_service.testing import Harness, new_matricule, new_rpps
from dmp_service.workflows.documents import Filing, file_new_document
from servicekit import UnitOfWork, sql_units_of_work
from servicekit.testing import eventually

pytestmark = pytest.mark.integration

FHIR = "application/fhir+json"


def deposit(content: bytes, **fields: Any) -> dict[str, Any]:
    return {
        "type_code": "11488-4",
        "title": "Compte rendu de consultation",
        "date_of_care": "2025-06-02",
        "content_type": "text/plain",
        "content_base64": base64.b64encode(content).decode(),
        **fields,
    }


async def test_deposit_list_read_and_replace(dmp: Harness, practice: str) -> None:
    ins, dentist = new_matricule(), new_rpps()
    headers = dmp.headers(practice=practice, rpps=dentist)
    await dmp.qualify(ins, practice=practice)
    base = f"/v1/patients/{ins}/documents"

    first = b"Premier compte rendu\n"
    filed = await dmp.http.post(
        base, headers=headers, json=deposit(first, sha256=hashlib.sha256(first).hexdigest())
    )
    assert filed.status_code == 201, filed.text
    document = filed.json()
    assert document["current"]["author_rpps"] == dentist  # defaults to the caller
    assert document["current"]["sha256"] == hashlib.sha256(first).hexdigest()
    assert document["current"]["push"]["status"] in {"queued", "pushed"}
    second = await dmp.http.post(
        base,
        headers=headers,
        json=deposit(b"Radio panoramique", type_code="18748-4", date_of_care="2025-05-01"),
    )
    assert second.status_code == 201

    mismatch = await dmp.http.post(base, headers=headers, json=deposit(first, sha256="0" * 64))
    assert (mismatch.status_code, mismatch.json()["type"]) == (
        422,
        "https://dentalink.fr/problems/sha256-mismatch",
    )
    too_large = await dmp.http.post(base, headers=headers, json=deposit(b"x" * (64 * 1024 + 1)))
    assert (too_large.status_code, too_large.json()["limit_bytes"]) == (413, 64 * 1024)
    not_base64 = await dmp.http.post(base, headers=headers, json={**deposit(first), "content_base64": "%%%"})
    assert not_base64.status_code == 422
    assert not_base64.json()["errors"][0]["field"] == "content_base64"

    page = await dmp.http.get(base, headers=headers, params={"limit": 1})
    assert [item["id"] for item in page.json()["items"]] == [document["id"]]
    rest = await dmp.http.get(
        base, headers=headers, params={"limit": 1, "cursor": page.json()["next_cursor"]}
    )
    assert [item["id"] for item in rest.json()["items"]] == [second.json()["id"]]
    assert rest.json()["next_cursor"] is None
    radios = await dmp.http.get(base, headers=headers, params={"type_code": "18748-4"})
    assert [item["id"] for item in radios.json()["items"]] == [second.json()["id"]]
    recent = await dmp.http.get(base, headers=headers, params={"date_of_care_from": "2025-06-01"})
    assert [item["id"] for item in recent.json()["items"]] == [document["id"]]

    corrected = b"Compte rendu corrige\n"
    replaced = await dmp.http.post(
        f"{base}/{document['id']}/versions",
        headers=headers,
        json={**deposit(corrected, title="Compte rendu (corrigé)"), "replaces_version": 1},
    )
    assert replaced.status_code == 201, replaced.text
    versions = replaced.json()["versions"]
    assert [(v["version"], v["status"]) for v in versions] == [(1, "superseded"), (2, "current")]
    assert versions[1]["supersedes_version_id"] == versions[0]["version_id"]
    stale = await dmp.http.post(
        f"{base}/{document['id']}/versions", headers=headers, json={**deposit(b"x"), "replaces_version": 1}
    )
    assert (stale.status_code, stale.json()["current_version"]) == (409, 2)

    current = await dmp.http.get(f"{base}/{document['id']}/content", headers=headers)
    assert current.content == corrected and current.headers["content-type"].startswith("text/plain")
    kept = await dmp.http.get(f"{base}/{document['id']}/content", headers=headers, params={"version": 1})
    assert kept.content == first  # never destroyed
    assert (
        kept.headers["repr-digest"]
        == f"sha-256=:{base64.b64encode(hashlib.sha256(first).digest()).decode()}:"
    )

    fhir = await dmp.http.get(f"{base}/{document['id']}", headers={**headers, "Accept": FHIR})
    assert fhir.headers["content-type"] == FHIR
    reference = fhir.json()
    assert reference["resourceType"] == "DocumentReference"
    assert reference["status"] == "current" and reference["id"] == document["id"]
    assert reference["meta"]["versionId"] == "2"
    assert reference["masterIdentifier"]["value"] == f"urn:uuid:{versions[1]['version_id']}"
    assert reference["subject"]["identifier"] == {"system": "urn:oid:1.2.250.1.213.1.4.10", "value": ins}
    assert reference["author"][0]["identifier"]["value"] == f"8{dentist}"
    bundle = (await dmp.http.get(base, headers={**headers, "Accept": FHIR}, params={"limit": 1})).json()
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "searchset"
    assert bundle["link"][0]["relation"] == "self" and "cursor=" in bundle["link"][1]["url"]

    missing = await dmp.http.get(f"{base}/00000000-0000-0000-0000-000000000000", headers=headers)
    assert missing.json()["type"] == "https://dentalink.fr/problems/document-not-found"


async def test_a_national_dmp_fault_leaves_the_document_queued_until_it_recovers(
    dmp: Harness, practice: str
) -> None:
    ins = new_matricule()
    headers = dmp.headers(practice=practice, rpps=new_rpps())
    await dmp.qualify(ins, practice=practice)
    dmp.national.fault = NationalDmpFault.UNAVAILABLE

    filed = await dmp.http.post(f"/v1/patients/{ins}/documents", headers=headers, json=deposit(b"Ordonnance"))
    assert filed.status_code == 201
    url = f"/v1/patients/{ins}/documents/{filed.json()['id']}"

    async def queued_after_failures() -> None:
        push = (await dmp.http.get(url, headers=headers)).json()["current"]["push"]
        assert push["status"] == "queued" and push["attempts"] >= 2, push
        assert push["last_error"] == "NationalDmpUnavailable" and push["national_id"] is None

    await eventually(queued_after_failures, timeout=15)
    dmp.national.fault = NationalDmpFault.NONE

    async def pushed() -> None:
        push = (await dmp.http.get(url, headers=headers)).json()["current"]["push"]
        assert push["status"] == "pushed", push
        assert push["national_id"].startswith("sandbox-dmp-") and push["last_error"] is None

    await eventually(pushed, timeout=15)
    version_id = (await dmp.http.get(url, headers=headers)).json()["current"]["version_id"]
    assert version_id in {str(received) for received in dmp.national.received}
    listed = await dmp.http.get(
        f"/v1/patients/{ins}/documents", headers=headers, params={"push_status": "pushed"}
    )
    assert [item["id"] for item in listed.json()["items"]] == [filed.json()["id"]]


async def test_a_rejected_document_fails_without_retrying(dmp: Harness, practice: str) -> None:
    ins = new_matricule()
    headers = dmp.headers(practice=practice, rpps=new_rpps())
    await dmp.qualify(ins, practice=practice)
    filed = await dmp.http.post(
        f"/v1/patients/{ins}/documents", headers=headers, json=deposit(b"x", type_code="SANDBOX-REJECT")
    )
    url = f"/v1/patients/{ins}/documents/{filed.json()['id']}"

    async def failed() -> None:
        push = (await dmp.http.get(url, headers=headers)).json()["current"]["push"]
        assert (push["status"], push["attempts"], push["last_error"]) == ("failed", 1, "NationalDmpRejected")

    await eventually(failed, timeout=15)


async def test_nothing_is_pushed_while_the_identity_is_not_qualified(dmp: Harness, practice: str) -> None:
    ins = new_matricule()
    headers = dmp.headers(practice=practice, rpps=new_rpps())
    qualified_at = datetime.now(UTC) - timedelta(minutes=10)
    await dmp.qualify(ins, practice=practice, at=qualified_at)
    dmp.national.fault = NationalDmpFault.UNAVAILABLE
    filed = await dmp.http.post(f"/v1/patients/{ins}/documents", headers=headers, json=deposit(b"Bilan"))
    version_id = filed.json()["current"]["version_id"]

    async def push_state() -> tuple[str, int, str | None]:
        rows = await dmp.rows(
            "SELECT push_status, push_attempts, push_last_error FROM document_versions WHERE id = :v",
            v=version_id,
        )
        return rows[0][0], rows[0][1], rows[0][2]

    async def failed_once() -> None:
        assert (await push_state())[1] >= 1

    await eventually(failed_once, timeout=15)
    await dmp.downgrade(
        ins, practice=practice, to=IdentityStatus.VALI, at=qualified_at + timedelta(minutes=1)
    )

    async def disabled() -> None:
        rows = await dmp.rows("SELECT identity_status FROM patient_records WHERE matricule = :m", m=ins)
        assert rows[0][0] == "VALI"

    await eventually(disabled, timeout=15)
    dmp.national.fault = NationalDmpFault.NONE

    async def postponed() -> None:
        status, _, error = await push_state()
        assert (status, error) == ("queued", "identity_not_qualified")

    await eventually(postponed, timeout=15)
    attempts = (await push_state())[1]
    await dmp.rows("SELECT pg_sleep(1.2)")  # past the postponement: checked again, still not sent
    assert await push_state() == ("queued", attempts, "identity_not_qualified")
    assert version_id not in {str(received) for received in dmp.national.received}

    await dmp.qualify(ins, practice=practice, at=qualified_at + timedelta(minutes=2))

    async def pushed() -> None:
        assert (await push_state())[0] == "pushed"

    await eventually(pushed, timeout=15)


class RecordingCounter(Counter):
    """A counter that keeps what it is given, to see when a domain counter is bumped."""

    def __init__(self) -> None:
        self.name = "dentalink_test_counter"
        self.adds: list[tuple[float, dict[str, Any]]] = []

    def add(self, amount: float, attributes: Any = None, context: Any = None) -> None:
        self.adds.append((amount, dict(attributes or {})))


async def test_a_filed_document_is_counted_only_once_its_transaction_commits(
    dmp: Harness, practice: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    ins, author = new_matricule(), new_rpps()
    await dmp.qualify(ins, practice=practice)
    counter = RecordingCounter()
    monkeypatch.setattr(metrics, "documents_filed", counter)
    content = b"Bilan"
    metadata = DocumentMetadata(
        type_code="11488-4",
        title="Bilan",
        author_rpps=author,
        date_of_care=date(2025, 6, 2),
        content_type="text/plain",
        size_bytes=len(content),
        sha256=content_digest(content),
    )
    filing = Filing(by_rpps=author, by_practice=practice, source="deposit")
    units_of_work = sql_units_of_work(dmp.database, SqlDmpStore, "/dentalink/dmp-service")

    async def file(uow: UnitOfWork[DmpStore]) -> None:
        record = await uow.store.find_record(ins)
        assert record is not None
        await file_new_document(uow, record, metadata, content, filing, dmp.clock())

    async def file_then_fail() -> None:
        async with units_of_work() as uow:
            await file(uow)
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError, match="rolled back"):
        await file_then_fail()
    assert counter.adds == []  # nothing was filed: nothing is counted

    async with units_of_work() as uow:
        await file(uow)
        assert counter.adds == []  # not before the commit
    assert counter.adds == [(1, {"source": "deposit"})]
