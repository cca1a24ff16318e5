"""The rendered report sent with the acts (ReportReference) and the PDF export of the trace."""

import hashlib
from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dentalink_contracts.values import Ins, InsOid
from telemed_service.domain import (
    Attachment,
    NotAnsweredError,
    Professional,
    Report,
    Situation,
    TeleExpertise,
    accept,
    answer,
    request_expertise,
)
from telemed_service.domain.report_document import REPORT_CONTENT_TYPE, report_document

REQUERANT = Professional(rpps="10000000001", profession="dentist")
REQUIS = Professional(rpps="10000000002", profession="physician", specialty="ent")
PATIENT = Ins(matricule="295109912611193", oid=InsOid.NIR_TEST)
T0 = datetime(2025, 6, 2, 12, 0, tzinfo=UTC)
FILE = Attachment(content_type="image/png", size_bytes=120, sha256="a" * 64, name="coupe.png")


def requested() -> TeleExpertise:
    return request_expertise(
        expertise_id=UUID(int=7),
        situation=Situation.RARE_DISEASE,
        requerant=REQUERANT,
        requis=REQUIS,
        known_relationship=False,
        patient=PATIENT,
        reasons="Manifestations buccales d'une maladie rare.",
        now=T0,
    ).expertise


def answered(text: str = "Avis : suivi semestriel.") -> TeleExpertise:
    accepted = accept(requested(), REQUIS.rpps, T0 + timedelta(hours=1)).expertise
    report = Report(text=text, acts=("Examen",), prescriptions=("Fluor 1450 ppm",), attachments=(FILE,))
    return answer(accepted, REQUIS.rpps, report, T0 + timedelta(hours=5)).expertise


def test_the_document_carries_the_report_the_professionals_and_the_time() -> None:
    document = report_document(answered())
    assert document.content_type == REPORT_CONTENT_TYPE
    for expected in (
        "Avis : suivi semestriel.",
        "- Examen",
        "- Fluor 1450 ppm",
        "RPPS 10000000001 (dentist)",
        "RPPS 10000000002 (physician, ent)",
        PATIENT.matricule,
        "2025-06-02T17:00:00+00:00",
        "coupe.png (image/png, 120 octets",
    ):
        assert expected in document.content


@given(st.text(min_size=1, max_size=200).filter(lambda text: text.strip()))
def test_the_sha256_is_the_one_of_the_content(text: str) -> None:
    document = report_document(answered(text))
    assert document.sha256 == hashlib.sha256(document.content.encode("utf-8")).hexdigest()
    assert report_document(answered(text)) == document


def test_an_unanswered_expertise_has_no_report_document() -> None:
    with pytest.raises(NotAnsweredError):
        report_document(requested())
