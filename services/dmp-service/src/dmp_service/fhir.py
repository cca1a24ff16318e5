"""FHIR R4 renderings, served when the client asks for FHIR JSON (`Accept: application/fhir+json` or
`_format=json`; other FHIR formats are answered 406 and errors as OperationOutcome by servicekit).

- A document is a `DocumentReference` whose `id` is the document's id (what
  `GET /v1/patients/{ins}/documents/{id}` answers), rendered at its current version: the version
  number is `meta.versionId` (FHIR's resource versioning, http.html#versioning), the version's own id
  the `masterIdentifier` (R4: "specific to this version of the document"), the document's id, stable
  across versions, an `identifier`. Earlier versions are versions of the same resource, not other
  documents, so no `relatesTo` (R4 keeps that for document-to-document relations); their content
  stays reachable at `content?version=N`. The patient is referenced by INS identifier
  (`urn:oid:<INS OID>`), the author by RPPS as FR Core does (`urn:oid:1.2.250.1.71.4.2.1`, value "8"
  + RPPS). R4's `attachment.hash` is SHA-1, so the SHA-256 travels in an extension instead.
- A list is a searchset `Bundle`: each entry's `fullUrl` is `urn:uuid:<document id>` (the API's
  paths are not FHIR RESTful URLs, and the service does not know the public base URL the gateway
  answers at), `search.mode` match; `self` and `next` links carry the API's query and cursor.
- The prevention agenda is a `CarePlan` (intent `plan`) whose activities carry the items: R4's
  `CarePlan.activity.detail` has a code, a status and a scheduled period, which is what an agenda
  item is. Vaccinations could be `ImmunizationRecommendation`, but one resource for the whole agenda
  keeps every item in one list with one status vocabulary; our own status (due, upcoming, overdue,
  done) is kept in `detail.statusReason`. An agenda with no item has no `activity` (R4 ele-1: an
  element is present only with content).
"""

from datetime import date, datetime
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse

from dmp_service.domain import AgendaItem, ItemStatus
from dmp_service.models import DocumentRow, DocumentVersionRow, PatientRecord
from servicekit.fhir import FHIR_JSON, wants_fhir_json

__all__ = ["FHIR_JSON", "agenda_care_plan", "document_reference", "fhir_response", "searchset", "wants_fhir"]

RPPS_SYSTEM = "urn:oid:1.2.250.1.71.4.2.1"
LOINC = "http://loinc.org"
SHA256_EXTENSION = "https://dentalink.fr/fhir/StructureDefinition/attachment-sha256"
AGENDA_CODE_SYSTEM = "https://dentalink.fr/fhir/CodeSystem/prevention-agenda"
AGENDA_STATUS_SYSTEM = "https://dentalink.fr/fhir/CodeSystem/prevention-agenda-status"

# R4 CarePlan.activity.detail.status for each agenda status.
_ACTIVITY_STATUS = {
    ItemStatus.DONE: "completed",
    ItemStatus.DUE: "not-started",
    ItemStatus.OVERDUE: "not-started",
    ItemStatus.UPCOMING: "scheduled",
}


def wants_fhir(request: Request) -> bool:
    """Whether the client asked for FHIR JSON (`Accept` or `_format`)."""
    return wants_fhir_json(request.headers.get("accept", ""), request.url.query)


def fhir_response(resource: dict[str, Any], status_code: int = 200) -> JSONResponse:
    return JSONResponse(resource, status_code=status_code, media_type=FHIR_JSON)


def patient_identifier(record: PatientRecord) -> dict[str, str]:
    return {"system": f"urn:oid:{record.oid}", "value": record.matricule}


def document_reference(
    record: PatientRecord, document: DocumentRow, version: DocumentVersionRow, content_url: str
) -> dict[str, Any]:
    """A document at one of its versions as a FHIR R4 DocumentReference (module docstring)."""
    resource: dict[str, Any] = {
        "resourceType": "DocumentReference",
        "id": str(document.id),
        "meta": {"versionId": str(version.number), "lastUpdated": version.filed_at.isoformat()},
        "masterIdentifier": {"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{version.id}"},
        "identifier": [{"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{document.id}"}],
        "status": "current" if version.superseded_at is None else "superseded",
        "docStatus": "final",
        "type": {"coding": [{"system": LOINC, "code": version.type_code}]},
        "subject": {"identifier": patient_identifier(record)},
        "date": version.filed_at.isoformat(),
        "author": [{"identifier": {"system": RPPS_SYSTEM, "value": f"8{version.author_rpps}"}}],
        "description": version.title,
        "content": [
            {
                "attachment": {
                    "contentType": version.content_type,
                    "url": f"{content_url}?version={version.number}",
                    "size": version.size_bytes,
                    "title": version.title,
                    "creation": version.filed_at.isoformat(),
                    "extension": [{"url": SHA256_EXTENSION, "valueString": version.sha256}],
                }
            }
        ],
        "context": {"period": {"start": version.date_of_care.isoformat()}},
    }
    return resource


def searchset(resources: list[dict[str, Any]], self_url: str, next_url: str | None) -> dict[str, Any]:
    """A FHIR searchset Bundle of resources that have an `id`; `next` carries the API's cursor."""
    links = [{"relation": "self", "url": self_url}]
    if next_url is not None:
        links.append({"relation": "next", "url": next_url})
    bundle: dict[str, Any] = {"resourceType": "Bundle", "type": "searchset", "link": links}
    if resources:
        bundle["entry"] = [
            {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource, "search": {"mode": "match"}}
            for resource in resources
        ]
    return bundle


def agenda_care_plan(
    record: PatientRecord, items: list[AgendaItem], on: date, now: datetime
) -> dict[str, Any]:
    """The prevention agenda on `on` as a FHIR R4 CarePlan (module docstring)."""
    activities = []
    for item in items:
        period: dict[str, str] = {"start": item.window_start.isoformat()}
        if item.window_end is not None:
            period["end"] = item.window_end.isoformat()
        activities.append(
            {
                "detail": {
                    "kind": "ServiceRequest",
                    "code": {
                        "coding": [{"system": AGENDA_CODE_SYSTEM, "code": item.code, "display": item.label}],
                        "text": item.label,
                    },
                    "status": _ACTIVITY_STATUS[item.status],
                    "statusReason": {
                        "coding": [{"system": AGENDA_STATUS_SYSTEM, "code": item.status.value}],
                        "text": item.status.value,
                    },
                    "scheduledPeriod": period,
                    "description": item.source,
                }
            }
        )
    plan: dict[str, Any] = {
        "resourceType": "CarePlan",
        "status": "active",
        "intent": "plan",
        "title": "Agenda de prévention",
        "subject": {"identifier": patient_identifier(record)},
        "period": {"start": on.isoformat()},
        "created": now.isoformat(),
    }
    if activities:
        plan["activity"] = activities
    return plan
