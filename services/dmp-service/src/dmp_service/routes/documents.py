"""Documents, the core of the record: deposit, list, read, replace by a new version (DOMAIN.md §5).

Each version is pushed to the national DMP by the push job; its status is on the version.
With `Accept: application/fhir+json` a document is a FHIR R4 DocumentReference and a list a Bundle.
"""

import base64
import uuid
from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from dmp_service.documents_store import (
    Filing,
    checked_digest,
    content_of,
    content_url,
    current_version,
    decode_content,
    document_view,
    file_new_document,
    find_document,
    metadata_of,
    replace_document,
    version_view,
    versions_of,
)
from dmp_service.domain import DocumentMetadata, PushStatus, RecordOperation
from dmp_service.fhir import FHIR_JSON, document_reference, fhir_response, searchset, wants_fhir
from dmp_service.guard import guard
from dmp_service.models import DocumentRow, DocumentVersionRow, PatientRecord
from dmp_service.routes.common import problems
from dmp_service.schemas import DocumentDeposit, DocumentDetail, DocumentReplacement, DocumentView, InsPath
from dmp_service.wiring import Dmp, DmpDep
from servicekit import Caller, CallerContext, ProblemError, Session, invalid_field
from servicekit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page, page_of, paged

router = APIRouter(tags=["documents"])

_FHIR_DOCUMENT = {"content": {FHIR_JSON: {"schema": {"type": "object", "title": "DocumentReference"}}}}
_FHIR_BUNDLE = {"content": {FHIR_JSON: {"schema": {"type": "object", "title": "Bundle"}}}}


def _checked_date_of_care(day: date, dmp: Dmp) -> date:
    if day > dmp.today():
        raise invalid_field("date_of_care", "cannot be in the future", "future")
    return day


def _metadata(body: DocumentDeposit, caller: CallerContext, dmp: Dmp) -> tuple[DocumentMetadata, bytes]:
    content = decode_content(body.content_base64, dmp.settings.max_document_bytes)
    digest = checked_digest(content, body.sha256)
    metadata = metadata_of(
        type_code=body.type_code,
        title=body.title,
        author_rpps=body.author_rpps or caller.professional.rpps,
        date_of_care=_checked_date_of_care(body.date_of_care, dmp),
        content_type=body.content_type,
        content=content,
        sha256=digest,
    )
    return metadata, content


async def _document(
    session: AsyncSession,
    dmp: Dmp,
    caller: CallerContext,
    ins: str,
    operation: RecordOperation,
    document_id: uuid.UUID,
    *,
    resource_type: str = "document",
    lock: bool = False,
) -> tuple[PatientRecord, DocumentRow]:
    """The record and its document `document_id`, once `operation` on it is allowed (traced)."""
    record = await guard(
        session, dmp, caller, ins, operation, resource_type=resource_type, resource_id=document_id
    )
    return record, await find_document(session, record.id, document_id, lock=lock)


async def _detail(
    session: AsyncSession, record: PatientRecord, document: DocumentRow, request: Request
) -> DocumentDetail | JSONResponse:
    versions = await versions_of(session, document.id)
    current = next(row for row in versions if row.number == document.current_version)
    url = content_url(record.matricule, document.id)
    if wants_fhir(request):
        return fhir_response(document_reference(record, document, current, url))
    view = document_view(record.matricule, document, current)
    return DocumentDetail(**view.model_dump(), versions=[version_view(row) for row in versions])


@router.post(
    "/patients/{ins}/documents",
    status_code=201,
    summary="File a document in the record (queued for the national DMP)",
    response_model=DocumentDetail,
    responses={**problems(413, 422), 201: _FHIR_DOCUMENT},
)
async def deposit_document(
    ins: InsPath, body: DocumentDeposit, request: Request, caller: Caller, session: Session, dmp: DmpDep
) -> DocumentDetail | JSONResponse:
    record = await guard(session, dmp, caller, ins, RecordOperation.ADD_DOCUMENT, resource_type="document")
    metadata, content = _metadata(body, caller, dmp)
    document, _ = await file_new_document(
        session,
        record,
        metadata,
        content,
        Filing(by_rpps=caller.professional.rpps, by_practice=caller.practice_id, source="deposit"),
        dmp.now(),
    )
    result = await _detail(session, record, document, request)
    if isinstance(result, JSONResponse):
        result.status_code = 201
    return result


@router.get(
    "/patients/{ins}/documents",
    summary="List the record's documents (current versions), with filters",
    response_model=Page[DocumentView],
    responses={**problems(400), 200: _FHIR_BUNDLE},
)
async def list_documents(
    ins: InsPath,
    request: Request,
    caller: Caller,
    session: Session,
    dmp: DmpDep,
    type_code: Annotated[str | None, Query(max_length=64)] = None,
    date_of_care_from: date | None = None,
    date_of_care_to: date | None = None,
    source: Annotated[str | None, Query(pattern="^(deposit|tele_expertise|message_attachment)$")] = None,
    push_status: PushStatus | None = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[DocumentView] | JSONResponse:
    record = await guard(session, dmp, caller, ins, RecordOperation.READ_DOCUMENTS, resource_type="document")
    query = (
        select(DocumentRow, DocumentVersionRow)
        .join(
            DocumentVersionRow,
            and_(
                DocumentVersionRow.document_id == DocumentRow.id,  # type: ignore[arg-type]
                DocumentVersionRow.number == DocumentRow.current_version,  # type: ignore[arg-type]
            ),
        )
        .where(DocumentRow.record_id == record.id)  # type: ignore[arg-type]
    )
    if type_code is not None:
        query = query.where(DocumentVersionRow.type_code == type_code)  # type: ignore[arg-type]
    if date_of_care_from is not None:
        query = query.where(DocumentVersionRow.date_of_care >= date_of_care_from)  # type: ignore[arg-type]
    if date_of_care_to is not None:
        query = query.where(DocumentVersionRow.date_of_care <= date_of_care_to)  # type: ignore[arg-type]
    if source is not None:
        query = query.where(DocumentRow.source == source)  # type: ignore[arg-type]
    if push_status is not None:
        query = query.where(DocumentVersionRow.push_status == push_status.value)  # type: ignore[arg-type]
    query = paged(query, DocumentRow.created_at, DocumentRow.id, cursor, limit)
    rows = [(document, version) for document, version in (await session.execute(query)).all()]
    page, next_cursor = page_of([_Pair(d, v) for d, v in rows], limit)
    if wants_fhir(request):
        params = {key: value for key, value in request.query_params.items() if key != "cursor"}
        next_url = (
            f"{request.url.path}?{urlencode({**params, 'cursor': next_cursor})}" if next_cursor else None
        )
        resources = [
            document_reference(record, pair.document, pair.version, content_url(ins, pair.document.id))
            for pair in page
        ]
        return fhir_response(searchset(resources, next_url))
    return Page(
        items=[document_view(ins, pair.document, pair.version) for pair in page], next_cursor=next_cursor
    )


class _Pair:
    """A document and its current version; exposes the sort key `page_of` reads."""

    def __init__(self, document: DocumentRow, version: DocumentVersionRow) -> None:
        self.document = document
        self.version = version
        self.created_at = document.created_at
        self.id = document.id


@router.get(
    "/patients/{ins}/documents/{document_id}",
    summary="A document: its current version and its whole history",
    response_model=DocumentDetail,
    responses={**problems(), 200: _FHIR_DOCUMENT},
)
async def read_document(
    ins: InsPath, document_id: uuid.UUID, request: Request, caller: Caller, session: Session, dmp: DmpDep
) -> DocumentDetail | JSONResponse:
    record, document = await _document(session, dmp, caller, ins, RecordOperation.READ_DOCUMENTS, document_id)
    return await _detail(session, record, document, request)


@router.get(
    "/patients/{ins}/documents/{document_id}/content",
    summary="The content of a document (current version, or `version`)",
    response_class=Response,
    responses={
        **problems(),
        200: {
            "content": {"application/octet-stream": {}},
            "description": "The bytes, with their media type.",
        },
    },
)
async def read_content(
    ins: InsPath,
    document_id: uuid.UUID,
    caller: Caller,
    session: Session,
    dmp: DmpDep,
    version: Annotated[int | None, Query(ge=1)] = None,
) -> Response:
    _, document = await _document(
        session,
        dmp,
        caller,
        ins,
        RecordOperation.READ_DOCUMENTS,
        document_id,
        resource_type="document_content",
    )
    versions = await versions_of(session, document.id)
    wanted = version or document.current_version
    row = next((row for row in versions if row.number == wanted), None)
    if row is None:
        raise ProblemError(404, "document-version-not-found", "This document has no such version.")
    content = await content_of(session, row.id)
    digest = base64.b64encode(bytes.fromhex(row.sha256)).decode()
    return Response(
        content,
        media_type=row.content_type,
        headers={
            "Repr-Digest": f"sha-256=:{digest}:",
            "ETag": f'"{row.sha256}"',
            "X-Document-Version": str(row.number),
        },
    )


@router.post(
    "/patients/{ins}/documents/{document_id}/versions",
    status_code=201,
    summary="Replace a document by a new version (the previous ones are kept)",
    response_model=DocumentDetail,
    responses={**problems(409, 413, 422), 201: _FHIR_DOCUMENT},
)
async def replace(
    ins: InsPath,
    document_id: uuid.UUID,
    body: DocumentReplacement,
    request: Request,
    caller: Caller,
    session: Session,
    dmp: DmpDep,
) -> DocumentDetail | JSONResponse:
    record, document = await _document(
        session, dmp, caller, ins, RecordOperation.REPLACE_DOCUMENT, document_id, lock=True
    )
    if body.replaces_version is not None and body.replaces_version != document.current_version:
        raise ProblemError(
            409,
            "version-conflict",
            "The version to replace is no longer the current one.",
            f"The current version is {document.current_version}.",
            current_version=document.current_version,
        )
    current = await current_version(session, document, lock=True)
    metadata, content = _metadata(body, caller, dmp)
    await replace_document(
        session,
        document,
        current,
        metadata,
        content,
        Filing(by_rpps=caller.professional.rpps, by_practice=caller.practice_id, source=document.source),
        dmp.now(),
    )
    result = await _detail(session, record, document, request)
    if isinstance(result, JSONResponse):
        result.status_code = 201
    return result
