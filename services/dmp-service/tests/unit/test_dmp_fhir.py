"""FHIR renderings of the record (issue 16): a DocumentReference is the document at its version, a
searchset entry has a fullUrl, an agenda with no item has no `activity`."""

import uuid
from datetime import UTC, date, datetime

from dentalink_contracts.values import Sex
from dmp_service.domain import compute_agenda
from dmp_service.fhir import agenda_care_plan, document_reference, searchset
from dmp_service.models import DocumentRow, DocumentVersionRow, PatientRecord

NOW = datetime(2025, 6, 2, 9, 30, tzinfo=UTC)
RECORD = PatientRecord(
    id=uuid.uuid4(),
    matricule="285017512345678",
    oid="1.2.250.1.213.1.4.10",
    patient_key="k",
    birth_date=date(1985, 1, 1),
    sex="F",
    identity_status="QUAL",
    qualified_at=NOW,
    updated_at=NOW,
)
DOCUMENT = DocumentRow(
    id=uuid.uuid4(), record_id=RECORD.id, source="deposit", current_version=2, created_at=NOW
)


def _version(number: int, supersedes: uuid.UUID | None = None) -> DocumentVersionRow:
    return DocumentVersionRow(
        id=uuid.uuid4(),
        document_id=DOCUMENT.id,
        number=number,
        type_code="11488-4",
        title="Compte rendu",
        author_rpps="10000000001",
        date_of_care=date(2025, 6, 2),
        content_type="text/plain",
        size_bytes=3,
        sha256="0" * 64,
        filed_at=NOW,
        supersedes=supersedes,
        push_status="queued",
    )


def test_a_document_reference_is_the_document_at_its_version() -> None:
    first = _version(1)
    second = _version(2, supersedes=first.id)
    resource = document_reference(RECORD, DOCUMENT, second, "/v1/patients/x/documents/d/content")
    assert resource["id"] == str(DOCUMENT.id)
    assert resource["meta"]["versionId"] == "2"
    assert resource["masterIdentifier"] == {"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{second.id}"}
    assert resource["identifier"] == [{"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{DOCUMENT.id}"}]
    assert "relatesTo" not in resource


def test_every_searchset_entry_has_a_full_url_and_a_search_mode() -> None:
    resource = document_reference(RECORD, DOCUMENT, _version(1), "/content")
    bundle = searchset([resource], "/v1/patients/x/documents?limit=1", "/v1/patients/x/documents?cursor=c")
    assert bundle["entry"] == [
        {"fullUrl": f"urn:uuid:{DOCUMENT.id}", "resource": resource, "search": {"mode": "match"}}
    ]
    assert [link["relation"] for link in bundle["link"]] == ["self", "next"]
    empty = searchset([], "/v1/patients/x/documents", None)
    assert "entry" not in empty and [link["relation"] for link in empty["link"]] == ["self"]


def test_an_agenda_without_items_has_no_activity_element() -> None:
    assert "activity" not in agenda_care_plan(RECORD, [], date(2025, 6, 1), NOW)
    items = compute_agenda(date(2019, 5, 10), Sex.MALE, None, date(2025, 6, 1))
    plan = agenda_care_plan(RECORD, items, date(2025, 6, 1), NOW)
    assert len(plan["activity"]) == len(items) > 0
