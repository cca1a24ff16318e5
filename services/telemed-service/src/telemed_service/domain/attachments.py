"""Files sent with a request or a report: what they are, and the configured limits they must respect."""

from collections.abc import Iterable
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, PositiveInt, StringConstraints, field_validator

from telemed_service.domain.errors import AttachmentRejectedError

MIB = 1024 * 1024

# Images, X-rays (DICOM, JPEG, PNG) and PDF documents: the "useful data" of a request (DOMAIN.md §6).
DEFAULT_ALLOWED_CONTENT_TYPES = frozenset({"image/jpeg", "image/png", "application/dicom", "application/pdf"})

Sha256Hex = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


def normalise_content_type(content_type: str) -> str:
    """Media type without parameters, lower case (RFC 9110 §8.3.1: type and subtype are case-insensitive)."""
    return content_type.split(";", 1)[0].strip().lower()


class Attachment(BaseModel):
    """A stored file, referenced by its SHA-256, with its media type and size in bytes (CSP R6316-4)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    content_type: Annotated[str, StringConstraints(min_length=3, max_length=255)]
    size_bytes: PositiveInt
    sha256: Sha256Hex
    name: Annotated[str, StringConstraints(min_length=1, max_length=255)] | None = None

    @field_validator("content_type")
    @classmethod
    def _normalised(cls, value: str) -> str:
        return normalise_content_type(value)


class AttachmentPolicy(BaseModel):
    """Configured attachment limits; the defaults are **assumptions**, no source fixes them (DOMAIN.md §6)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    allowed_content_types: frozenset[str] = DEFAULT_ALLOWED_CONTENT_TYPES
    max_size_bytes: PositiveInt = 50 * MIB
    max_count: PositiveInt = 20
    max_total_bytes: PositiveInt = 200 * MIB

    @field_validator("allowed_content_types")
    @classmethod
    def _normalised(cls, value: frozenset[str]) -> frozenset[str]:
        return frozenset(normalise_content_type(content_type) for content_type in value)


class AttachmentRule(StrEnum):
    """Stable codes of the attachment limits."""

    TYPE_NOT_ALLOWED = "attachment_type_not_allowed"
    TOO_LARGE = "attachment_too_large"
    TOO_MANY = "too_many_attachments"
    TOTAL_TOO_LARGE = "attachments_total_too_large"


def check_attachment(attachment: Attachment, policy: AttachmentPolicy) -> None:
    """Raise AttachmentRejectedError when one file's type or size breaks the policy."""
    if attachment.content_type not in policy.allowed_content_types:
        raise AttachmentRejectedError(
            AttachmentRule.TYPE_NOT_ALLOWED, f"files of type {attachment.content_type} are not accepted"
        )
    if attachment.size_bytes > policy.max_size_bytes:
        raise AttachmentRejectedError(
            AttachmentRule.TOO_LARGE, f"a file may not exceed {policy.max_size_bytes} bytes"
        )


def check_attachments(attachments: Iterable[Attachment], policy: AttachmentPolicy) -> None:
    """Raise AttachmentRejectedError when any file, their number or their total size breaks the policy."""
    files = tuple(attachments)
    if len(files) > policy.max_count:
        message = f"at most {policy.max_count} files may be sent"
        raise AttachmentRejectedError(AttachmentRule.TOO_MANY, message)
    for attachment in files:
        check_attachment(attachment, policy)
    if sum(attachment.size_bytes for attachment in files) > policy.max_total_bytes:
        raise AttachmentRejectedError(
            AttachmentRule.TOTAL_TOO_LARGE,
            f"the files together may not exceed {policy.max_total_bytes} bytes",
        )
