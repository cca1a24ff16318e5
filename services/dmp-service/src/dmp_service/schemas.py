"""Request and response bodies of the public API (JSON; FHIR renderings live in `fhir`)."""

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from fastapi import Path
from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from dentalink_contracts.nir import TYPED_NIR_PATTERN, compact_nir
from dentalink_contracts.values import Rpps
from dmp_service.domain import (
    AGENDA_CALENDAR,
    AddedBy,
    AgendaCategory,
    ChangeKind,
    ItemStatus,
    ProfileSection,
    PushStatus,
    RecordArea,
    Relationship,
)
from servicekit.examples import example_of
from servicekit.text import LINES, ONE_LINE, Text

# The path key of a record: the INS matricule (15 characters, Corsican 2A/2B allowed; DOMAIN.md §1),
# typed compact or with spaces as on the card and compacted before anything reads it (issue 16).
InsPath = Annotated[
    str,
    Path(
        pattern=TYPED_NIR_PATTERN,
        description="The patient's INS matricule (NIR or NIA), compact or spaced as on the card "
        "(`2 79 03 51 215 189 89`); your practice must hold the identity qualified (QUAL).",
        examples=["279035121518989"],
    ),
    AfterValidator(compact_nir),
]
Matricule = Annotated[str, StringConstraints(pattern=TYPED_NIR_PATTERN), AfterValidator(compact_nir)]
Sha256Hex = Annotated[str, StringConstraints(pattern=r"^[0-9a-fA-F]{64}$", to_lower=True)]
MediaType = Annotated[
    str,
    StringConstraints(
        pattern=r"^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$", max_length=255, to_lower=True
    ),
]
# Free text: no control character (servicekit.text), checked after stripping, as it is stored.
Text200 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), ONE_LINE]
Text300 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300), ONE_LINE]
TypeCode = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64), ONE_LINE]
Lines = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000), LINES]
LongLines = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000), LINES]
OnBehalfOf = Literal["patient", "legal_representative"]


def _in_agenda_calendar(moment: datetime) -> datetime:
    # Checked on the local date, before any conversion: near year 1 or 9999 a shift to UTC overflows.
    if not AGENDA_CALENDAR.contains(moment.date()):
        raise ValueError(f"must lie between {AGENDA_CALENDAR.start} and {AGENDA_CALENDAR.end}")
    return moment


AgendaMoment = Annotated[AwareDatetime, AfterValidator(_in_agenda_calendar)]

# Values the examples of unrelated models share: the professional acting, their practice, a document.
_RPPS = "10001234567"
_PRACTICE = "cab-0123456789"
_DOCUMENT_ID = "6f1d2c3b-4a5e-4f70-8192-a3b4c5d6e7f8"


# ---------------------------------------------------------------- refusals and access log


class RefusalRequest(BaseModel):
    """The patient forbids access to their record, for every professional or one (RPPS)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"rpps": "10003456789", "areas": ["dmp", "espace_sante"], "on_behalf_of": "patient"},
                {"rpps": None, "areas": ["dmp"], "on_behalf_of": "legal_representative"},
            ]
        }
    )

    rpps: Rpps | None = Field(default=None, description="The refused professional; null refuses everyone.")
    areas: list[RecordArea] = Field(
        default_factory=lambda: list(RecordArea), min_length=1, description="DMP and/or Mon espace santé."
    )
    on_behalf_of: OnBehalfOf = Field(
        description="Who asked: the patient or their legal representative (the caller records it)."
    )


class RefusalView(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "d2c1b0a9-8f7e-4d6c-9b5a-4f3e2d1c0b9a",
                    "rpps": None,
                    "areas": ["dmp"],
                    "on_behalf_of": "patient",
                    "recorded_at": "2025-03-14T10:05:00Z",
                    "recorded_by_rpps": _RPPS,
                    "recorded_by_practice": _PRACTICE,
                    "revoked_at": None,
                    "revoked_by_rpps": None,
                    "revoked_on_behalf_of": None,
                    "in_effect": True,
                }
            ]
        }
    )

    id: uuid.UUID = Field(description="Refusal id.")
    rpps: str | None = Field(
        description="RPPS number of the professional the patient refused; null: every professional."
    )
    areas: list[RecordArea] = Field(
        description="What the refusal covers: `dmp` (the record) and/or `espace_sante` (Mon espace santé)."
    )
    on_behalf_of: str = Field(description="Who expressed it: `patient` or `legal_representative`.")
    recorded_at: datetime = Field(description="When it was recorded.")
    recorded_by_rpps: str = Field(
        description="RPPS number of the professional who recorded it at the patient's request."
    )
    recorded_by_practice: str = Field(description="The practice that recorded it.")
    revoked_at: datetime | None = Field(description="When the patient lifted it; null while in effect.")
    revoked_by_rpps: str | None = Field(
        description="RPPS number of the professional who recorded the revocation."
    )
    revoked_on_behalf_of: str | None = Field(
        description="Who lifted it: `patient` or `legal_representative`."
    )
    in_effect: bool = Field(description="True while the refusal blocks access.")


class AccessLogEntry(BaseModel):
    """One access: who (RPPS, role, practice), what, when, outcome; never the record's content."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "f0e1d2c3-b4a5-4968-8776-a5b4c3d2e1f0",
                    "at": "2025-03-14T10:12:00Z",
                    "actor_rpps": _RPPS,
                    "actor_role": "dentist",
                    "practice_id": _PRACTICE,
                    "channel": "api",
                    "operation": "add_document",
                    "area": "dmp",
                    "resource_type": "document",
                    "resource_id": _DOCUMENT_ID,
                    "outcome": "allowed",
                    "reason": None,
                }
            ]
        }
    )

    id: uuid.UUID = Field(description="Log entry id.")
    at: datetime = Field(description="When the access was attempted.")
    actor_rpps: str | None = Field(description="RPPS number of the professional; null for the platform.")
    actor_role: str | None = Field(description="The role acted with (`dentist`, `dental_assistant`, …).")
    practice_id: str | None = Field(description="The practice acted for.")
    channel: str = Field(
        description="`api` (a call) or `event` (the platform filing, e.g. a tele-expertise report)."
    )
    operation: str = Field(description="What was asked: `read_documents`, `add_document`, `read_profile`, ….")
    area: str = Field(description="`dmp` or `espace_sante`.")
    resource_type: str | None = Field(
        description="The kind of resource touched (`document`, `profile_entry`, …)."
    )
    resource_id: str | None = Field(description="Its id, when one.")
    outcome: Literal["allowed", "denied", "skipped"] = Field(
        description="`allowed`, `denied` (refusal, habilitation) or `skipped` (nothing to do)."
    )
    reason: str | None = Field(description="Why denied or skipped, as a problem kind; null when allowed.")


# ---------------------------------------------------------------- documents


class DocumentDeposit(BaseModel):
    """A document to file in the record; `content_base64` up to the configured size (default 10 MiB)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "type_code": "11488-4",
                    "title": "Compte rendu de consultation bucco-dentaire",
                    "author_rpps": "10003456789",
                    "date_of_care": "2025-06-02",
                    "content_type": "text/plain",
                    "content_base64": "Q29tcHRlIHJlbmR1Cg==",
                    "sha256": "1751afcf495924b480e9f02aa17ef231de60364ff347351f1b37ff17a25ec57a",
                }
            ]
        }
    )

    type_code: TypeCode = Field(description="DMP document type (LOINC code of the CI-SIS value set).")
    title: Text300 = Field(description="Title of the document, one line (at most 300 characters).")
    author_rpps: Rpps | None = Field(default=None, description="Defaults to the calling professional.")
    date_of_care: date = Field(description="Date of the care the document is about (ISO 8601).")
    content_type: MediaType = Field(
        description="Media type of the document: `application/pdf`, `text/plain`, `image/jpeg`, …."
    )
    content_base64: Text = Field(
        min_length=1, description="The document's bytes, base64-encoded (RFC 4648 §4)."
    )
    sha256: Sha256Hex | None = Field(default=None, description="Checked against the content when given.")


class DocumentReplacement(DocumentDeposit):
    """A new version replacing the current one; the previous versions stay readable."""

    replaces_version: int | None = Field(
        default=None, ge=1, description="The version being replaced (optimistic lock): 409 if not current."
    )


class PushView(BaseModel):
    """Where the copy in the national DMP stands."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "status": "pushed",
                    "attempts": 1,
                    "next_attempt_at": None,
                    "pushed_at": "2025-03-14T10:12:04Z",
                    "national_id": "1.2.250.1.213.1.1.9^SBX-7f3a9c",
                    "last_error": None,
                }
            ]
        }
    )

    status: PushStatus = Field(description="`queued` (waiting or retrying), `pushed` or `failed` (gave up).")
    attempts: int = Field(description="Push attempts made so far.")
    next_attempt_at: datetime | None = Field(
        description="When the next attempt is due; null when none is planned."
    )
    pushed_at: datetime | None = Field(
        description="When the national DMP accepted the copy; null until then."
    )
    national_id: str | None = Field(description="The document's id in the national DMP; null until pushed.")
    last_error: str | None = Field(description="Why the last attempt failed, without personal data.")


class VersionView(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "version": 1,
                    "version_id": "0c5e8a1f-9b2d-4c6e-8f0a-1b2c3d4e5f60",
                    "status": "current",
                    "type_code": "11488-4",
                    "title": "Compte rendu de consultation bucco-dentaire",
                    "author_rpps": _RPPS,
                    "date_of_care": "2025-03-14",
                    "content_type": "application/pdf",
                    "size_bytes": 48213,
                    "sha256": "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9",
                    "filed_at": "2025-03-14T10:12:00Z",
                    "filed_by_rpps": _RPPS,
                    "filed_by_practice": _PRACTICE,
                    "supersedes_version_id": None,
                    "superseded_at": None,
                    "push": example_of(PushView),
                }
            ]
        }
    )

    version: int = Field(description="Version number, from 1.")
    version_id: uuid.UUID = Field(description="This version's own id.")
    status: Literal["current", "superseded"] = Field(description="`current` or `superseded`.")
    type_code: str = Field(description="DMP document type (LOINC code of the CI-SIS value set).")
    title: str = Field(description="Title of the document.")
    author_rpps: str = Field(description="RPPS number of the author.")
    date_of_care: date = Field(description="Date of the care the document is about.")
    content_type: str = Field(description="Media type of the content.")
    size_bytes: int = Field(description="Size of the content in bytes.")
    sha256: str = Field(description="SHA-256 of the content, 64 lowercase hex characters.")
    filed_at: datetime = Field(description="When this version was filed.")
    filed_by_rpps: str | None = Field(
        description="RPPS number of the professional who filed it; null when filed by the platform."
    )
    filed_by_practice: str | None = Field(
        description="The practice that filed it; null when filed by the platform."
    )
    supersedes_version_id: uuid.UUID | None = Field(
        description="The version this one replaced; null for version 1."
    )
    superseded_at: datetime | None = Field(
        description="When a newer version replaced this one; null while current."
    )
    push: PushView = Field(description="Where the copy in the national DMP stands.")


class DocumentView(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": _DOCUMENT_ID,
                    "source": "deposit",
                    "created_at": "2025-03-14T10:12:00Z",
                    "current": example_of(VersionView),
                    "content_url": f"/v1/patients/280012A00400712/documents/{_DOCUMENT_ID}/content",
                }
            ]
        }
    )

    id: uuid.UUID = Field(description="Document id (stable across versions).")
    source: Literal["deposit", "tele_expertise", "message_attachment"] = Field(
        description="How it was filed: `deposit`, `tele_expertise` (a report) or `message_attachment`."
    )
    created_at: datetime = Field(description="When version 1 was filed.")
    current: VersionView = Field(description="The current version.")
    content_url: str = Field(description="Path of the current version's content.")


class DocumentDetail(DocumentView):
    model_config = ConfigDict(
        json_schema_extra={"examples": [example_of(DocumentView) | {"versions": [example_of(VersionView)]}]}
    )

    versions: list[VersionView] = Field(description="Every version, 1..n; none is ever destroyed.")


# ---------------------------------------------------------------- medical profile


class ProfileEntryRequest(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"text": "Allergie à la pénicilline"}]})

    text: Lines = Field(description="The entry, free text (line breaks kept).")


class ProfileEntryRevision(ProfileEntryRequest):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"text": "Allergie à l'amoxicilline", "expected_version": 1}]}
    )

    expected_version: int | None = Field(default=None, ge=1, description="409 when not the current version.")


class ProfileVersionView(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "version": 1,
                    "change": "created",
                    "text": "Allergie à la pénicilline",
                    "author_kind": "professional",
                    "author_rpps": _RPPS,
                    "practice_id": _PRACTICE,
                    "changed_at": "2025-03-14T10:20:00Z",
                }
            ]
        }
    )

    version: int = Field(description="Version number, from 1.")
    change: ChangeKind = Field(description="`created`, `updated` or `removed`.")
    text: str | None = Field(description="The entry's text in this version; null once removed.")
    author_kind: str = Field(description="Who wrote it: `professional` or `patient`.")
    author_rpps: str | None = Field(
        description="RPPS number of the professional; null when the patient wrote it."
    )
    practice_id: str | None = Field(
        description="The practice of the professional; null when the patient wrote it."
    )
    changed_at: datetime = Field(description="When this version was written.")


class ProfileEntryView(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "2d7e9f10-3a4b-4c5d-8e6f-7a8b9c0d1e2f",
                    "section": "allergies",
                    "version": 1,
                    "removed": False,
                    "text": "Allergie à la pénicilline",
                    "changed_at": "2025-03-14T10:20:00Z",
                    "changed_by_rpps": _RPPS,
                    "created_at": "2025-03-14T10:20:00Z",
                }
            ]
        }
    )

    id: uuid.UUID = Field(description="Entry id.")
    section: ProfileSection = Field(
        description="`illnesses_and_topics`, `treatments`, `allergies`, `vaccinations` or `measurements`."
    )
    version: int = Field(description="Current version: pass it as `expected_version` to revise or remove.")
    removed: bool = Field(description="True once removed (the history stays).")
    text: str | None = Field(description="Current text; null once removed.")
    changed_at: datetime = Field(description="When it last changed.")
    changed_by_rpps: str | None = Field(
        description="RPPS number of the last professional who changed it; null for the patient."
    )
    created_at: datetime = Field(description="When it was created.")


class ProfileEntryHistory(ProfileEntryView):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [example_of(ProfileEntryView) | {"versions": [example_of(ProfileVersionView)]}]
        }
    )

    versions: list[ProfileVersionView] = Field(description="Every version of the entry, oldest first.")


# ---------------------------------------------------------------- related profiles


class RelatedProfileRequest(BaseModel):
    """Attach a child's record (qualified INS, a minor) to this parent's record."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"child_ins": "120067512345642", "relationship": "parent"}]}
    )

    child_ins: Matricule = Field(description="The child's INS matricule (the related profile to attach).")
    relationship: Relationship = Field(description="`parent` or `legal_guardian`.")


class RelatedProfileView(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f",
                    "child_ins": "212024410904579",
                    "relationship": "parent",
                    "attached_at": "2025-03-14T10:30:00Z",
                    "attached_by_rpps": _RPPS,
                    "detached_at": None,
                    "active": True,
                }
            ]
        }
    )

    id: uuid.UUID = Field(description="Link id.")
    child_ins: str = Field(description="The child's INS matricule.")
    relationship: Relationship = Field(description="`parent` or `legal_guardian`.")
    attached_at: datetime = Field(description="When attached.")
    attached_by_rpps: str = Field(description="RPPS number of the professional who attached it.")
    detached_at: datetime | None = Field(description="When detached; null while attached.")
    active: bool = Field(description="Attached and the child still a minor today.")


# ---------------------------------------------------------------- messages


class AttachmentRequest(BaseModel):
    title: Text300 = Field(description="Title of the attachment, one line (at most 300 characters).")
    type_code: TypeCode = Field(description="DMP document type (LOINC code) it would be filed with.")
    content_type: MediaType = Field(description="Media type of the attachment.")
    content_base64: Text = Field(
        min_length=1, description="The attachment's bytes, base64-encoded (RFC 4648 §4)."
    )
    sha256: Sha256Hex | None = Field(
        default=None,
        description="SHA-256 of the decoded bytes, 64 lowercase hex characters; checked when given.",
    )


class MessageRequest(BaseModel):
    """A secure message to the patient; the patient is notified by e-mail (no content in the e-mail)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "subject": "Votre compte rendu",
                    "body": "Bonjour, voici le compte rendu de votre consultation.",
                    "attachments": [
                        {
                            "title": "Compte rendu",
                            "type_code": "11488-4",
                            "content_type": "text/plain",
                            "content_base64": "Q29tcHRlIHJlbmR1Cg==",
                        }
                    ],
                }
            ]
        }
    )

    subject: Text200 = Field(description="Subject, one line (at most 200 characters).")
    body: LongLines = Field(description="The message, free text (line breaks kept).")
    attachments: list[AttachmentRequest] = Field(
        default_factory=list, max_length=10, description="Files sent with the message (at most 10)."
    )


class AttachmentView(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "8e2b4c6d-1f3a-4b5c-9d7e-0a1b2c3d4e5f",
                    "title": "Panoramique dentaire 2025-03-14",
                    "type_code": "18748-4",
                    "content_type": "image/jpeg",
                    "size_bytes": 512044,
                    "sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                    "filed_document_id": None,
                }
            ]
        }
    )

    id: uuid.UUID = Field(
        description="Attachment id: file it into the record with `POST …/attachments/{attachment_id}/file`."
    )
    title: str = Field(description="Title of the attachment.")
    type_code: str = Field(description="DMP document type (LOINC code).")
    content_type: str = Field(description="Media type.")
    size_bytes: int = Field(description="Size in bytes.")
    sha256: str = Field(description="SHA-256 of the content.")
    filed_document_id: uuid.UUID | None = Field(
        description="The record document it was filed as; null until filed."
    )


class MessageView(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
                    "sender_rpps": _RPPS,
                    "sender_practice": _PRACTICE,
                    "subject": "Suite de votre consultation",
                    "body": "Bonjour, vous trouverez ci-joint la radiographie panoramique.",
                    "sent_at": "2025-03-14T11:00:00Z",
                    "read_at": None,
                    "attachments": [example_of(AttachmentView)],
                }
            ]
        }
    )

    id: uuid.UUID = Field(description="Message id.")
    sender_rpps: str = Field(description="RPPS number of the sending professional.")
    sender_practice: str = Field(description="The practice that sent it.")
    subject: str = Field(description="Subject.")
    body: str = Field(description="The message.")
    sent_at: datetime = Field(description="When it was sent.")
    read_at: datetime | None = Field(description="When the patient read it; null until then.")
    attachments: list[AttachmentView] = Field(description="Files sent with the message.")


class PatientSideRequest(BaseModel):
    """A step the patient takes, recorded by the professional acting at their request."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"on_behalf_of": "patient"}]})

    on_behalf_of: OnBehalfOf = Field(description="Who asks: `patient` or `legal_representative`.")


# ---------------------------------------------------------------- agenda and appointments


class AgendaItemView(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "code": "mtdents.y12",
                    "label": "Examen bucco-dentaire M'T dents (12 ans)",
                    "category": "mtdents_examination",
                    "compulsory": False,
                    "window_start": "2024-02-29",
                    "window_end": "2025-02-28",
                    "status": "done",
                    "source": "seed: tous les 3 ans de 3 à 24 ans",
                    "rule_effective_from": None,
                    "care_without_advance_payment_months": 6,
                    "completed_on": "2024-06-12",
                }
            ]
        }
    )

    code: str = Field(description="Stable code of the rule, e.g. `mtdents.y12`, `child_exam.m9`.")
    label: str = Field(description="Label of the item (French, as shown to the patient).")
    category: AgendaCategory = Field(
        description=(
            "`child_examination`, `mtdents_examination`, `pregnancy_oral_examination`, "
            "`prevention_checkup`, `glaucoma_screening` or `vaccination`."
        )
    )
    compulsory: bool = Field(description="True for a compulsory examination or vaccination.")
    window_start: date = Field(description="First day the item is due.")
    window_end: date | None = Field(description="Last day of the window, exclusive; null when open-ended.")
    status: ItemStatus = Field(description="On `on`: `done`, `due`, `upcoming` or `overdue`.")
    source: str = Field(description="The rule's source text and version in force when the window opens.")
    rule_effective_from: date | None = Field(description="Null for a rule in force since always.")
    care_without_advance_payment_months: int | None = Field(
        description=(
            "Months after the exam during which care needs no advance payment; null when not applicable."
        )
    )
    completed_on: date | None = Field(description="When it was done (from the record); null otherwise.")


class AgendaView(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "on": "2025-03-14",
                    "items": [example_of(AgendaItemView)],
                }
            ]
        }
    )

    on: date = Field(description="The day the agenda was computed for.")
    items: list[AgendaItemView] = Field(description="The items within the horizon, by window start.")


class AppointmentRequest(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "starts_at": "2025-09-15T09:30:00+02:00",
                    "title": "Examen M'T dents",
                    "added_by": "professional",
                    "prevention_code": "mtdents.y6",
                }
            ]
        }
    )

    starts_at: AgendaMoment = Field(
        description="When the appointment starts, with its UTC offset (ISO 8601)."
    )
    title: Text200 = Field(description="Title shown to the patient, one line (at most 200 characters).")
    added_by: AddedBy = Field(description="The patient (through the professional) or the professional.")
    prevention_code: TypeCode | None = Field(
        default=None, description="The agenda item this appointment fulfils; done once it has taken place."
    )


class AppointmentView(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "4b3a2c1d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
                    "starts_at": "2025-04-02T09:30:00+02:00",
                    "title": "Examen M'T dents",
                    "added_by": "professional",
                    "prevention_code": "mtdents.y13",
                    "created_by_rpps": _RPPS,
                    "practice_id": _PRACTICE,
                    "cancelled_at": None,
                    "created_at": "2025-03-14T10:25:00Z",
                }
            ]
        }
    )

    id: uuid.UUID = Field(description="Appointment id.")
    starts_at: datetime = Field(description="When it starts.")
    title: str = Field(description="Title.")
    added_by: AddedBy = Field(description="`professional` or `patient`.")
    prevention_code: str | None = Field(description="The agenda item it is for (e.g. `mtdents.y13`), if any.")
    created_by_rpps: str = Field(description="RPPS number of the professional who added it.")
    practice_id: str = Field(description="The practice that added it.")
    cancelled_at: datetime | None = Field(description="When cancelled; null while planned.")
    created_at: datetime = Field(description="When added.")
