"""Request and response bodies of the tele-expertise API, and how stored rows become responses."""

from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic.config import JsonDict

from dentalink_contracts.events.telemed import ActCode, ActRole
from dentalink_contracts.values import Euros, Ins, Profession, Rpps
from servicekit.text import LINES, ONE_LINE
from telemed_service.domain import (
    DentalSpecialty,
    ExpertiseStatus,
    MedicalSpecialty,
    Professional,
    Refusal,
    RefusalReason,
    Situation,
)
from telemed_service.domain.attachments import Sha256Hex
from telemed_service.domain.care import CareRelationshipKind
from telemed_service.domain.report import Line, Text
from telemed_service.domain.states import Action, PartyRole
from telemed_service.models import ActRow, AttachmentRow, CareRelationship, ExpertiseRow, ReportRow, TraceRow
from telemed_service.store import REPORT_PART, REQUEST_PART

PATIENT_EXAMPLE: JsonDict = {"matricule": "295109912611193", "oid": "1.2.250.1.213.1.4.10"}
BillingStatus = Literal["pending", "billed", "rejected"]

# Free text as received: the domain's bounds first, then no control character (servicekit.text);
# line breaks and tabs are text in reasons, reports and comments, not in a line.
Comment = Annotated[Text, LINES]
OneLine = Annotated[Line, ONE_LINE]


# ---------------------------------------------------------------- requests


class AttachmentIn(BaseModel):
    """A file sent inline, base64-encoded (RFC 4648 §4). `sha256`, when given, must match the content."""

    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, StringConstraints(min_length=1, max_length=255), ONE_LINE] | None = None
    content_type: Annotated[str, StringConstraints(min_length=3, max_length=255), ONE_LINE]
    content_base64: Annotated[str, StringConstraints(min_length=1), ONE_LINE]
    sha256: Sha256Hex | None = None


class RequisIn(BaseModel):
    """The professional asked for his expertise, as the requérant names him."""

    model_config = ConfigDict(extra="forbid")

    rpps: Rpps
    profession: Profession
    specialty: DentalSpecialty | MedicalSpecialty | None = None

    @model_validator(mode="after")
    def _consistent(self) -> "RequisIn":
        Professional(rpps=self.rpps, profession=self.profession, specialty=self.specialty)
        return self


class ExpertiseRequest(BaseModel):
    """A request for a dental tele-expertise, made by the calling professional (the requérant)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "patient": PATIENT_EXAMPLE,
                    "situation": "suspected_oral_cancer",
                    "requis": {"rpps": "10003456789", "profession": "dentist", "specialty": "oral_medicine"},
                    "reasons": "Ulcération linguale indurée persistant depuis 3 semaines.",
                    "attachments": [
                        {
                            "name": "photo-langue.jpg",
                            "content_type": "image/jpeg",
                            "content_base64": "/9j/4AAQ...",
                        }
                    ],
                }
            ]
        },
    )

    patient: Ins
    situation: Situation
    requis: RequisIn
    reasons: Comment
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=100)


class RefusalRequest(BaseModel):
    """Why the requis declines (avenant 1 art. 58.1.2: e.g. outside his field of expertise)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"reason": "outside_expertise", "detail": "Relève de la chirurgie orale."}]
        },
    )

    reason: RefusalReason
    detail: Comment | None = None

    def to_domain(self) -> Refusal:
        return Refusal(reason=self.reason, detail=self.detail)

    @model_validator(mode="after")
    def _valid(self) -> "RefusalRequest":
        self.to_domain()
        return self


class CancellationRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"reason": "Patient hospitalisé."}]}
    )

    reason: OneLine | None = None


class ReportRequest(BaseModel):
    """The requis's answer: report text, acts and prescriptions he advises, optional files."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "text": "Lésion suspecte : biopsie à programmer sous 15 jours.",
                    "acts": ["Biopsie de la langue (HAQA001)"],
                    "prescriptions": ["Bain de bouche sans alcool, 3 fois par jour, 10 jours"],
                    "attachments": [],
                }
            ]
        },
    )

    text: Comment
    acts: list[OneLine] = Field(default_factory=list, max_length=100)
    prescriptions: list[OneLine] = Field(default_factory=list, max_length=100)
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=100)


class IncidentRequest(BaseModel):
    """A technical incident a party observed (CSP R6316-4). Describe it without patient data."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"description": "Visioconférence interrompue, images re-transmises."}]
        },
    )

    description: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000), LINES
    ]


class CareRelationshipRequest(BaseModel):
    """Declares that the patient knows this dentist (needed for an EHPAD resident's requis)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"patient": PATIENT_EXAMPLE, "dentist_rpps": "10002345678", "kind": "entry_checkup"}]
        },
    )

    patient: Ins
    dentist_rpps: Rpps
    kind: CareRelationshipKind


# ---------------------------------------------------------------- responses


class PartyView(BaseModel):
    """A professional of the tele-expertise and, when known, the practice he acts for."""

    rpps: str
    profession: Profession
    specialty: str | None
    establishment_finess: str | None = None
    practice_id: str | None


class AttachmentView(BaseModel):
    id: UUID
    name: str | None
    content_type: str
    size_bytes: int
    sha256: str


class RefusalView(BaseModel):
    reason: RefusalReason
    detail: str | None


class ReportDocumentView(BaseModel):
    """The rendering sent with the acts to billing and to the DMP."""

    title: str
    content_type: str
    sha256: str


class ReportView(BaseModel):
    text: str
    acts: list[str]
    prescriptions: list[str]
    attachments: list[AttachmentView]
    answered_at: AwareDatetime
    answered_by_rpps: str
    document: ReportDocumentView


class BillingView(BaseModel):
    """What billing-service said about the act (TeleExpertiseBilled / TeleExpertiseBillingRejected)."""

    status: BillingStatus
    invoice_id: UUID | None = None
    amount: Euros | None = None
    payer: str | None = None
    rejection_reason: str | None = None
    rejection_detail: str | None = None
    updated_at: AwareDatetime | None = None


class ActView(BaseModel):
    act_id: UUID
    role: ActRole
    code: ActCode
    practice_id: str
    practitioner_rpps: str
    performed_at: AwareDatetime
    billing: BillingView


class ExpertiseSummary(BaseModel):
    id: UUID
    status: ExpertiseStatus
    situation: Situation
    patient: Ins
    requerant: PartyView
    requis: PartyView
    requested_at: AwareDatetime
    accepted_at: AwareDatetime | None
    closed_at: AwareDatetime | None
    answer_due_at: AwareDatetime = Field(description="Request time + the configured answer delay (7 days).")


class ExpertiseView(ExpertiseSummary):
    known_relationship: bool
    reasons: str
    attachments: list[AttachmentView]
    refusal: RefusalView | None
    cancellation_reason: str | None
    report: ReportView | None
    acts: list[ActView]


class TraceEntryView(BaseModel):
    """One step of the file: what, when (date and time), who (RPPS, role, practice), status change."""

    seq: int
    at: AwareDatetime
    action: Action
    actor_role: PartyRole
    actor_rpps: str | None
    actor_practice_id: str | None
    from_status: ExpertiseStatus | None
    to_status: ExpertiseStatus
    details: str


class TraceView(ExpertiseView):
    """The immutable trace of the tele-expertise (CSP R6316-4), with everything it refers to."""

    entries: list[TraceEntryView]


class CareRelationshipView(BaseModel):
    id: UUID
    patient: Ins
    dentist_rpps: str
    kind: CareRelationshipKind
    declared_by_rpps: str
    created_at: AwareDatetime


# ---------------------------------------------------------------- rows → views


def summary_of(row: ExpertiseRow, delay: timedelta) -> ExpertiseSummary:
    return ExpertiseSummary(
        id=row.id,
        status=ExpertiseStatus(row.status),
        situation=Situation(row.situation),
        patient=Ins.model_validate({"matricule": row.patient_matricule, "oid": row.patient_oid}),
        requerant=PartyView(
            rpps=row.requerant_rpps,
            profession=Profession(row.requerant_profession),
            specialty=row.requerant_specialty,
            establishment_finess=row.requerant_finess,
            practice_id=row.requerant_practice_id,
        ),
        requis=PartyView(
            rpps=row.requis_rpps,
            profession=Profession(row.requis_profession),
            specialty=row.requis_specialty,
            practice_id=row.requis_practice_id,
        ),
        requested_at=row.requested_at,
        accepted_at=row.accepted_at,
        closed_at=row.closed_at,
        answer_due_at=row.requested_at + delay,
    )


def attachment_view(row: AttachmentRow) -> AttachmentView:
    return AttachmentView(
        id=row.id, name=row.name, content_type=row.content_type, size_bytes=row.size_bytes, sha256=row.sha256
    )


def act_view(row: ActRow) -> ActView:
    amount = None if row.amount_cents is None else Decimal(row.amount_cents) / 100
    return ActView(
        act_id=row.act_id,
        role=ActRole(row.role),
        code=ActCode(row.code),
        practice_id=row.practice_id,
        practitioner_rpps=row.practitioner_rpps,
        performed_at=row.performed_at,
        billing=BillingView.model_validate(
            {
                "status": row.billing_status,
                "invoice_id": row.invoice_id,
                "amount": amount,
                "payer": row.payer,
                "rejection_reason": row.rejection_reason,
                "rejection_detail": row.rejection_detail,
                "updated_at": row.billing_at,
            }
        ),
    )


def view_of(
    row: ExpertiseRow,
    delay: timedelta,
    attachments: Sequence[AttachmentRow],
    report: ReportRow | None,
    acts: Sequence[ActRow],
) -> ExpertiseView:
    report_view = None
    if report is not None:
        report_view = ReportView(
            text=report.text,
            acts=list(report.acts),
            prescriptions=list(report.prescriptions),
            attachments=[attachment_view(file) for file in attachments if file.part == REPORT_PART],
            answered_at=report.answered_at,
            answered_by_rpps=report.answered_by_rpps,
            document=ReportDocumentView(
                title=report.title, content_type=report.content_type, sha256=report.content_sha256
            ),
        )
    return ExpertiseView(
        **summary_of(row, delay).model_dump(),
        known_relationship=row.known_relationship,
        reasons=row.reasons,
        attachments=[attachment_view(file) for file in attachments if file.part == REQUEST_PART],
        refusal=None
        if row.refusal_reason is None
        else RefusalView(reason=RefusalReason(row.refusal_reason), detail=row.refusal_detail),
        cancellation_reason=row.cancellation_reason,
        report=report_view,
        acts=[act_view(act) for act in acts],
    )


def trace_entry_view(row: TraceRow) -> TraceEntryView:
    return TraceEntryView(
        seq=row.seq,
        at=row.at,
        action=Action(row.action),
        actor_role=PartyRole(row.actor_role),
        actor_rpps=row.actor_rpps,
        actor_practice_id=row.actor_practice_id,
        from_status=None if row.from_status is None else ExpertiseStatus(row.from_status),
        to_status=ExpertiseStatus(row.to_status),
        details=row.details,
    )


def care_relationship_view(row: CareRelationship) -> CareRelationshipView:
    return CareRelationshipView(
        id=row.id,
        patient=Ins.model_validate({"matricule": row.patient_matricule, "oid": row.patient_oid}),
        dentist_rpps=row.dentist_rpps,
        kind=CareRelationshipKind(row.kind),
        declared_by_rpps=row.declared_by_rpps,
        created_at=row.created_at,
    )
