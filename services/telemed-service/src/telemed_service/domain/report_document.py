"""The report as a document: the text sent with each act to billing and filed in the DMP (CSP R6316-4)."""

import hashlib

from pydantic import BaseModel, ConfigDict

from dentalink_contracts.events.telemed import ReportReference
from dentalink_contracts.sealing import sealed_json_bytes
from telemed_service.domain.attachments import Attachment
from telemed_service.domain.errors import NotAnsweredError, ReportTooLargeError
from telemed_service.domain.expertise import TeleExpertise

REPORT_TITLE = "Compte rendu de télé-expertise bucco-dentaire"
REPORT_CONTENT_TYPE = "text/plain"

# The report travels sealed in each ActRecorded; aiokafka refuses a message over max_request_size (1 MiB),
# and an event the outbox can never publish is an act never billed nor filed. 256 KiB leaves room for the
# rest of the event and its headers; the longest text alone (20,000 emoji) still fits once sealed.
REPORT_EVENT_BUDGET_BYTES = 256 * 1024


class ReportDocument(BaseModel):
    """Title, media type, content and SHA-256 of the rendered report (contracts ReportReference)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str
    content_type: str
    content: str
    sha256: str


def _file_line(file: Attachment) -> str:
    return f"{file.name or 'sans nom'} ({file.content_type}, {file.size_bytes} octets, sha256 {file.sha256})"


def _list(heading: str, lines: tuple[str, ...]) -> list[str]:
    return [heading, *(f"- {line}" for line in lines)] if lines else [heading, "- aucun"]


def report_document(expertise: TeleExpertise) -> ReportDocument:
    """Render an answered tele-expertise's report: who, when, the text, acts, prescriptions, files (R6316-4).

    No name or birth date: the patient is referenced by INS only, which the receiving file already holds.
    """
    if expertise.report is None or expertise.answered_at is None:
        raise NotAnsweredError(expertise.status)
    report = expertise.report
    lines = [
        REPORT_TITLE,
        f"Télé-expertise : {expertise.id}",
        f"Situation : {expertise.situation.value}",
        f"Patient (INS) : {expertise.patient.matricule} (OID {expertise.patient.oid.value})",
        f"Requérant : RPPS {expertise.requerant.rpps} ({expertise.requerant.profession.value})",
        f"Requis : RPPS {expertise.requis.rpps} ({expertise.requis.profession.value}"
        + (f", {expertise.requis.specialty.value})" if expertise.requis.specialty else ")"),
        f"Demandée le : {expertise.requested_at.isoformat()}",
        f"Répondue le : {expertise.answered_at.isoformat()}",
        "",
        "Compte rendu :",
        report.text,
        "",
        *_list("Actes :", report.acts),
        *_list("Prescriptions :", report.prescriptions),
        *_list(
            "Pièces jointes :",
            tuple(_file_line(file) for file in report.attachments),
        ),
    ]
    content = "\n".join(lines) + "\n"
    return ReportDocument(
        title=REPORT_TITLE,
        content_type=REPORT_CONTENT_TYPE,
        content=content,
        sha256=hashlib.sha256(content.encode("utf-8")).hexdigest(),
    )


def report_reference(document: ReportDocument) -> ReportReference:
    """The report as ActRecorded carries it."""
    return ReportReference(
        title=document.title,
        content_type=document.content_type,
        content=document.content,
        sha256=document.sha256,
    )


def report_event_bytes(report: ReportReference) -> int:
    """Bytes the report takes in an ActRecorded's Kafka value once sealed (`dentalink_contracts.sealing`:
    base64url of its JSON plus the GCM tag, with the longest key id)."""
    return sealed_json_bytes(report)


def report_fits_an_event(document: ReportDocument) -> bool:
    """Whether the rendered report stays within REPORT_EVENT_BUDGET_BYTES once in the event."""
    return report_event_bytes(report_reference(document)) <= REPORT_EVENT_BUDGET_BYTES


def ensure_fits_an_event(document: ReportDocument) -> None:
    """Raise ReportTooLargeError for a report no ActRecorded could carry to billing and the DMP."""
    size = report_event_bytes(report_reference(document))
    if size > REPORT_EVENT_BUDGET_BYTES:
        raise ReportTooLargeError(size, REPORT_EVENT_BUDGET_BYTES)
