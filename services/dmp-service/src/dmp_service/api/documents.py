"""Documents, the core of the record: deposit, list, read, replace by a new version (DOMAIN.md §5).

Each version is pushed to the national DMP by the push job; its status is on the version.
With `Accept: application/fhir+json` a document is a FHIR R4 DocumentReference and a list a Bundle.
"""

import base64
import uuid
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse, Response

from dmp_service.context import Context
from dmp_service.domain import PushStatus
from dmp_service.fhir import FHIR_JSON, document_reference, fhir_response, searchset, wants_fhir
from dmp_service.models import DocumentRow, DocumentVersionRow
from dmp_service.problems import ProblemRoute, problems
from dmp_service.schemas import (
    DocumentDeposit,
    DocumentDetail,
    DocumentReplacement,
    DocumentView,
    InsPath,
    PushView,
    VersionView,
)
from dmp_service.store import DocumentFilters
from dmp_service.workflows import documents as workflows
from dmp_service.workflows.documents import DocumentHistory
from servicekit import Caller
from servicekit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page
from servicekit.query import QueryDate
from servicekit.text import Text

router = APIRouter(tags=["documents"], route_class=ProblemRoute)

_FHIR_DOCUMENT = {"content": {FHIR_JSON: {"schema": {"type": "object", "title": "DocumentReference"}}}}
_FHIR_BUNDLE = {"content": {FHIR_JSON: {"schema": {"type": "object", "title": "Bundle"}}}}


def version_view(row: DocumentVersionRow) -> VersionView:
    return VersionView(
        version=row.number,
        version_id=row.id,
        status="current" if row.superseded_at is None else "superseded",
        type_code=row.type_code,
        title=row.title,
        author_rpps=row.author_rpps,
        date_of_care=row.date_of_care,
        content_type=row.content_type,
        size_bytes=row.size_bytes,
        sha256=row.sha256,
        filed_at=row.filed_at,
        filed_by_rpps=row.filed_by_rpps,
        filed_by_practice=row.filed_by_practice,
        supersedes_version_id=row.supersedes,
        superseded_at=row.superseded_at,
        push=PushView(
            status=PushStatus(row.push_status),
            attempts=row.push_attempts,
            next_attempt_at=row.push_next_at,
            pushed_at=row.pushed_at,
            national_id=row.national_id,
            last_error=row.push_last_error,
        ),
    )


def content_url(matricule: str, document_id: uuid.UUID) -> str:
    return f"/v1/patients/{matricule}/documents/{document_id}/content"


def document_view(matricule: str, document: DocumentRow, current: DocumentVersionRow) -> DocumentView:
    return DocumentView(
        id=document.id,
        source=document.source,
        created_at=document.created_at,
        current=version_view(current),
        content_url=content_url(matricule, document.id),
    )


def _detail(
    history: DocumentHistory, request: Request, status_code: int = 200
) -> DocumentDetail | JSONResponse:
    record, document, current = history.record, history.document, history.current
    if wants_fhir(request):
        url = content_url(record.matricule, document.id)
        return fhir_response(document_reference(record, document, current, url), status_code)
    view = document_view(record.matricule, document, current)
    return DocumentDetail(**view.model_dump(), versions=[version_view(row) for row in history.versions])


DateOfCareFrom = Annotated[
    QueryDate | None,
    Query(description="Only documents whose date of care is on or after this day (ISO 8601)."),
]
DateOfCareTo = Annotated[
    QueryDate | None,
    Query(description="Only documents whose date of care is on or before this day (ISO 8601)."),
]
PushStatusQuery = Annotated[
    PushStatus | None,
    Query(
        description="Only documents whose national DMP copy is in this state: `queued`, `pushed` or `failed`."
    ),
]
DocumentId = Annotated[uuid.UUID, Path(description="The document's id (stable across its versions).")]


@router.post(
    "/patients/{ins}/documents",
    operation_id="documents.deposit",
    status_code=201,
    summary="File a document in the record (queued for the national DMP)",
    response_model=DocumentDetail,
    responses={**problems(413, 422), 201: _FHIR_DOCUMENT},
)
async def deposit_document(
    ins: InsPath, body: DocumentDeposit, request: Request, caller: Caller, context: Context
) -> DocumentDetail | JSONResponse:
    history = await workflows.deposit_document(context, caller, ins, body)
    return _detail(history, request, status_code=201)


@router.get(
    "/patients/{ins}/documents",
    operation_id="documents.list",
    summary="List the record's documents (current versions), with filters",
    response_model=Page[DocumentView],
    responses={**problems(400), 200: _FHIR_BUNDLE},
)
async def list_documents(
    ins: InsPath,
    request: Request,
    caller: Caller,
    context: Context,
    type_code: Annotated[
        Text | None, Query(max_length=64, description="Only documents of this DMP type (LOINC code).")
    ] = None,
    date_of_care_from: DateOfCareFrom = None,
    date_of_care_to: DateOfCareTo = None,
    source: Annotated[
        str | None,
        Query(
            pattern="^(deposit|tele_expertise|message_attachment)$",
            description="Only documents filed this way: `deposit`, `tele_expertise` or `message_attachment`.",
        ),
    ] = None,
    push_status: PushStatusQuery = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[DocumentView] | JSONResponse:
    filters = DocumentFilters(type_code, date_of_care_from, date_of_care_to, source, push_status)
    listing = await workflows.list_documents(context, caller, ins, filters, cursor=cursor, limit=limit)
    page, next_cursor = listing.page.items, listing.page.next_cursor
    if wants_fhir(request):
        params = {key: value for key, value in request.query_params.items() if key != "cursor"}
        self_url = f"{request.url.path}?{request.url.query}" if request.url.query else request.url.path
        next_url = (
            f"{request.url.path}?{urlencode({**params, 'cursor': next_cursor})}" if next_cursor else None
        )
        resources = [
            document_reference(
                listing.record, pair.document, pair.version, content_url(ins, pair.document.id)
            )
            for pair in page
        ]
        return fhir_response(searchset(resources, self_url, next_url))
    return Page(
        items=[document_view(ins, pair.document, pair.version) for pair in page], next_cursor=next_cursor
    )


@router.get(
    "/patients/{ins}/documents/{document_id}",
    operation_id="documents.get",
    summary="A document: its current version and its whole history",
    response_model=DocumentDetail,
    responses={**problems(), 200: _FHIR_DOCUMENT},
)
async def read_document(
    ins: InsPath, document_id: DocumentId, request: Request, caller: Caller, context: Context
) -> DocumentDetail | JSONResponse:
    return _detail(await workflows.read_document(context, caller, ins, document_id), request)


@router.get(
    "/patients/{ins}/documents/{document_id}/content",
    operation_id="documents.getContent",
    summary="The content of a document (current version, or `version`)",
    response_class=Response,
    responses={
        **problems(),
        200: {
            # Served as deposited: `Content-Type` is the document's `content_type` (text/plain, a PDF…).
            "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}},
            "description": "The bytes, in the media type the document was deposited with (`content_type`).",
        },
    },
)
async def read_content(
    ins: InsPath,
    document_id: DocumentId,
    caller: Caller,
    context: Context,
    version: Annotated[
        int | None, Query(ge=1, description="The version to read (from 1); the current one when absent.")
    ] = None,
) -> Response:
    found = await workflows.read_content(context, caller, ins, document_id, version)
    row = found.version
    digest = base64.b64encode(bytes.fromhex(row.sha256)).decode()
    return Response(
        found.content,
        media_type=row.content_type,
        headers={
            "Repr-Digest": f"sha-256=:{digest}:",
            "ETag": f'"{row.sha256}"',
            "X-Document-Version": str(row.number),
        },
    )


@router.post(
    "/patients/{ins}/documents/{document_id}/versions",
    operation_id="documents.replace",
    status_code=201,
    summary="Replace a document by a new version (the previous ones are kept)",
    response_model=DocumentDetail,
    responses={**problems(409, 413, 422), 201: _FHIR_DOCUMENT},
)
async def replace(
    ins: InsPath,
    document_id: DocumentId,
    body: DocumentReplacement,
    request: Request,
    caller: Caller,
    context: Context,
) -> DocumentDetail | JSONResponse:
    history = await workflows.replace(context, caller, ins, document_id, body)
    return _detail(history, request, status_code=201)
