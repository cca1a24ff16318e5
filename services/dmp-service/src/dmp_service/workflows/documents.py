"""Documents, the core of the record: deposit, list, read, replace by a new version (DOMAIN.md §5).

Each version is queued for the national DMP when it is filed (the push job takes it from there),
announced by a DocumentFiled in the filing's transaction (keyed by the patient key, so one patient's
filings stay ordered) and counted as filed once its unit of work commits. Filing is shared with the
tele-expertise reports (`workflows.reports`) and the message attachments (`workflows.messages`).
"""

import base64
import binascii
import uuid
from dataclasses import dataclass
from datetime import date, datetime

from dentalink_contracts.events import DocumentFiled
from dmp_service import metrics
from dmp_service.context import DmpContext
from dmp_service.domain import (
    DocumentMetadata,
    DocumentTooLarge,
    DocumentVersion,
    RecordOperation,
    check_size,
    content_digest,
    file_document,
    queue_push,
    supersede,
)
from dmp_service.errors import (
    DigestMismatch,
    InvalidDocument,
    InvalidInput,
    Missing,
    NotFound,
    StaleDocumentVersion,
)
from dmp_service.models import DocumentContent, DocumentRow, DocumentVersionRow, PatientRecord
from dmp_service.schemas import DocumentDeposit, DocumentReplacement
from dmp_service.store import DmpStore, DocumentFilters, FiledDocument, Slice
from dmp_service.workflows.access import guard, guarded_unit
from servicekit import CallerContext, UnitOfWork


@dataclass(frozen=True)
class Filing:
    """Who files and from where: the professional, their practice, and the document's origin."""

    by_rpps: str | None
    by_practice: str
    source: str
    source_ref: str | None = None


@dataclass(frozen=True)
class DocumentHistory:
    """A document of a record with every version, 1..n."""

    record: PatientRecord
    document: DocumentRow
    versions: list[DocumentVersionRow]

    @property
    def current(self) -> DocumentVersionRow:
        return next(row for row in self.versions if row.number == self.document.current_version)


@dataclass(frozen=True)
class DocumentListing:
    """One page of a record's documents with their current versions."""

    record: PatientRecord
    page: Slice[FiledDocument]


@dataclass(frozen=True)
class Content:
    """The bytes of one version of a document."""

    version: DocumentVersionRow
    content: bytes


def decode_content(content_base64: str, limit_bytes: int, field: str = "content_base64") -> bytes:
    """The bytes of a base64 content, within the size limit (`DocumentTooLarge`) and well-formed."""
    # Reject before decoding: base64 is 4 characters per 3 bytes.
    if len(content_base64) // 4 * 3 > limit_bytes + 3:
        raise DocumentTooLarge(len(content_base64) // 4 * 3, limit_bytes)
    try:
        content = base64.b64decode(content_base64, validate=True)
    except (binascii.Error, ValueError) as error:
        raise InvalidInput(field, "not valid base64", "base64") from error
    check_size(len(content), limit_bytes)
    if not content:
        raise InvalidInput(field, "a document cannot be empty", "empty")
    return content


def checked_digest(content: bytes, declared: str | None, field: str = "sha256") -> str:
    """The content's SHA-256; when the caller declared one it must match (`DigestMismatch`)."""
    digest = content_digest(content)
    if declared is not None and declared.lower() != digest:
        raise DigestMismatch(field)
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
        raise InvalidDocument(str(error)) from error


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


async def _store_content(
    uow: UnitOfWork[DmpStore], record: PatientRecord, row: DocumentVersionRow, content: bytes, filing: Filing
) -> None:
    """The bytes of a version just filed, announced (DocumentFiled, ids only) and counted as filed
    once the unit of work commits."""
    await uow.store.save(DocumentContent(version_id=row.id, content=content))
    identity = await uow.store.practice_identity(record.matricule, filing.by_practice)
    event = DocumentFiled(
        document_id=row.document_id,
        version_id=row.id,
        version=row.number,
        practice_id=filing.by_practice,
        patient_key=record.patient_key,
        identity_id=None if identity is None else identity.identity_id,
        filed_at=row.filed_at,
    )
    # The version id is the event id: a version is filed once, consumers dedup any redelivery by it.
    await uow.outbox.publish(event, key=event.message_key, event_id=row.id)
    uow.outbox.count(metrics.documents_filed, 1, {"source": filing.source})


async def file_new_document(
    uow: UnitOfWork[DmpStore],
    record: PatientRecord,
    metadata: DocumentMetadata,
    content: bytes,
    filing: Filing,
    now: datetime,
) -> FiledDocument:
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
    await uow.store.save(document, row)
    await _store_content(uow, record, row, content, filing)
    return FiledDocument(document, row)


async def replace_document(
    uow: UnitOfWork[DmpStore],
    record: PatientRecord,
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
    await uow.store.save_new_version(current, document, row)
    await _store_content(uow, record, row, content, filing)
    return row


async def find_document(
    uow: UnitOfWork[DmpStore], record_id: uuid.UUID, document_id: uuid.UUID, *, lock: bool = False
) -> DocumentRow:
    document = await uow.store.owned(DocumentRow, document_id, lock=lock, record_id=record_id)
    if document is None:
        raise NotFound(Missing.DOCUMENT)
    return document


def _checked_date_of_care(day: date, context: DmpContext) -> date:
    if day > context.today():
        raise InvalidInput("date_of_care", "cannot be in the future", "future")
    return day


def _metadata(
    body: DocumentDeposit, caller: CallerContext, context: DmpContext
) -> tuple[DocumentMetadata, bytes]:
    content = decode_content(body.content_base64, context.settings.max_document_bytes)
    digest = checked_digest(content, body.sha256)
    metadata = metadata_of(
        type_code=body.type_code,
        title=body.title,
        author_rpps=body.author_rpps or caller.professional.rpps,
        date_of_care=_checked_date_of_care(body.date_of_care, context),
        content_type=body.content_type,
        content=content,
        sha256=digest,
    )
    return metadata, content


async def _guarded_document(
    uow: UnitOfWork[DmpStore],
    context: DmpContext,
    caller: CallerContext,
    matricule: str,
    operation: RecordOperation,
    document_id: uuid.UUID,
    *,
    resource_type: str = "document",
    lock: bool = False,
) -> tuple[PatientRecord, DocumentRow]:
    """The record and its document `document_id`, once `operation` on it is allowed (traced)."""
    record = await guard(
        uow, context, caller, matricule, operation, resource_type=resource_type, resource_id=document_id
    )
    return record, await find_document(uow, record.id, document_id, lock=lock)


async def _history(
    uow: UnitOfWork[DmpStore], record: PatientRecord, document: DocumentRow
) -> DocumentHistory:
    return DocumentHistory(record, document, await uow.store.versions(document.id))


async def deposit_document(
    context: DmpContext, caller: CallerContext, matricule: str, body: DocumentDeposit
) -> DocumentHistory:
    """File a document in the record, queued for the national DMP."""
    async with guarded_unit(context) as uow:
        record = await guard(
            uow, context, caller, matricule, RecordOperation.ADD_DOCUMENT, resource_type="document"
        )
        metadata, content = _metadata(body, caller, context)
        filed = await file_new_document(
            uow,
            record,
            metadata,
            content,
            Filing(by_rpps=caller.professional.rpps, by_practice=caller.practice_id, source="deposit"),
            context.now(),
        )
        return await _history(uow, record, filed.document)


async def list_documents(
    context: DmpContext,
    caller: CallerContext,
    matricule: str,
    filters: DocumentFilters,
    *,
    cursor: str | None,
    limit: int,
) -> DocumentListing:
    """The record's documents (current versions), filtered."""
    async with guarded_unit(context) as uow:
        record = await guard(
            uow, context, caller, matricule, RecordOperation.READ_DOCUMENTS, resource_type="document"
        )
        page = await uow.store.documents_page(record.id, filters, cursor=cursor, limit=limit)
    return DocumentListing(record, page)


async def read_document(
    context: DmpContext, caller: CallerContext, matricule: str, document_id: uuid.UUID
) -> DocumentHistory:
    """A document: its current version and its whole history."""
    async with guarded_unit(context) as uow:
        record, document = await _guarded_document(
            uow, context, caller, matricule, RecordOperation.READ_DOCUMENTS, document_id
        )
        return await _history(uow, record, document)


async def read_content(
    context: DmpContext, caller: CallerContext, matricule: str, document_id: uuid.UUID, version: int | None
) -> Content:
    """The bytes of the document's current version, or of `version`."""
    async with guarded_unit(context) as uow:
        _, document = await _guarded_document(
            uow,
            context,
            caller,
            matricule,
            RecordOperation.READ_DOCUMENTS,
            document_id,
            resource_type="document_content",
        )
        versions = await uow.store.versions(document.id)
        wanted = version or document.current_version
        row = next((row for row in versions if row.number == wanted), None)
        if row is None:
            raise NotFound(Missing.DOCUMENT_VERSION)
        stored = await uow.store.get(DocumentContent, row.id)
        if stored is None:
            raise NotFound(Missing.DOCUMENT_CONTENT)
    return Content(row, stored.content)


async def replace(
    context: DmpContext,
    caller: CallerContext,
    matricule: str,
    document_id: uuid.UUID,
    body: DocumentReplacement,
) -> DocumentHistory:
    """A new version of the document; the previous ones are kept."""
    async with guarded_unit(context) as uow:
        record, document = await _guarded_document(
            uow, context, caller, matricule, RecordOperation.REPLACE_DOCUMENT, document_id, lock=True
        )
        if body.replaces_version is not None and body.replaces_version != document.current_version:
            raise StaleDocumentVersion(document.current_version)
        current = await uow.store.current_version(document, lock=True)
        metadata, content = _metadata(body, caller, context)
        await replace_document(
            uow,
            record,
            document,
            current,
            metadata,
            content,
            Filing(by_rpps=caller.professional.rpps, by_practice=caller.practice_id, source=document.source),
            context.now(),
        )
        return await _history(uow, record, document)
