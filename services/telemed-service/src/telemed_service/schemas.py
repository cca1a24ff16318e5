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
from servicekit.examples import example_of
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

# Values the examples share: one tele-expertise, asked by REQUERANT of REQUIS about PATIENT.
PATIENT_EXAMPLE: JsonDict = {"matricule": "295109912611193", "oid": "1.2.250.1.213.1.4.10"}
REQUERANT_RPPS = "10001234567"
REQUERANT_PRACTICE = "cab-0123456789"
REQUIS_RPPS = "10003456789"
REQUIS_PRACTICE = "cab-9876543210"
REQUESTED_AT = "2025-03-10T08:30:00Z"
ACCEPTED_AT = "2025-03-10T14:02:00Z"
ANSWERED_AT = "2025-03-11T09:45:00Z"
BillingStatus = Literal["pending", "billed", "rejected"]

# Free text as received: the domain's bounds first, then no control character (servicekit.text);
# line breaks and tabs are text in reasons, reports and comments, not in a line.
Comment = Annotated[Text, LINES]
OneLine = Annotated[Line, ONE_LINE]


# ---------------------------------------------------------------- requests


class AttachmentIn(BaseModel):
    """A file sent inline, base64-encoded (RFC 4648 §4). `sha256`, when given, must match the content."""

    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, StringConstraints(min_length=1, max_length=255), ONE_LINE] | None = Field(
        default=None,
        description="File name shown to the other professional (one line, at most 255 characters).",
    )
    content_type: Annotated[str, StringConstraints(min_length=3, max_length=255), ONE_LINE] = Field(
        description="Media type of the file, e.g. `image/jpeg`, `application/pdf`."
    )
    content_base64: Annotated[str, StringConstraints(min_length=1), ONE_LINE] = Field(
        description="The file's bytes, base64-encoded (RFC 4648 §4)."
    )
    sha256: Sha256Hex | None = Field(
        default=None,
        description="SHA-256 of the decoded bytes, 64 lowercase hex characters; checked when given.",
    )


class RequisIn(BaseModel):
    """The professional asked for his expertise, as the requérant names him."""

    model_config = ConfigDict(extra="forbid")

    rpps: Rpps = Field(
        description="RPPS number (11 digits) of the professional asked for the expertise (the requis)."
    )
    profession: Profession = Field(description="The requis's profession: `dentist` or `physician`.")
    specialty: DentalSpecialty | MedicalSpecialty | None = Field(
        default=None, description="The requis's dental or medical specialty, when the situation requires one."
    )

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
                    "requis": {"rpps": REQUIS_RPPS, "profession": "dentist", "specialty": "oral_medicine"},
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

    patient: Ins = Field(description="The patient's qualified INS (matricule + OID).")
    situation: Situation = Field(
        description=(
            "Why tele-expertise is open to this patient (avenant 1, art. 58): `ehpad_resident`, "
            "`suspected_oral_cancer` or `rare_disease`."
        )
    )
    requis: RequisIn = Field(description="The professional asked for the expertise.")
    reasons: Comment = Field(
        description="The clinical question, free text (line breaks kept, at most 20 000 characters)."
    )
    attachments: list[AttachmentIn] = Field(
        default_factory=list,
        max_length=100,
        description="Files for the requis (photos, radiographs), at most 100.",
    )


class RefusalRequest(BaseModel):
    """Why the requis declines (avenant 1 art. 58.1.2: e.g. outside his field of expertise)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"reason": "outside_expertise", "detail": "Relève de la chirurgie orale."}]
        },
    )

    reason: RefusalReason = Field(
        description=(
            "Why the requis declines: `outside_expertise`, `not_relevant`, `insufficient_data`, "
            "`unavailable` or `other`."
        )
    )
    detail: Comment | None = Field(
        default=None, description="Free-text explanation; required when `reason` is `other`."
    )

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

    reason: OneLine | None = Field(
        default=None, description="Why the requérant cancels, one line (at most 500 characters)."
    )


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

    text: Comment = Field(
        description="The report: the requis's answer to the clinical question (at most 20 000 characters)."
    )
    acts: list[OneLine] = Field(
        default_factory=list,
        max_length=100,
        description="Acts the requis advises, one line each (at most 100).",
    )
    prescriptions: list[OneLine] = Field(
        default_factory=list,
        max_length=100,
        description="Prescriptions the requis advises, one line each (at most 100).",
    )
    attachments: list[AttachmentIn] = Field(
        default_factory=list, max_length=100, description="Files sent with the report (at most 100)."
    )


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
    ] = Field(
        description=(
            "What went wrong (technical incident, CSP R6316-4), without patient data; at most 2 000 "
            "characters."
        )
    )


class CareRelationshipRequest(BaseModel):
    """Declares that the patient knows this dentist (needed for an EHPAD resident's requis)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"patient": PATIENT_EXAMPLE, "dentist_rpps": "10002345678", "kind": "entry_checkup"}]
        },
    )

    patient: Ins = Field(description="The patient's qualified INS.")
    dentist_rpps: Rpps = Field(description="RPPS number (11 digits) of the dentist the patient knows.")
    kind: CareRelationshipKind = Field(
        description=(
            "`consulted`: the patient already consulted this dentist; `entry_checkup`: the dentist did "
            "the EHPAD entry oral check-up."
        )
    )


# ---------------------------------------------------------------- responses


class PartyView(BaseModel):
    """A professional of the tele-expertise and, when known, the practice he acts for."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "rpps": REQUIS_RPPS,
                    "profession": "dentist",
                    "specialty": "oral_medicine",
                    "establishment_finess": None,
                    "practice_id": REQUIS_PRACTICE,
                }
            ]
        }
    )

    rpps: str = Field(description="RPPS number (11 digits).")
    profession: Profession = Field(description="`dentist` or `physician`.")
    specialty: str | None = Field(description="Dental or medical specialty; null when none.")
    establishment_finess: str | None = Field(
        default=None,
        description=(
            "FINESS number (9 characters) of the establishment (EHPAD) the professional acts for, if any."
        ),
    )
    practice_id: str | None = Field(
        description="The Dentalink practice the professional acts for; null when not on Dentalink."
    )


class AttachmentView(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "5a0f3c2e-1b4d-4e6f-8a9b-0c1d2e3f4a5b",
                    "name": "photo-langue.jpg",
                    "content_type": "image/jpeg",
                    "size_bytes": 248311,
                    "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                }
            ]
        }
    )

    id: UUID = Field(description="Attachment id: download it with `GET …/attachments/{attachment_id}`.")
    name: str | None = Field(description="File name given by the sender; null when none.")
    content_type: str = Field(description="Media type of the file.")
    size_bytes: int = Field(description="Size of the file in bytes.")
    sha256: str = Field(description="SHA-256 of the file, 64 lowercase hex characters.")


class RefusalView(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [example_of(RefusalRequest)]})

    reason: RefusalReason = Field(description="Why the requis declined.")
    detail: str | None = Field(description="Free-text explanation; null when none.")


class ReportDocumentView(BaseModel):
    """The rendering sent with the acts to billing and to the DMP."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "title": "Compte rendu de télé-expertise bucco-dentaire",
                    "content_type": "text/plain",
                    "sha256": "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",
                }
            ]
        }
    )

    title: str = Field(description="Title of the rendered report document.")
    content_type: str = Field(description="Media type of the rendering (`text/plain`).")
    sha256: str = Field(description="SHA-256 of the rendering, as filed in the DMP.")


class ReportView(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                example_of(ReportRequest)
                | {
                    "answered_at": ANSWERED_AT,
                    "answered_by_rpps": REQUIS_RPPS,
                    "document": example_of(ReportDocumentView),
                }
            ]
        }
    )

    text: str = Field(description="The requis's answer.")
    acts: list[str] = Field(description="Acts the requis advises.")
    prescriptions: list[str] = Field(description="Prescriptions the requis advises.")
    attachments: list[AttachmentView] = Field(description="Files sent with the report.")
    answered_at: AwareDatetime = Field(description="When the report was sent.")
    answered_by_rpps: str = Field(description="RPPS number of the requis who answered.")
    document: ReportDocumentView = Field(
        description="The rendering sent with the acts to billing and to the DMP."
    )


class BillingView(BaseModel):
    """What billing-service said about the act (TeleExpertiseBilled / TeleExpertiseBillingRejected)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "status": "billed",
                    "invoice_id": "e3b0c442-98fc-4c14-9afb-f4c8996fb924",
                    "amount": "20.00",
                    "payer": "amo",
                    "rejection_reason": None,
                    "rejection_detail": None,
                    "updated_at": "2025-03-11T09:45:03Z",
                }
            ]
        }
    )

    status: BillingStatus = Field(
        description="`pending` until billing-service answers, then `billed` or `rejected`."
    )
    invoice_id: UUID | None = Field(
        default=None, description="The invoice the act was billed on (`GET /v1/invoices/{invoice_id}`)."
    )
    amount: Euros | None = Field(
        default=None, description='Amount billed, in euros with two decimals (a string, e.g. `"20.00"`).'
    )
    payer: str | None = Field(
        default=None, description="Who pays: `amo` (compulsory insurance) or `patient`."
    )
    rejection_reason: str | None = Field(
        default=None,
        description=(
            "Why the act was not billed: `yearly_cap_reached`, `no_tariff` or `practitioner_not_dentist`."
        ),
    )
    rejection_detail: str | None = Field(
        default=None, description="Explanation of the rejection, without personal data."
    )
    updated_at: AwareDatetime | None = Field(
        default=None, description="When billing-service last answered; null while pending."
    )


class ActView(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "act_id": "1b4e28ba-2fa1-41d2-883f-0016d3cca427",
                    "role": "requis",
                    "code": "TE2",
                    "practice_id": REQUIS_PRACTICE,
                    "practitioner_rpps": REQUIS_RPPS,
                    "performed_at": ANSWERED_AT,
                    "billing": example_of(BillingView),
                }
            ]
        }
    )

    act_id: UUID = Field(description="Id of the act, as billed.")
    role: ActRole = Field(description="Whose act: `requerant` (RQD) or `requis` (TE2).")
    code: ActCode = Field(
        description="NGAP act code: `RQD` (request, requérant) or `TE2` (expertise, requis)."
    )
    practice_id: str = Field(description="The practice the act is billed by.")
    practitioner_rpps: str = Field(description="RPPS number of the professional who performed the act.")
    performed_at: AwareDatetime = Field(
        description="When the act was performed (the request, or the report)."
    )
    billing: BillingView = Field(description="What billing-service said about the act.")


class ExpertiseSummary(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
                    "status": "answered",
                    "situation": "suspected_oral_cancer",
                    "patient": PATIENT_EXAMPLE,
                    "requerant": example_of(
                        PartyView, rpps=REQUERANT_RPPS, specialty=None, practice_id=REQUERANT_PRACTICE
                    ),
                    "requis": example_of(PartyView),
                    "requested_at": REQUESTED_AT,
                    "accepted_at": ACCEPTED_AT,
                    "closed_at": ANSWERED_AT,
                    "answer_due_at": "2025-03-17T08:30:00Z",
                }
            ]
        }
    )

    id: UUID = Field(description="Tele-expertise id.")
    status: ExpertiseStatus = Field(
        description="`requested`, `accepted`, `answered`, `refused`, `cancelled` or `expired`."
    )
    situation: Situation = Field(
        description="Why tele-expertise is open to this patient (avenant 1, art. 58)."
    )
    patient: Ins = Field(description="The patient's qualified INS.")
    requerant: PartyView = Field(description="The professional who asked.")
    requis: PartyView = Field(description="The professional asked.")
    requested_at: AwareDatetime = Field(description="When the request was made.")
    accepted_at: AwareDatetime | None = Field(description="When the requis accepted; null until then.")
    closed_at: AwareDatetime | None = Field(
        description="When it was answered, refused, cancelled or expired; null while open."
    )
    answer_due_at: AwareDatetime = Field(description="Request time + the configured answer delay (7 days).")


class ExpertiseView(ExpertiseSummary):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                example_of(ExpertiseSummary)
                | {
                    "known_relationship": False,
                    "reasons": "Ulcération linguale indurée persistant depuis 3 semaines.",
                    "attachments": [example_of(AttachmentView)],
                    "refusal": None,
                    "cancellation_reason": None,
                    "report": example_of(ReportView),
                    "acts": [
                        example_of(
                            ActView,
                            act_id="0e7a1c6d-3b2f-4d8e-9a5c-6f7b8c9d0e1f",
                            role="requerant",
                            code="RQD",
                            practice_id=REQUERANT_PRACTICE,
                            practitioner_rpps=REQUERANT_RPPS,
                            billing=example_of(
                                BillingView, invoice_id="c4ca4238-a0b9-4382-8dcc-509a6f75849b", amount="10.00"
                            ),
                        ),
                        example_of(ActView),
                    ],
                }
            ]
        }
    )

    known_relationship: bool = Field(
        description=(
            "A care relationship between the patient and the requis was declared (required for an EHPAD "
            "resident)."
        )
    )
    reasons: str = Field(description="The clinical question.")
    attachments: list[AttachmentView] = Field(description="Files sent with the request.")
    refusal: RefusalView | None = Field(description="Why the requis declined; null unless refused.")
    cancellation_reason: str | None = Field(
        description="Why the requérant cancelled; null unless cancelled with a reason."
    )
    report: ReportView | None = Field(description="The requis's answer; null until answered.")
    acts: list[ActView] = Field(
        description="The billable acts: RQD for the requérant, TE2 for the requis, once answered."
    )


class TraceEntryView(BaseModel):
    """One step of the file: what, when (date and time), who (RPPS, role, practice), status change."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "seq": 1,
                    "at": REQUESTED_AT,
                    "action": "request",
                    "actor_role": "requerant",
                    "actor_rpps": REQUERANT_RPPS,
                    "actor_practice_id": REQUERANT_PRACTICE,
                    "from_status": None,
                    "to_status": "requested",
                    "details": "situation=suspected_oral_cancer; attachments=1",
                }
            ]
        }
    )

    seq: int = Field(description="Position in the trace, from 1.")
    at: AwareDatetime = Field(description="When it happened.")
    action: Action = Field(
        description="`request`, `accept`, `refuse`, `answer`, `cancel`, `expire` or `record_incident`."
    )
    actor_role: PartyRole = Field(description="Who acted: `requerant`, `requis` or `system` (expiry).")
    actor_rpps: str | None = Field(
        description="RPPS number of the acting professional; null for the platform."
    )
    actor_practice_id: str | None = Field(
        description="The practice the actor acted for; null for the platform."
    )
    from_status: ExpertiseStatus | None = Field(description="Status before; null for the request.")
    to_status: ExpertiseStatus = Field(description="Status after.")
    details: str = Field(description="What was done, without patient data.")


class TraceView(ExpertiseView):
    """The immutable trace of the tele-expertise (CSP R6316-4), with everything it refers to."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                example_of(
                    ExpertiseView,
                    report=example_of(
                        ReportView,
                        document=example_of(
                            ReportDocumentView,
                            title="Compte rendu de télé-expertise",
                            content_type="application/pdf",
                        ),
                    ),
                )
                | {
                    "entries": [
                        example_of(TraceEntryView),
                        example_of(
                            TraceEntryView,
                            seq=2,
                            at=ACCEPTED_AT,
                            action="accept",
                            actor_role="requis",
                            actor_rpps=REQUIS_RPPS,
                            actor_practice_id=REQUIS_PRACTICE,
                            from_status="requested",
                            to_status="accepted",
                            details="",
                        ),
                    ]
                }
            ]
        }
    )

    entries: list[TraceEntryView] = Field(
        description="Every action on the tele-expertise, in order (the CSP R6316-4 trace)."
    )


class CareRelationshipView(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "a8098c1a-f86e-41c2-9b1d-6f2c5e0b7d3a",
                    **example_of(CareRelationshipRequest),
                    "declared_by_rpps": "10002345678",
                    "created_at": "2025-03-01T10:00:00Z",
                }
            ]
        }
    )

    id: UUID = Field(description="Care relationship id.")
    patient: Ins = Field(description="The patient's qualified INS.")
    dentist_rpps: str = Field(description="RPPS number of the dentist the patient knows.")
    kind: CareRelationshipKind = Field(description="`consulted` or `entry_checkup`.")
    declared_by_rpps: str = Field(description="RPPS number of the professional who declared it.")
    created_at: AwareDatetime = Field(description="When it was declared.")


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
