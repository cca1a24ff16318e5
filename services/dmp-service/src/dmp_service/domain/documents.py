"""Documents, the core of the record: metadata, size limit, versioning (DOMAIN.md §5).

A document is never destroyed: a correction files a new version that supersedes the current one,
and the history chain 1..n stays readable. Ids and timestamps are passed in (no clock, no I/O).
"""

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from itertools import pairwise
from uuid import UUID

from dmp_service.domain.errors import BrokenHistory, DocumentTooLarge, VersionConflict
from dmp_service.domain.identifiers import require_aware, require_rpps

# Assumption: no public size limit was found for DMP documents; configuration, default 10 MiB.
DEFAULT_MAX_DOCUMENT_BYTES = 10 * 1024 * 1024

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_MEDIA_TYPE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$")


@dataclass(frozen=True)
class DocumentMetadata:
    """What describes a document without its content; `type_code` is the DMP document type (LOINC)."""

    type_code: str
    title: str
    author_rpps: str
    date_of_care: date
    content_type: str
    size_bytes: int
    sha256: str

    def __post_init__(self) -> None:
        if not self.type_code.strip() or not self.title.strip():
            raise ValueError("a document needs a type code and a title")
        require_rpps(self.author_rpps)
        if not _MEDIA_TYPE.match(self.content_type):
            raise ValueError("content type must be a lower-case media type such as application/pdf")
        if self.size_bytes <= 0:
            raise ValueError("a document cannot be empty")
        if not _SHA256.match(self.sha256):
            raise ValueError("sha256 must be 64 lower-case hexadecimal digits")


def content_digest(content: bytes) -> str:
    """SHA-256 of the content as lower-case hex, the form stored in `DocumentMetadata.sha256`."""
    return hashlib.sha256(content).hexdigest()


def check_size(size_bytes: int, limit_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES) -> None:
    """Raise DocumentTooLarge when `size_bytes` exceeds `limit_bytes` (limit: assumption, configurable)."""
    if size_bytes > limit_bytes:
        raise DocumentTooLarge(size_bytes, limit_bytes)


@dataclass(frozen=True)
class DocumentVersion:
    """Version `number` of document `document_id`; `supersedes` links to the previous version."""

    version_id: UUID
    document_id: UUID
    number: int
    metadata: DocumentMetadata
    filed_at: datetime
    supersedes: UUID | None = None
    superseded_at: datetime | None = None

    def __post_init__(self) -> None:
        require_aware(self.filed_at, "filing time")
        if self.number < 1 or (self.number == 1) != (self.supersedes is None):
            raise ValueError("version 1 supersedes nothing; every later version supersedes one")
        if self.superseded_at is not None and require_aware(self.superseded_at, "time") < self.filed_at:
            raise ValueError("a version cannot be superseded before it was filed")

    @property
    def is_current(self) -> bool:
        """Whether no later version replaced this one."""
        return self.superseded_at is None


def file_document(
    version_id: UUID, document_id: UUID, metadata: DocumentMetadata, filed_at: datetime
) -> DocumentVersion:
    """Version 1 of a new document."""
    return DocumentVersion(version_id, document_id, 1, metadata, filed_at)


def supersede(
    current: DocumentVersion, version_id: UUID, metadata: DocumentMetadata, filed_at: datetime
) -> tuple[DocumentVersion, DocumentVersion]:
    """Replace `current` by a new version: returns (the old one marked superseded, the new one)."""
    if not current.is_current:
        raise VersionConflict(f"version {current.number} was already superseded")
    if filed_at < current.filed_at:
        raise ValueError("a new version cannot be filed before the version it replaces")
    new = DocumentVersion(
        version_id=version_id,
        document_id=current.document_id,
        number=current.number + 1,
        metadata=metadata,
        filed_at=filed_at,
        supersedes=current.version_id,
    )
    return replace(current, superseded_at=filed_at), new


def history_chain(versions: Iterable[DocumentVersion]) -> list[DocumentVersion]:
    """The versions of one document ordered 1..n, checked to form one chain ending in the current one."""
    ordered = sorted(versions, key=lambda version: version.number)
    if not ordered:
        raise BrokenHistory("a document has at least one version")
    if len({version.document_id for version in ordered}) != 1:
        raise BrokenHistory("versions of several documents were mixed")
    if [version.number for version in ordered] != list(range(1, len(ordered) + 1)):
        raise BrokenHistory("version numbers are not 1..n without gaps")
    for older, newer in pairwise(ordered):
        if newer.supersedes != older.version_id or older.superseded_at != newer.filed_at:
            raise BrokenHistory(f"version {newer.number} does not supersede version {older.number}")
    if not ordered[-1].is_current:
        raise BrokenHistory("the last version is marked superseded")
    return ordered
