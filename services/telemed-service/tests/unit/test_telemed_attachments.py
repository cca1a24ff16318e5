"""Attachments: images, X-rays (DICOM, JPEG, PNG) and PDF within configured size and count limits."""

import hashlib
from datetime import UTC, datetime
from uuid import UUID

import pytest
from pydantic import ValidationError

from dentalink_contracts.values import Ins, InsOid
from telemed_service.domain import (
    Attachment,
    AttachmentPolicy,
    AttachmentRejectedError,
    AttachmentRule,
    Professional,
    Report,
    Situation,
    TeleExpertise,
    accept,
    answer,
    check_attachment,
    check_attachments,
    request_expertise,
)

SHA = hashlib.sha256(b"panoramique").hexdigest()
DEFAULT = AttachmentPolicy()


def attachment(content_type: str = "image/jpeg", size: int = 1_000) -> Attachment:
    return Attachment(content_type=content_type, size_bytes=size, sha256=SHA)


@pytest.mark.parametrize("content_type", ["image/jpeg", "image/png", "application/dicom", "application/pdf"])
def test_images_xrays_and_pdf_are_accepted(content_type: str) -> None:
    accepted = attachment(content_type)
    check_attachment(accepted, DEFAULT)  # a refusal raises AttachmentRejectedError
    assert accepted.content_type in DEFAULT.allowed_content_types


@pytest.mark.parametrize("content_type", ["text/html", "application/zip", "image/svg+xml", "video/mp4"])
def test_other_types_are_rejected(content_type: str) -> None:
    with pytest.raises(AttachmentRejectedError) as rejected:
        check_attachment(attachment(content_type), DEFAULT)
    assert rejected.value.rule_code == AttachmentRule.TYPE_NOT_ALLOWED


def test_content_type_is_normalised() -> None:
    file = attachment("Application/DICOM; transfer-syntax=1.2.840.10008.1.2.1")
    assert file.content_type == "application/dicom"
    check_attachment(file, DEFAULT)


def test_size_limit_is_inclusive() -> None:
    policy = AttachmentPolicy(max_size_bytes=10)
    check_attachment(attachment(size=10), policy)
    with pytest.raises(AttachmentRejectedError) as rejected:
        check_attachment(attachment(size=11), policy)
    assert rejected.value.rule_code == AttachmentRule.TOO_LARGE


def test_count_and_total_limits() -> None:
    policy = AttachmentPolicy(max_count=2, max_total_bytes=100)
    check_attachments([attachment(size=50), attachment(size=50)], policy)
    with pytest.raises(AttachmentRejectedError) as too_many:
        check_attachments([attachment(size=1)] * 3, policy)
    assert too_many.value.rule_code == AttachmentRule.TOO_MANY
    with pytest.raises(AttachmentRejectedError) as too_big:
        check_attachments([attachment(size=50), attachment(size=51)], policy)
    assert too_big.value.rule_code == AttachmentRule.TOTAL_TOO_LARGE


def test_allowed_types_are_configuration() -> None:
    policy = AttachmentPolicy(allowed_content_types=frozenset({"Image/TIFF"}))
    check_attachment(attachment("image/tiff"), policy)
    with pytest.raises(AttachmentRejectedError):
        check_attachment(attachment("image/jpeg"), policy)


@pytest.mark.parametrize(
    "fields",
    [
        {"size_bytes": 0},
        {"sha256": SHA.upper()},
        {"sha256": SHA[:-1]},
        {"content_type": ""},
    ],
)
def test_malformed_attachment_is_rejected(fields: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Attachment.model_validate({"content_type": "image/png", "size_bytes": 1, "sha256": SHA, **fields})


def open_with(attachments: tuple[Attachment, ...], policy: AttachmentPolicy) -> TeleExpertise:
    return request_expertise(
        expertise_id=UUID(int=5),
        situation=Situation.RARE_DISEASE,
        requerant=Professional(rpps="10000000001", profession="dentist"),
        requis=Professional(rpps="10000000002", profession="physician", specialty="medical_genetics"),
        known_relationship=False,
        patient=Ins(matricule="295109912611193", oid=InsOid.NIR_TEST),
        reasons="Agénésies multiples.",
        now=datetime(2025, 1, 6, 10, 0, tzinfo=UTC),
        attachments=attachments,
        policy=policy,
    ).expertise


def test_request_and_answer_apply_the_policy() -> None:
    policy = AttachmentPolicy(max_size_bytes=100)
    with pytest.raises(AttachmentRejectedError):
        open_with((attachment(size=101),), policy)
    expertise = open_with((attachment(size=100),), policy)
    assert expertise.attachments == (attachment(size=100),)
    accepted = accept(expertise, "10000000002", datetime(2025, 1, 6, 11, 0, tzinfo=UTC)).expertise
    report = Report(text="Dysplasie probable.", attachments=(attachment("application/zip"),))
    with pytest.raises(AttachmentRejectedError):
        answer(accepted, "10000000002", report, datetime(2025, 1, 6, 12, 0, tzinfo=UTC), policy)
