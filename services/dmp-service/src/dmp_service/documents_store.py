"""Documents in the database: filing, replacing (new version), reading; used by the API and the events.

Each version is queued for the national DMP when it is filed; the push job takes it from there.
"""

import base64
import binascii
import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from dmp_service.domain import (
    DocumentMetadata,
    DocumentTooLarge,
    DocumentVersion,
    PushStatus,
    check_size,
    content_digest,
    file_document,
    queue_push,
    supersede,
)
from dmp_service.metrics import documents_filed
from dmp_service.models import DocumentContent, DocumentRow, DocumentVersionRow, PatientRecord
from dmp_service.queries import find_owned
from dmp_service.schemas import DocumentView, PushView, VersionView
from servicekit import InvalidField, ProblemError, invalid_field
from servicekit.telemetry import count_after_commit


@dataclass(frozen=True)
class Filing:
    """Who files and from where: the professional, their practice, and the document's origin."""

    by_rpps: str | None
    by_practice: str | None
    source: str
    source_ref: str | None = None


def decode_content(content_base64: str, limit_bytes: int, field: str = "content_base64") -> bytes:
    """The bytes of a base64 content, within the size limit (413) and well-formed (422)."""
    # Reject before decoding: base64 is 4 characters per 3 bytes.
    if len(content_base64) // 4 * 3 > limit_bytes + 3:
        raise too_large(DocumentTooLarge(len(content_base64) // 4 * 3, limit_bytes))
    try:
        content = base64.b64decode(content_base64, validate=True)
    except (binascii.Error, ValueError) as error:
        raise invalid_field(field, "not valid base64", "base64") from error
    try:
        check_size(len(content), limit_bytes)
    except DocumentTooLarge as error:
        raise too_large(error) from error
    if not content:
        raise invalid_field(field, "a document cannot be empty", "empty")
    return content


def too_large(error: DocumentTooLarge) -> ProblemError:
    return ProblemError(
        413,
        "document-too-large",
        "The document exceeds the size limit.",
        f"The limit is {error.limit_bytes} bytes.",
        limit_bytes=error.limit_bytes,
    )


def checked_digest(content: bytes, declared: str | None, field: str = "sha256") -> str:
    """The content's SHA-256; when the caller declared one it must match (422 `sha256-mismatch`)."""
    digest = content_digest(content)
    if declared is not None and declared.lower() != digest:
        raise ProblemError(
            422,
            "sha256-mismatch",
            "The content does not match its SHA-256.",
            "The SHA-256 computed over the decoded content differs from the one declared.",
            errors=[InvalidField(field=field, message="does not match the content", code="mismatch")],
        )
    return digest


def metadata_of(
    *,
    type_code: str,
    title: str,
    author_rpps: str,
    date_of_care: date,
    content_type: str,
    content: bytes,
    sha256: str,
) -> DocumentMetadata:
    try:
        return DocumentMetadata(
            type_code=type_code,
            title=title,
            author_rpps=author_rpps,
            date_of_care=date_of_care,
            content_type=content_type,
            size_bytes=len(content),
            sha256=sha256,
        )
    except ValueError as error:
        raise ProblemError(
            422, "invalid-document", "The document's metadata is invalid.", str(error)
        ) from error


def _version_row(version: DocumentVersion, filing: Filing, now: datetime) -> DocumentVersionRow:
    push = queue_push(now)
    meta = version.metadata
    return DocumentVersionRow(
        id=version.version_id,
        document_id=version.document_id,
        number=version.number,
        type_code=meta.type_code,
        title=meta.title,
        author_rpps=meta.author_rpps,
        date_of_care=meta.date_of_care,
        content_type=meta.content_type,
        size_bytes=meta.size_bytes,
        sha256=meta.sha256,
        filed_at=version.filed_at,
        filed_by_rpps=filing.by_rpps,
        filed_by_practice=filing.by_practice,
        supersedes=version.supersedes,
        push_status=push.status.value,
        push_attempts=push.attempts,
        push_next_at=push.next_attempt_at,
    )


async def _store_content(
    session: AsyncSession, row: DocumentVersionRow, content: bytes, filing: Filing
) -> None:
    """The bytes of a version just filed (its row flushed), counted as filed once the transaction commits."""
    session.add(DocumentContent(version_id=row.id, content=content))
    await session.flush()
    count_after_commit(session, documents_filed, 1, {"source": filing.source})


async def file_new_document(
    session: AsyncSession,
    record: PatientRecord,
    metadata: DocumentMetadata,
    content: bytes,
    filing: Filing,
    now: datetime,
) -> tuple[DocumentRow, DocumentVersionRow]:
    """Version 1 of a new document, queued for the national DMP (DOMAIN.md §5)."""
    version = file_document(uuid.uuid4(), uuid.uuid4(), metadata, now)
    document = DocumentRow(
        id=version.document_id,
        record_id=record.id,
        source=filing.source,
        source_ref=filing.source_ref,
        current_version=1,
        created_at=now,
    )
    row = _version_row(version, filing, now)
    session.add(document)
    await session.flush()
    session.add(row)
    await session.flush()
    await _store_content(session, row, content, filing)
    return document, row


def domain_version(row: DocumentVersionRow) -> DocumentVersion:
    return DocumentVersion(
        version_id=row.id,
        document_id=row.document_id,
        number=row.number,
        metadata=DocumentMetadata(
            type_code=row.type_code,
            title=row.title,
            author_rpps=row.author_rpps,
            date_of_care=row.date_of_care,
            content_type=row.content_type,
            size_bytes=row.size_bytes,
            sha256=row.sha256,
        ),
        filed_at=row.filed_at,
        supersedes=row.supersedes,
        superseded_at=row.superseded_at,
    )


async def replace_document(
    session: AsyncSession,
    document: DocumentRow,
    current: DocumentVersionRow,
    metadata: DocumentMetadata,
    content: bytes,
    filing: Filing,
    now: datetime,
) -> DocumentVersionRow:
    """A new version superseding `current` (locked by the caller); the old one stays readable."""
    old, new = supersede(domain_version(current), uuid.uuid4(), metadata, max(now, current.filed_at))
    current.superseded_at = old.superseded_at
    document.current_version = new.number
    row = _version_row(new, filing, now)
    session.add_all([current, document, row])
    try:
        await session.flush()
    except IntegrityError as error:
        raise ProblemError(409, "version-conflict", "The document changed meanwhile; retry.") from error
    await _store_content(session, row, content, filing)
    return row


async def find_document(
    session: AsyncSession, record_id: uuid.UUID, document_id: uuid.UUID, *, lock: bool = False
) -> DocumentRow:
    return await find_owned(
        session,
        DocumentRow,
        document_id,
        ProblemError(404, "document-not-found", "No such document in this record."),
        lock=lock,
        record_id=record_id,
    )


async def versions_of(session: AsyncSession, document_id: uuid.UUID) -> list[DocumentVersionRow]:
    rows = (
        (
            await session.execute(
                select(DocumentVersionRow)
                .where(DocumentVersionRow.document_id == document_id)  # type: ignore[arg-type]
                .order_by(DocumentVersionRow.number)  # type: ignore[arg-type]
            )
        )
        .scalars()
        .all()
    )
    return list(rows)


async def current_version(
    session: AsyncSession, document: DocumentRow, *, lock: bool = False
) -> DocumentVersionRow:
    query = select(DocumentVersionRow).where(
        DocumentVersionRow.document_id == document.id,  # type: ignore[arg-type]
        DocumentVersionRow.number == document.current_version,  # type: ignore[arg-type]
    )
    if lock:
        query = query.with_for_update()
    return (await session.execute(query)).scalar_one()


async def content_of(session: AsyncSession, version_id: uuid.UUID) -> bytes:
    row = await session.get(DocumentContent, version_id)
    if row is None:
        raise ProblemError(404, "document-not-found", "No such document version.")
    return row.content


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
