"""Pure helpers: content negotiation, attachment decoding and its problems, caller mapping, PDF export."""

import base64
import hashlib
from datetime import UTC, datetime
from uuid import UUID

import pytest
from pydantic import ValidationError

from dentalink_contracts.values import Ins, InsOid, Profession
from telemed_service.api import wants_pdf
from telemed_service.domain import DentalSpecialty, MedicalSpecialty, TelemedDomainError, known_specialty
from telemed_service.pdf import trace_pdf
from telemed_service.problems import problem_of
from telemed_service.schemas import AttachmentIn, PartyView, RequisIn, TraceEntryView, TraceView
from telemed_service.workflows import decode_files


@pytest.mark.parametrize(
    ("accept", "pdf"),
    [
        ("application/pdf", True),
        ("application/json", False),
        ("*/*", False),
        ("application/json, application/pdf;q=0.5", False),
        ("application/json;q=0.2, application/pdf", True),
        ("application/pdf;q=0", False),
        ("application/pdf;q=abc", False),
    ],
)
def test_pdf_only_when_asked_and_preferred(accept: str, pdf: bool) -> None:
    assert wants_pdf(accept) is pdf


def test_files_are_decoded_and_hashed() -> None:
    content = b"\x89PNG fake"
    [file] = decode_files(
        [AttachmentIn(content_type="Image/PNG", content_base64=base64.b64encode(content).decode())],
        "attachments",
    )
    assert file.content == content
    assert file.attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert (file.attachment.size_bytes, file.attachment.content_type) == (len(content), "image/png")


@pytest.mark.parametrize(
    ("encoded", "sha256", "kind"),
    [
        ("not base64!", None, "validation-error"),
        ("", None, "validation-error"),
        (base64.b64encode(b"x").decode(), "0" * 64, "attachment-checksum-mismatch"),
    ],
)
def test_bad_files_are_refused(encoded: str, sha256: str | None, kind: str) -> None:
    with pytest.raises((TelemedDomainError, ValidationError)) as raised:
        decode_files(
            [AttachmentIn(content_type="image/png", content_base64=encoded, sha256=sha256)], "attachments"
        )
    if isinstance(raised.value, TelemedDomainError):
        assert problem_of(raised.value).kind == kind


@pytest.mark.parametrize(
    ("profession", "specialty", "expected"),
    [
        (Profession.DENTIST, "oral_surgery", DentalSpecialty.ORAL_SURGERY),
        (Profession.DENTIST, "cardiology", None),
        (Profession.PHYSICIAN, "ent", MedicalSpecialty.ENT),
        (Profession.PHYSICIAN, "cardiology", MedicalSpecialty.OTHER),
        (Profession.NURSE, "geriatrics", None),
        (Profession.DENTIST, None, None),
    ],
)
def test_the_callers_specialty_maps_to_the_rules_vocabulary(
    profession: Profession, specialty: str | None, expected: object
) -> None:
    assert known_specialty(profession, specialty) == expected


def test_a_requis_specialty_must_match_his_profession() -> None:
    with pytest.raises(ValidationError):
        RequisIn(rpps="10000000002", profession=Profession.PHYSICIAN, specialty=DentalSpecialty.ORTHODONTICS)
    assert RequisIn(rpps="10000000002", profession=Profession.PHYSICIAN, specialty=MedicalSpecialty.ENT)


def test_the_trace_pdf_renders_any_text() -> None:
    at = datetime(2025, 6, 2, 12, 0, tzinfo=UTC)
    party = PartyView(rpps="10000000001", profession=Profession.DENTIST, specialty=None, practice_id="cab-1")
    trace = TraceView(
        id=UUID(int=1),
        status="requested",
        situation="rare_disease",
        patient=Ins(matricule="295109912611193", oid=InsOid.NIR_TEST),
        requerant=party,
        requis=party.model_copy(update={"rpps": "10000000002", "practice_id": None}),
        requested_at=at,
        accepted_at=None,
        closed_at=None,
        answer_due_at=at,
        known_relationship=False,
        reasons="Œdème, lésion « blanche » — 😀 non latin-1",
        attachments=[],
        refusal=None,
        cancellation_reason=None,
        report=None,
        acts=[],
        entries=[
            TraceEntryView(
                seq=1,
                at=at,
                action="request",
                actor_role="requerant",
                actor_rpps="10000000001",
                actor_practice_id="cab-1",
                from_status=None,
                to_status="requested",
                details="situation=rare_disease; attachments=0",
            )
        ],
    )
    pdf = trace_pdf(trace, at)
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
