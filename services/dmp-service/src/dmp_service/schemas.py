"""Request and response bodies of the public API (JSON; FHIR renderings live in `fhir`)."""

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from fastapi import Path
from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

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
from servicekit.text import LINES, ONE_LINE, Text

# The path key of a record: the INS matricule (15 characters, Corsican 2A/2B allowed; DOMAIN.md §1).
MATRICULE_PATTERN = r"^[0-9]{5}(?:[0-9]{2}|2[AB])[0-9]{6}[0-9]{2}$"
InsPath = Annotated[
    str,
    Path(
        pattern=MATRICULE_PATTERN,
        description="The patient's INS matricule (NIR or NIA); the identity must be qualified (QUAL).",
        examples=["279035121518989"],
    ),
]
Matricule = Annotated[str, StringConstraints(pattern=MATRICULE_PATTERN)]
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
    id: uuid.UUID
    rpps: str | None
    areas: list[RecordArea]
    on_behalf_of: str
    recorded_at: datetime
    recorded_by_rpps: str
    recorded_by_practice: str
    revoked_at: datetime | None
    revoked_by_rpps: str | None
    revoked_on_behalf_of: str | None
    in_effect: bool


class AccessLogEntry(BaseModel):
    """One access: who (RPPS, role, practice), what, when, outcome; never the record's content."""

    id: uuid.UUID
    at: datetime
    actor_rpps: str | None
    actor_role: str | None
    practice_id: str | None
    channel: str
    operation: str
    area: str
    resource_type: str | None
    resource_id: str | None
    outcome: Literal["allowed", "denied", "skipped"]
    reason: str | None


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
    title: Text300
    author_rpps: Rpps | None = Field(default=None, description="Defaults to the calling professional.")
    date_of_care: date
    content_type: MediaType
    content_base64: Text = Field(min_length=1)
    sha256: Sha256Hex | None = Field(default=None, description="Checked against the content when given.")


class DocumentReplacement(DocumentDeposit):
    """A new version replacing the current one; the previous versions stay readable."""

    replaces_version: int | None = Field(
        default=None, ge=1, description="The version being replaced (optimistic lock): 409 if not current."
    )


class PushView(BaseModel):
    """Where the copy in the national DMP stands."""

    status: PushStatus
    attempts: int
    next_attempt_at: datetime | None
    pushed_at: datetime | None
    national_id: str | None
    last_error: str | None


class VersionView(BaseModel):
    version: int
    version_id: uuid.UUID
    status: Literal["current", "superseded"]
    type_code: str
    title: str
    author_rpps: str
    date_of_care: date
    content_type: str
    size_bytes: int
    sha256: str
    filed_at: datetime
    filed_by_rpps: str | None
    filed_by_practice: str | None
    supersedes_version_id: uuid.UUID | None
    superseded_at: datetime | None
    push: PushView


class DocumentView(BaseModel):
    id: uuid.UUID
    source: Literal["deposit", "tele_expertise", "message_attachment"]
    created_at: datetime
    current: VersionView
    content_url: str


class DocumentDetail(DocumentView):
    versions: list[VersionView] = Field(description="Every version, 1..n; none is ever destroyed.")


# ---------------------------------------------------------------- medical profile


class ProfileEntryRequest(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"text": "Allergie à la pénicilline"}]})

    text: Lines


class ProfileEntryRevision(ProfileEntryRequest):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"text": "Allergie à l'amoxicilline", "expected_version": 1}]}
    )

    expected_version: int | None = Field(default=None, ge=1, description="409 when not the current version.")


class ProfileVersionView(BaseModel):
    version: int
    change: ChangeKind
    text: str | None
    author_kind: str
    author_rpps: str | None
    practice_id: str | None
    changed_at: datetime


class ProfileEntryView(BaseModel):
    id: uuid.UUID
    section: ProfileSection
    version: int
    removed: bool
    text: str | None
    changed_at: datetime
    changed_by_rpps: str | None
    created_at: datetime


class ProfileEntryHistory(ProfileEntryView):
    versions: list[ProfileVersionView]


# ---------------------------------------------------------------- related profiles


class RelatedProfileRequest(BaseModel):
    """Attach a child's record (qualified INS, a minor) to this parent's record."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"child_ins": "120067512345642", "relationship": "parent"}]}
    )

    child_ins: Matricule
    relationship: Relationship


class RelatedProfileView(BaseModel):
    id: uuid.UUID
    child_ins: str
    relationship: Relationship
    attached_at: datetime
    attached_by_rpps: str
    detached_at: datetime | None
    active: bool = Field(description="Attached and the child still a minor today.")


# ---------------------------------------------------------------- messages


class AttachmentRequest(BaseModel):
    title: Text300
    type_code: TypeCode
    content_type: MediaType
    content_base64: Text = Field(min_length=1)
    sha256: Sha256Hex | None = None


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

    subject: Text200
    body: LongLines
    attachments: list[AttachmentRequest] = Field(default_factory=list, max_length=10)


class AttachmentView(BaseModel):
    id: uuid.UUID
    title: str
    type_code: str
    content_type: str
    size_bytes: int
    sha256: str
    filed_document_id: uuid.UUID | None


class MessageView(BaseModel):
    id: uuid.UUID
    sender_rpps: str
    sender_practice: str
    subject: str
    body: str
    sent_at: datetime
    read_at: datetime | None
    attachments: list[AttachmentView]


class PatientSideRequest(BaseModel):
    """A step the patient takes, recorded by the professional acting at their request."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"on_behalf_of": "patient"}]})

    on_behalf_of: OnBehalfOf


# ---------------------------------------------------------------- agenda and appointments


class AgendaItemView(BaseModel):
    code: str
    label: str
    category: AgendaCategory
    compulsory: bool
    window_start: date
    window_end: date | None
    status: ItemStatus
    source: str
    rule_effective_from: date | None = Field(description="Null for a rule in force since always.")
    care_without_advance_payment_months: int | None
    completed_on: date | None


class AgendaView(BaseModel):
    on: date
    items: list[AgendaItemView]


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

    starts_at: AgendaMoment
    title: Text200
    added_by: AddedBy = Field(description="The patient (through the professional) or the professional.")
    prevention_code: TypeCode | None = Field(
        default=None, description="The agenda item this appointment fulfils; done once it has taken place."
    )


class AppointmentView(BaseModel):
    id: uuid.UUID
    starts_at: datetime
    title: str
    added_by: AddedBy
    prevention_code: str | None
    created_by_rpps: str
    practice_id: str
    cancelled_at: datetime | None
    created_at: datetime
