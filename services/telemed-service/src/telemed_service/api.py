"""Tele-expertise API (DOMAIN.md §6): request, accept, refuse, cancel, answer, incidents, trace.

Who sees a file: the requérant's practice, the requis himself (by RPPS), and the requis's practice once
he accepted. Anyone else gets 404. Steps lock the file row, so concurrent steps apply one after the other.
"""

import base64
import binascii
import hashlib
from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, NamedTuple
from urllib.parse import quote
from uuid import UUID, uuid4

from fastapi import APIRouter, Header, Query, Response
from pydantic import ValidationError
from sqlalchemy import or_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from dentalink_contracts.events.telemed import ActRole
from dentalink_contracts.values import Ins
from servicekit import (
    Caller,
    CallerContext,
    InvalidField,
    ProblemError,
    Role,
    RuntimeDep,
    Session,
    invalid_field,
    require_roles,
)
from servicekit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page, page_of, paged
from servicekit.telemetry import count_after_commit, meter
from telemed_service.domain import (
    Attachment,
    ExpertiseStatus,
    Professional,
    Report,
    TeleExpertise,
    TelemedDomainError,
    Transition,
    accept,
    acts_for_answer,
    answer,
    cancel,
    record_incident,
    refuse,
    request_expertise,
)
from telemed_service.domain.report_document import report_document
from telemed_service.events import record_acts, report_fits_an_event
from telemed_service.models import (
    AttachmentRow,
    CareRelationship,
    ExpertiseRow,
    QualifiedIdentity,
    ReportRow,
    TraceRow,
)
from telemed_service.problems import documented, patient_not_qualified, problem_of, report_too_large
from telemed_service.runtime import now, settings_of
from telemed_service.schemas import (
    AttachmentIn,
    CancellationRequest,
    CareRelationshipRequest,
    CareRelationshipView,
    ExpertiseRequest,
    ExpertiseSummary,
    ExpertiseView,
    IncidentRequest,
    RefusalRequest,
    ReportRequest,
    TraceEntryView,
    TraceView,
    care_relationship_view,
    summary_of,
    trace_entry_view,
    view_of,
)
from telemed_service.store import (
    REPORT_PART,
    REQUEST_PART,
    acts_of,
    append_trace,
    attachments_of,
    known_specialty,
    load_domain,
    professional,
    report_of,
    trace_of,
    visibility_clause,
    visible_expertise,
    write_state,
)

router = APIRouter(prefix="/v1", tags=["tele-expertise"])

REQUERANT_ROLES = (Role.DENTIST, Role.SPECIALIST, Role.EHPAD_PROFESSIONAL)
REQUIS_ROLES = (Role.DENTIST, Role.SPECIALIST)
PARTY_ROLES = (Role.DENTIST, Role.SPECIALIST, Role.EHPAD_PROFESSIONAL)
DECLARING_ROLES = (Role.DENTIST, Role.SPECIALIST, Role.EHPAD_PROFESSIONAL, Role.PRACTICE_ADMIN)
QUALIFIED = "QUAL"
PDF = "application/pdf"

steps_counter = meter.create_counter(
    "dentalink_telemed_steps", description="Tele-expertise steps applied (request, accept, refuse, ...)"
)


class PartyFilter(StrEnum):
    REQUERANT = "requerant"
    REQUIS = "requis"


# ---------------------------------------------------------------- helpers


async def ensure_qualified(session: AsyncSession, practice_id: str, patient: Ins) -> None:
    """The requérant's practice must hold the patient's INS in QUAL status (RNIV; CSP R6316-3)."""
    found = await session.execute(
        select(col(QualifiedIdentity.identity_id)).where(
            col(QualifiedIdentity.practice_id) == practice_id,
            col(QualifiedIdentity.matricule) == patient.matricule,
            col(QualifiedIdentity.oid) == patient.oid.value,
            col(QualifiedIdentity.status) == QUALIFIED,
        )
    )
    if found.first() is None:
        raise patient_not_qualified()


async def knows(session: AsyncSession, practice_id: str, patient: Ins, dentist_rpps: str) -> bool:
    """Whether the practice declared that the patient knows this dentist (avenant 1 art. 58)."""
    found = await session.execute(
        select(col(CareRelationship.id)).where(
            col(CareRelationship.practice_id) == practice_id,
            col(CareRelationship.patient_matricule) == patient.matricule,
            col(CareRelationship.patient_oid) == patient.oid.value,
            col(CareRelationship.dentist_rpps) == dentist_rpps,
        )
    )
    return found.first() is not None


def requerant_of(caller: CallerContext) -> Professional:
    """The calling professional as the domain sees him; a malformed FINESS is the caller's problem."""
    forwarded = caller.professional
    try:
        return professional(
            forwarded.rpps,
            forwarded.profession.value,
            known_specialty(forwarded.profession, forwarded.specialty),
            forwarded.establishment_finess,
        )
    except ValidationError as error:
        raise ProblemError(
            422,
            "invalid-professional",
            "The acting professional's data is invalid.",
            "Check the establishment FINESS sent for the professional.",
            errors=[
                InvalidField(field="professional.establishment_finess", message="invalid", code="invalid")
            ],
        ) from error


class DecodedFile:
    """One uploaded file: its bytes and the metadata the domain checks."""

    def __init__(self, attachment: Attachment, content: bytes) -> None:
        self.attachment = attachment
        self.content = content


def decode_files(files: list[AttachmentIn], where: str) -> list[DecodedFile]:
    """Decode base64 attachments, compute their SHA-256, check any SHA-256 the client declared."""
    decoded: list[DecodedFile] = []
    for index, file in enumerate(files):
        field = f"body.{where}.{index}"
        try:
            content = base64.b64decode(file.content_base64, validate=True)
        except (binascii.Error, ValueError) as error:
            raise invalid_field(f"{field}.content_base64", "not base64", "base64") from error
        if not content:
            raise invalid_field(f"{field}.content_base64", "empty file", "empty")
        digest = hashlib.sha256(content).hexdigest()
        if file.sha256 is not None and file.sha256 != digest:
            raise ProblemError(
                422,
                "attachment-checksum-mismatch",
                "An attachment does not match its SHA-256.",
                f"The file at {field} was altered in transit or the declared SHA-256 is wrong.",
            )
        attachment = Attachment(
            content_type=file.content_type, size_bytes=len(content), sha256=digest, name=file.name
        )
        decoded.append(DecodedFile(attachment, content))
    return decoded


def store_files(
    session: AsyncSession, expertise_id: UUID, part: str, files: list[DecodedFile], by_rpps: str, at: datetime
) -> None:
    for position, file in enumerate(files):
        session.add(
            AttachmentRow(
                id=uuid4(),
                expertise_id=expertise_id,
                part=part,
                position=position,
                name=file.attachment.name,
                content_type=file.attachment.content_type,
                size_bytes=file.attachment.size_bytes,
                sha256=file.attachment.sha256,
                content=file.content,
                uploaded_by_rpps=by_rpps,
                created_at=at,
            )
        )


async def full_view(session: AsyncSession, runtime: RuntimeDep, row: ExpertiseRow) -> ExpertiseView:
    return view_of(
        row,
        settings_of(runtime).answer_delay,
        await attachments_of(session, row.id),
        await report_of(session, row.id),
        await acts_of(session, row.id),
    )


class Applied(NamedTuple):
    """One step as stored: the locked row, the domain transition and its trace entry."""

    row: ExpertiseRow
    transition: Transition
    entry: TraceRow


async def traced(session: AsyncSession, caller: CallerContext, transition: Transition) -> TraceRow:
    """Append the step's trace entry and count the step once the transaction commits."""
    entry = await append_trace(session, transition.entry, actor_practice_id=caller.practice_id)
    count_after_commit(session, steps_counter, 1, {"action": transition.entry.action.value})
    return entry


async def step(
    session: AsyncSession,
    runtime: RuntimeDep,
    caller: CallerContext,
    expertise_id: UUID,
    apply: Callable[[TeleExpertise, datetime], Transition],
) -> Applied:
    """Lock the file, apply one domain step, store the new state and append its trace entry."""
    row = await visible_expertise(session, expertise_id, caller, for_update=True)
    expertise = await load_domain(session, row)
    # Read the clock only once the lock is held, so steps are dated in the order they apply.
    instant = now(runtime)
    try:
        transition = apply(expertise, instant)
    except TelemedDomainError as error:
        raise problem_of(error) from error
    write_state(row, transition.expertise)
    return Applied(row, transition, await traced(session, caller, transition))


async def stepped_view(
    session: AsyncSession,
    runtime: RuntimeDep,
    caller: CallerContext,
    expertise_id: UUID,
    apply: Callable[[TeleExpertise, datetime], Transition],
) -> ExpertiseView:
    """Apply one domain step and answer with the file as it now stands."""
    applied = await step(session, runtime, caller, expertise_id, apply)
    return await full_view(session, runtime, applied.row)


# ---------------------------------------------------------------- routes


@router.post(
    "/tele-expertises",
    status_code=201,
    response_model=ExpertiseView,
    summary="Request a tele-expertise (the caller is the requérant)",
    dependencies=[require_roles(*REQUERANT_ROLES)],
    responses=documented(401, 403, 422),
)
async def request_tele_expertise(
    body: ExpertiseRequest, caller: Caller, session: Session, runtime: RuntimeDep, response: Response
) -> ExpertiseView:
    """The patient needs a qualified INS in the caller's practice; eligibility is checked per situation
    (avenant 1 art. 58) and a refusal names the rule in `rule`. Attachments are base64 in JSON."""
    settings = settings_of(runtime)
    await ensure_qualified(session, caller.practice_id, body.patient)
    requerant = requerant_of(caller)
    requis = professional(body.requis.rpps, body.requis.profession.value, body.requis.specialty)
    known = await knows(session, caller.practice_id, body.patient, requis.rpps)
    files = decode_files(body.attachments, "attachments")
    instant = now(runtime)
    try:
        transition = request_expertise(
            expertise_id=uuid4(),
            situation=body.situation,
            requerant=requerant,
            requis=requis,
            known_relationship=known,
            patient=body.patient,
            reasons=body.reasons,
            now=instant,
            attachments=tuple(file.attachment for file in files),
            policy=settings.attachment_policy,
        )
    except TelemedDomainError as error:
        raise problem_of(error) from error
    expertise = transition.expertise
    row = ExpertiseRow(
        id=expertise.id,
        requerant_practice_id=caller.practice_id,
        situation=expertise.situation.value,
        status=expertise.status.value,
        requerant_rpps=requerant.rpps,
        requerant_profession=requerant.profession.value,
        requerant_specialty=requerant.specialty.value if requerant.specialty else None,
        requerant_finess=requerant.establishment_finess,
        requis_rpps=requis.rpps,
        requis_profession=requis.profession.value,
        requis_specialty=requis.specialty.value if requis.specialty else None,
        known_relationship=known,
        patient_matricule=expertise.patient.matricule,
        patient_oid=expertise.patient.oid.value,
        reasons=expertise.reasons,
        requested_at=instant,
        created_at=instant,
    )
    session.add(row)
    await session.flush()
    store_files(session, row.id, REQUEST_PART, files, requerant.rpps, instant)
    await traced(session, caller, transition)
    response.headers["Location"] = f"/v1/tele-expertises/{row.id}"
    return await full_view(session, runtime, row)


@router.get(
    "/tele-expertises",
    response_model=Page[ExpertiseSummary],
    summary="List the tele-expertises you take part in",
    responses=documented(400, 401, 422),
)
async def list_tele_expertises(
    caller: Caller,
    session: Session,
    runtime: RuntimeDep,
    party: Annotated[
        PartyFilter | None,
        Query(
            alias="as", description="requerant: asked by your practice; requis: asked of you or your practice"
        ),
    ] = None,
    status: Annotated[ExpertiseStatus | None, Query()] = None,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_LIMIT,
) -> Page[ExpertiseSummary]:
    statement = select(ExpertiseRow)
    if party is PartyFilter.REQUERANT:
        statement = statement.where(col(ExpertiseRow.requerant_practice_id) == caller.practice_id)
    elif party is PartyFilter.REQUIS:
        statement = statement.where(
            or_(
                col(ExpertiseRow.requis_rpps) == caller.professional.rpps,
                col(ExpertiseRow.requis_practice_id) == caller.practice_id,
            )
        )
    else:
        statement = statement.where(visibility_clause(caller))
    if status is not None:
        statement = statement.where(col(ExpertiseRow.status) == status.value)
    statement = paged(statement, col(ExpertiseRow.created_at), col(ExpertiseRow.id), cursor, limit)
    rows = list((await session.execute(statement)).scalars().all())
    page, next_cursor = page_of(rows, limit)
    delay = settings_of(runtime).answer_delay
    return Page[ExpertiseSummary](items=[summary_of(row, delay) for row in page], next_cursor=next_cursor)


@router.get(
    "/tele-expertises/{expertise_id}",
    response_model=ExpertiseView,
    summary="One tele-expertise, with its report, acts and their billing status",
    responses=documented(401, 404),
)
async def get_tele_expertise(
    expertise_id: UUID, caller: Caller, session: Session, runtime: RuntimeDep
) -> ExpertiseView:
    row = await visible_expertise(session, expertise_id, caller)
    return await full_view(session, runtime, row)


@router.get(
    "/tele-expertises/{expertise_id}/attachments/{attachment_id}",
    summary="Download one attachment of the request or the report",
    response_class=Response,
    responses={
        200: {"content": {"application/octet-stream": {}}, "description": "The file, as uploaded"},
        **documented(401, 404),
    },
)
async def download_attachment(
    expertise_id: UUID, attachment_id: UUID, caller: Caller, session: Session
) -> Response:
    await visible_expertise(session, expertise_id, caller)
    file = await session.get(AttachmentRow, attachment_id)
    if file is None or file.expertise_id != expertise_id:
        raise ProblemError(404, "attachment-not-found", "No such attachment.")
    headers = {
        "Repr-Digest": f"sha-256=:{base64.b64encode(bytes.fromhex(file.sha256)).decode()}:",
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(file.name or str(file.id))}",
    }
    return Response(content=file.content, media_type=file.content_type, headers=headers)


@router.post(
    "/tele-expertises/{expertise_id}/acceptance",
    response_model=ExpertiseView,
    summary="The requis takes the tele-expertise on",
    dependencies=[require_roles(*REQUIS_ROLES)],
    responses=documented(401, 403, 404, 409),
)
async def accept_tele_expertise(
    expertise_id: UUID, caller: Caller, session: Session, runtime: RuntimeDep
) -> ExpertiseView:
    """The practice the requis accepts for is recorded: his act is billed there."""

    def apply(expertise: TeleExpertise, instant: datetime) -> Transition:
        transition = accept(expertise, caller.professional.rpps, instant)
        if caller.professional.profession is not expertise.requis.profession:
            # Eligibility was judged on the profession the requérant named; it must be the real one.
            raise ProblemError(
                409,
                "requis-profession-mismatch",
                "You are not the professional this request was addressed to.",
                f"The request names a {expertise.requis.profession.value} as requis.",
            )
        return transition

    row = (await step(session, runtime, caller, expertise_id, apply)).row
    row.requis_practice_id = caller.practice_id
    return await full_view(session, runtime, row)


@router.post(
    "/tele-expertises/{expertise_id}/refusal",
    response_model=ExpertiseView,
    summary="The requis declines (e.g. outside his field of expertise); no act is recorded",
    dependencies=[require_roles(*REQUIS_ROLES)],
    responses=documented(401, 403, 404, 409, 422),
)
async def refuse_tele_expertise(
    expertise_id: UUID, body: RefusalRequest, caller: Caller, session: Session, runtime: RuntimeDep
) -> ExpertiseView:
    refusal = body.to_domain()
    return await stepped_view(
        session,
        runtime,
        caller,
        expertise_id,
        lambda expertise, instant: refuse(expertise, caller.professional.rpps, refusal, instant),
    )


@router.post(
    "/tele-expertises/{expertise_id}/cancellation",
    response_model=ExpertiseView,
    summary="The requérant withdraws the request before it is answered",
    dependencies=[require_roles(*REQUERANT_ROLES)],
    responses=documented(401, 403, 404, 409),
)
async def cancel_tele_expertise(
    expertise_id: UUID,
    caller: Caller,
    session: Session,
    runtime: RuntimeDep,
    body: CancellationRequest | None = None,
) -> ExpertiseView:
    reason = body.reason if body is not None else None
    return await stepped_view(
        session,
        runtime,
        caller,
        expertise_id,
        lambda expertise, instant: cancel(expertise, caller.professional.rpps, instant, reason),
    )


@router.post(
    "/tele-expertises/{expertise_id}/report",
    response_model=ExpertiseView,
    summary="The requis answers with his report; the two acts (RQD, TE2) are recorded",
    dependencies=[require_roles(*REQUIS_ROLES)],
    responses=documented(401, 403, 404, 409, 422),
)
async def report_tele_expertise(
    expertise_id: UUID, body: ReportRequest, caller: Caller, session: Session, runtime: RuntimeDep
) -> ExpertiseView:
    """Emits one ActRecorded for the requérant (RQD) and one for the requis (TE2), in this transaction."""
    files = decode_files(body.attachments, "attachments")
    report = Report(
        text=body.text,
        attachments=tuple(file.attachment for file in files),
        acts=tuple(body.acts),
        prescriptions=tuple(body.prescriptions),
    )
    policy = settings_of(runtime).attachment_policy
    row, transition, _ = await step(
        session,
        runtime,
        caller,
        expertise_id,
        lambda expertise, instant: answer(expertise, caller.professional.rpps, report, instant, policy),
    )
    expertise = transition.expertise
    answered_at = transition.entry.at
    # The requis's act is billed in the practice he answers for.
    row.requis_practice_id = caller.practice_id
    document = report_document(expertise)
    if not report_fits_an_event(document):
        raise report_too_large()
    session.add(
        ReportRow(
            expertise_id=expertise.id,
            text=report.text,
            acts=list(report.acts),
            prescriptions=list(report.prescriptions),
            answered_at=answered_at,
            answered_by_rpps=caller.professional.rpps,
            title=document.title,
            content_type=document.content_type,
            content=document.content,
            content_sha256=document.sha256,
        )
    )
    store_files(session, expertise.id, REPORT_PART, files, caller.professional.rpps, answered_at)
    practices = {ActRole.REQUERANT: row.requerant_practice_id, ActRole.REQUIS: caller.practice_id}
    await record_acts(
        session, runtime, expertise, acts_for_answer(expertise, answered_at), practices, document
    )
    return await full_view(session, runtime, row)


@router.post(
    "/tele-expertises/{expertise_id}/incidents",
    status_code=201,
    response_model=TraceEntryView,
    summary="Record a technical incident in the trace (any state)",
    dependencies=[require_roles(*PARTY_ROLES)],
    responses=documented(401, 403, 404, 422),
)
async def record_tele_expertise_incident(
    expertise_id: UUID, body: IncidentRequest, caller: Caller, session: Session, runtime: RuntimeDep
) -> TraceEntryView:
    # An incident leaves the state as it is: writing the unchanged snapshot back changes no column.
    applied = await step(
        session,
        runtime,
        caller,
        expertise_id,
        lambda expertise, instant: record_incident(
            expertise, caller.professional.rpps, body.description, instant
        ),
    )
    return trace_entry_view(applied.entry)


@router.get(
    "/tele-expertises/{expertise_id}/trace",
    response_model=TraceView,
    summary="The immutable trace (JSON, or a PDF report with Accept: application/pdf)",
    responses={
        200: {"content": {"application/json": {}, PDF: {}}, "description": "The trace"},
        **documented(401, 404),
    },
)
async def get_trace(
    expertise_id: UUID,
    caller: Caller,
    session: Session,
    runtime: RuntimeDep,
    accept_header: Annotated[str | None, Header(alias="Accept")] = None,
) -> Any:
    """CSP R6316-4: report, acts and prescriptions, identities of the professionals, date and time of
    each step, technical incidents. Entries are append-only; the database refuses to change them."""
    row = await visible_expertise(session, expertise_id, caller)
    view = await full_view(session, runtime, row)
    entries: list[TraceRow] = await trace_of(session, row.id)
    trace = TraceView(**view.model_dump(), entries=[trace_entry_view(entry) for entry in entries])
    if accept_header is not None and wants_pdf(accept_header):
        # fpdf2 costs ~20 MB resident: it is loaded on the first PDF export, not at start.
        from telemed_service.pdf import trace_pdf

        return Response(
            content=trace_pdf(trace, now(runtime)),
            media_type=PDF,
            headers={"Content-Disposition": f'inline; filename="tele-expertise-{row.id}.pdf"'},
        )
    return trace


def wants_pdf(accept: str) -> bool:
    """True when the client asks for PDF and does not prefer JSON to it (RFC 9110 §12.5.1, simplified)."""
    weights: dict[str, float] = {}
    for item in accept.split(","):
        media, _, params = item.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        weights[media.strip().lower()] = quality
    pdf = weights.get(PDF, 0.0)
    return pdf > 0 and pdf >= weights.get("application/json", 0.0)


@router.post(
    "/care-relationships",
    status_code=201,
    response_model=CareRelationshipView,
    summary="Declare that a patient knows a dentist (consulted, or entry check-up)",
    dependencies=[require_roles(*DECLARING_ROLES)],
    responses={
        200: {"model": CareRelationshipView, "description": "Already declared"},
        **documented(401, 403),
    },
)
async def declare_care_relationship(
    body: CareRelationshipRequest, caller: Caller, session: Session, runtime: RuntimeDep, response: Response
) -> CareRelationshipView:
    """Kept per practice: an EHPAD's request may name a dentist the resident knows (avenant 1 art. 58).
    Declaring the same relationship again answers 200 with the first declaration."""
    table = CareRelationship.__table__  # type: ignore[attr-defined]
    inserted = await session.execute(
        insert(table)
        .values(
            id=uuid4(),
            practice_id=caller.practice_id,
            patient_matricule=body.patient.matricule,
            patient_oid=body.patient.oid.value,
            dentist_rpps=body.dentist_rpps,
            kind=body.kind.value,
            declared_by_rpps=caller.professional.rpps,
            created_at=now(runtime),
        )
        .on_conflict_do_nothing(constraint="care_relationship_uq")
        .returning(table.c.id)
    )
    created = inserted.first() is not None
    existing = (
        await session.execute(
            select(CareRelationship).where(
                col(CareRelationship.practice_id) == caller.practice_id,
                col(CareRelationship.patient_matricule) == body.patient.matricule,
                col(CareRelationship.patient_oid) == body.patient.oid.value,
                col(CareRelationship.dentist_rpps) == body.dentist_rpps,
                col(CareRelationship.kind) == body.kind.value,
            )
        )
    ).scalar_one()
    if not created:
        response.status_code = 200
    return care_relationship_view(existing)
