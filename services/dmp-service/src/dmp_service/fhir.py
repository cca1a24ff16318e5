"""FHIR R4 renderings, served when the client sends `Accept: application/fhir+json`.

- A document version is a `DocumentReference` (IHE MHD style: one resource per version, `status`
  current/superseded, `relatesTo.replaces` pointing at the previous version). The patient is
  referenced by INS identifier (`urn:oid:<INS OID>`), the author by RPPS as FR Core does
  (`urn:oid:1.2.250.1.71.4.2.1`, value "8" + RPPS). R4's `attachment.hash` is SHA-1, so the
  SHA-256 travels in an extension instead.
- The prevention agenda is a `CarePlan` (intent `plan`) whose activities carry the items: R4's
  `CarePlan.activity.detail` has a code, a status and a scheduled period, which is what an agenda
  item is. Vaccinations could be `ImmunizationRecommendation`, but one resource for the whole agenda
  keeps every item in one list with one status vocabulary; our own status (due, upcoming, overdue,
  done) is kept in `detail.statusReason`.
"""

from datetime import date, datetime
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse

from dmp_service.domain import AgendaItem, ItemStatus
from dmp_service.models import DocumentRow, DocumentVersionRow, PatientRecord

FHIR_JSON = "application/fhir+json"
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
    """Whether the client asked for FHIR JSON."""
    return FHIR_JSON in request.headers.get("accept", "")


def fhir_response(resource: dict[str, Any], status_code: int = 200) -> JSONResponse:
    return JSONResponse(resource, status_code=status_code, media_type=FHIR_JSON)


def patient_identifier(record: PatientRecord) -> dict[str, str]:
    return {"system": f"urn:oid:{record.oid}", "value": record.matricule}


def document_reference(
    record: PatientRecord, document: DocumentRow, version: DocumentVersionRow, content_url: str
) -> dict[str, Any]:
    """One document version as a FHIR R4 DocumentReference."""
    resource: dict[str, Any] = {
        "resourceType": "DocumentReference",
        "id": str(version.id),
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
    if version.supersedes is not None:
        resource["relatesTo"] = [
            {"code": "replaces", "target": {"reference": f"DocumentReference/{version.supersedes}"}}
        ]
    return resource


def searchset(resources: list[dict[str, Any]], next_url: str | None) -> dict[str, Any]:
    """A FHIR searchset Bundle; `next` carries the API's cursor."""
    bundle: dict[str, Any] = {
        "resourceType": "Bundle",
        "type": "searchset",
        "entry": [{"resource": resource} for resource in resources],
    }
    if next_url is not None:
        bundle["link"] = [{"relation": "next", "url": next_url}]
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
    return {
        "resourceType": "CarePlan",
        "status": "active",
        "intent": "plan",
        "title": "Agenda de prévention",
        "subject": {"identifier": patient_identifier(record)},
        "period": {"start": on.isoformat()},
        "created": now.isoformat(),
        "activity": activities,
    }
