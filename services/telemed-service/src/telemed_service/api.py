"""Tele-expertise API (DOMAIN.md §6): request, accept, refuse, cancel, answer, incidents, trace.

Who sees a file: the requérant's practice, the requis himself (by RPPS), and the requis's practice once
he accepted. Anyone else gets 404. Routes parse, call one workflow and shape the answer; the
workflows' domain errors answer as problems (`problems.ProblemRoute`).
"""

import base64
from typing import Annotated, Any
from urllib.parse import quote
from uuid import UUID

from fastapi import APIRouter, Header, Path, Query, Response

from servicekit import Caller, Role, require_roles
from servicekit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page, decode_uuid_cursor
from telemed_service import workflows
from telemed_service.context import Context, TelemedContext
from telemed_service.domain import ExpertiseStatus, PartyFilter
from telemed_service.problems import ProblemRoute, documented
from telemed_service.schemas import (
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
from telemed_service.store import ExpertiseFile

router = APIRouter(prefix="/v1", tags=["tele-expertise"], route_class=ProblemRoute)

REQUERANT_ROLES = (Role.DENTIST, Role.SPECIALIST, Role.EHPAD_PROFESSIONAL)
REQUIS_ROLES = (Role.DENTIST, Role.SPECIALIST)
PARTY_ROLES = (Role.DENTIST, Role.SPECIALIST, Role.EHPAD_PROFESSIONAL)
DECLARING_ROLES = (Role.DENTIST, Role.SPECIALIST, Role.EHPAD_PROFESSIONAL, Role.PRACTICE_ADMIN)
PDF = "application/pdf"


def full_view(context: TelemedContext, file: ExpertiseFile) -> ExpertiseView:
    return view_of(file.row, context.settings.answer_delay, file.attachments, file.report, file.acts)


ExpertiseId = Annotated[UUID, Path(description="The tele-expertise's id (from `POST /v1/tele-expertises`).")]
AttachmentId = Annotated[
    UUID,
    Path(description="The attachment's id, as listed in `attachments` of the tele-expertise or its report."),
]


@router.post(
    "/tele-expertises",
    operation_id="teleExpertises.request",
    status_code=201,
    response_model=ExpertiseView,
    summary="Request a tele-expertise (the caller is the requérant)",
    dependencies=[require_roles(*REQUERANT_ROLES)],
    responses=documented(401, 403, 422),
)
async def request_tele_expertise(
    body: ExpertiseRequest, caller: Caller, context: Context, response: Response
) -> ExpertiseView:
    """The patient needs a qualified INS in the caller's practice; eligibility is checked per situation
    (avenant 1 art. 58) and a refusal names the rule in `rule`. Attachments are base64 in JSON."""
    file = await workflows.request_tele_expertise(context, caller, body)
    response.headers["Location"] = f"/v1/tele-expertises/{file.row.id}"
    return full_view(context, file)


@router.get(
    "/tele-expertises",
    operation_id="teleExpertises.list",
    response_model=Page[ExpertiseSummary],
    summary="List the tele-expertises you take part in",
    responses=documented(400, 401, 422),
)
async def list_tele_expertises(
    caller: Caller,
    context: Context,
    party: Annotated[
        PartyFilter | None,
        Query(
            alias="as", description="requerant: asked by your practice; requis: asked of you or your practice"
        ),
    ] = None,
    status: Annotated[
        ExpertiseStatus | None, Query(description="Only tele-expertises in this status.")
    ] = None,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_LIMIT,
) -> Page[ExpertiseSummary]:
    after = decode_uuid_cursor(cursor) if cursor is not None else None
    rows, next_cursor = await workflows.list_tele_expertises(
        context, caller, party=party, status=status, after=after, limit=limit
    )
    delay = context.settings.answer_delay
    return Page[ExpertiseSummary](items=[summary_of(row, delay) for row in rows], next_cursor=next_cursor)


@router.get(
    "/tele-expertises/{expertise_id}",
    operation_id="teleExpertises.get",
    response_model=ExpertiseView,
    summary="One tele-expertise, with its report, acts and their billing status",
    responses=documented(401, 404),
)
async def get_tele_expertise(expertise_id: ExpertiseId, caller: Caller, context: Context) -> ExpertiseView:
    return full_view(context, await workflows.get_tele_expertise(context, caller, expertise_id))


@router.get(
    "/tele-expertises/{expertise_id}/attachments/{attachment_id}",
    operation_id="teleExpertises.downloadAttachment",
    summary="Download one attachment of the request or the report",
    response_class=Response,
    responses={
        200: {
            "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}},
            "description": "The file, as uploaded, in its media type (the attachment's `content_type`).",
        },
        **documented(401, 404),
    },
)
async def download_attachment(
    expertise_id: ExpertiseId, attachment_id: AttachmentId, caller: Caller, context: Context
) -> Response:
    file = await workflows.attachment_of(context, caller, expertise_id, attachment_id)
    headers = {
        "Repr-Digest": f"sha-256=:{base64.b64encode(bytes.fromhex(file.sha256)).decode()}:",
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(file.name or str(file.id))}",
    }
    return Response(content=file.content, media_type=file.content_type, headers=headers)


@router.post(
    "/tele-expertises/{expertise_id}/acceptance",
    operation_id="teleExpertises.accept",
    response_model=ExpertiseView,
    summary="The requis takes the tele-expertise on",
    dependencies=[require_roles(*REQUIS_ROLES)],
    responses=documented(401, 403, 404, 409),
)
async def accept_tele_expertise(expertise_id: ExpertiseId, caller: Caller, context: Context) -> ExpertiseView:
    """The practice the requis accepts for is recorded: his act is billed there."""
    return full_view(context, await workflows.accept_tele_expertise(context, caller, expertise_id))


@router.post(
    "/tele-expertises/{expertise_id}/refusal",
    operation_id="teleExpertises.refuse",
    response_model=ExpertiseView,
    summary="The requis declines (e.g. outside his field of expertise); no act is recorded",
    dependencies=[require_roles(*REQUIS_ROLES)],
    responses=documented(401, 403, 404, 409, 422),
)
async def refuse_tele_expertise(
    expertise_id: ExpertiseId, body: RefusalRequest, caller: Caller, context: Context
) -> ExpertiseView:
    file = await workflows.refuse_tele_expertise(context, caller, expertise_id, body.to_domain())
    return full_view(context, file)


@router.post(
    "/tele-expertises/{expertise_id}/cancellation",
    operation_id="teleExpertises.cancel",
    response_model=ExpertiseView,
    summary="The requérant withdraws the request before it is answered",
    dependencies=[require_roles(*REQUERANT_ROLES)],
    responses=documented(401, 403, 404, 409),
)
async def cancel_tele_expertise(
    expertise_id: ExpertiseId,
    caller: Caller,
    context: Context,
    body: CancellationRequest | None = None,
) -> ExpertiseView:
    reason = body.reason if body is not None else None
    return full_view(context, await workflows.cancel_tele_expertise(context, caller, expertise_id, reason))


@router.post(
    "/tele-expertises/{expertise_id}/report",
    operation_id="teleExpertises.report",
    response_model=ExpertiseView,
    summary="The requis answers with his report; the two acts (RQD, TE2) are recorded",
    dependencies=[require_roles(*REQUIS_ROLES)],
    responses=documented(401, 403, 404, 409, 422),
)
async def report_tele_expertise(
    expertise_id: ExpertiseId, body: ReportRequest, caller: Caller, context: Context
) -> ExpertiseView:
    """Emits one ActRecorded for the requérant (RQD) and one for the requis (TE2), in this transaction."""
    return full_view(context, await workflows.report_tele_expertise(context, caller, expertise_id, body))


@router.post(
    "/tele-expertises/{expertise_id}/incidents",
    operation_id="teleExpertises.recordIncident",
    status_code=201,
    response_model=TraceEntryView,
    summary="Record a technical incident in the trace (any state)",
    dependencies=[require_roles(*PARTY_ROLES)],
    responses=documented(401, 403, 404, 422),
)
async def record_tele_expertise_incident(
    expertise_id: ExpertiseId, body: IncidentRequest, caller: Caller, context: Context
) -> TraceEntryView:
    entry = await workflows.record_tele_expertise_incident(context, caller, expertise_id, body.description)
    return trace_entry_view(entry)


@router.get(
    "/tele-expertises/{expertise_id}/trace",
    operation_id="teleExpertises.getTrace",
    response_model=TraceView,
    summary="The immutable trace (JSON, or a PDF report with Accept: application/pdf)",
    responses={
        200: {"content": {"application/json": {}, PDF: {}}, "description": "The trace"},
        **documented(401, 404),
    },
)
async def get_trace(
    expertise_id: ExpertiseId,
    caller: Caller,
    context: Context,
    accept_header: Annotated[str | None, Header(alias="Accept")] = None,
) -> Any:
    """CSP R6316-4: report, acts and prescriptions, identities of the professionals, date and time of
    each step, technical incidents. Entries are append-only; the database refuses to change them."""
    file, entries = await workflows.trace_of(context, caller, expertise_id)
    view = full_view(context, file)
    trace = TraceView(**view.model_dump(), entries=[trace_entry_view(entry) for entry in entries])
    if accept_header is not None and wants_pdf(accept_header):
        # fpdf2 costs ~20 MB resident: it is loaded on the first PDF export, not at start.
        from telemed_service.pdf import trace_pdf

        return Response(
            content=trace_pdf(trace, context.now()),
            media_type=PDF,
            headers={"Content-Disposition": f'inline; filename="tele-expertise-{file.row.id}.pdf"'},
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
    operation_id="careRelationships.declare",
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
    body: CareRelationshipRequest, caller: Caller, context: Context, response: Response
) -> CareRelationshipView:
    """Kept per practice: an EHPAD's request may name a dentist the resident knows (avenant 1 art. 58).
    Declaring the same relationship again answers 200 with the first declaration."""
    declared, created = await workflows.declare_care_relationship(context, caller, body)
    if not created:
        response.status_code = 200
    return care_relationship_view(declared)
