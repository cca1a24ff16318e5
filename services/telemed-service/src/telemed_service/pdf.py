"""The trace of a tele-expertise as a PDF report for the patient file (CSP R6316-4), with fpdf2."""

from collections.abc import Iterable
from datetime import datetime

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from telemed_service.schemas import AttachmentView, PartyView, TraceView

# The PDF core fonts speak WinAnsi (cp1252): French accents, œ, € and typographic quotes included.
ENCODING = "windows-1252"


def _text(value: str) -> str:
    """What cp1252 cannot show becomes '?', rather than failing the whole export."""
    return value.encode(ENCODING, "replace").decode(ENCODING)


def _moment(value: datetime | None) -> str:
    return value.isoformat(timespec="seconds") if value is not None else "-"


def _party(label: str, party: PartyView) -> str:
    parts = [f"{label} : RPPS {party.rpps}", party.profession.value]
    if party.specialty:
        parts.append(party.specialty)
    if party.establishment_finess:
        parts.append(f"FINESS {party.establishment_finess}")
    parts.append(f"cabinet {party.practice_id or 'non encore connu'}")
    return ", ".join(parts)


def _files(files: Iterable[AttachmentView]) -> list[str]:
    return [
        f"- {file.name or 'sans nom'} ({file.content_type}, {file.size_bytes} octets, sha256 {file.sha256})"
        for file in files
    ]


class _TracePdf(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("helvetica", size=8)
        self.cell(0, 8, f"Page {self.page_no()}/{{nb}}", align="C")


def trace_pdf(trace: TraceView, generated_at: datetime) -> bytes:
    """Render the trace: parties, patient INS, every step with date and time, report, acts, incidents."""
    pdf = _TracePdf(format="A4")
    pdf.core_fonts_encoding = ENCODING
    pdf.set_title(f"Trace de télé-expertise {trace.id}")
    pdf.set_creator("Dentalink telemed-service")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()

    def heading(value: str) -> None:
        pdf.ln(2)
        pdf.set_font("helvetica", style="B", size=12)
        pdf.multi_cell(0, 7, _text(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font("helvetica", size=10)

    def line(value: str) -> None:
        pdf.multi_cell(0, 5, _text(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    pdf.set_font("helvetica", style="B", size=14)
    pdf.multi_cell(0, 8, _text("Trace de télé-expertise bucco-dentaire"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("helvetica", size=10)
    line(f"Télé-expertise {trace.id} - état : {trace.status.value}")
    line(f"Document produit le {_moment(generated_at)} (CSP R6316-4)")

    heading("Patient et professionnels")
    line(f"Patient (INS qualifiée) : {trace.patient.matricule}, OID {trace.patient.oid.value}")
    line(_party("Requérant", trace.requerant))
    line(_party("Requis", trace.requis))

    heading("Demande")
    line(f"Situation : {trace.situation.value}")
    line(f"Demandée le {_moment(trace.requested_at)}")
    line(f"Réponse attendue avant le {_moment(trace.answer_due_at)}")
    line(f"Motifs : {trace.reasons}")
    for entry in _files(trace.attachments) or ["- aucune pièce jointe"]:
        line(entry)

    heading("Étapes")
    for step in trace.entries:
        actor = (
            "plate-forme" if step.actor_rpps is None else f"{step.actor_role.value} RPPS {step.actor_rpps}"
        )
        if step.actor_practice_id:
            actor += f" (cabinet {step.actor_practice_id})"
        change = f"{step.from_status.value if step.from_status else '-'} -> {step.to_status.value}"
        line(f"{step.seq}. {_moment(step.at)} - {step.action.value} par {actor} - {change}")
        if step.details:
            line(f"    {step.details}")

    if trace.refusal is not None:
        heading("Refus")
        line(
            f"Motif : {trace.refusal.reason.value}"
            + (f" - {trace.refusal.detail}" if trace.refusal.detail else "")
        )
    if trace.cancellation_reason:
        heading("Annulation")
        line(trace.cancellation_reason)

    if trace.report is not None:
        report = trace.report
        heading("Compte rendu")
        line(f"Répondu le {_moment(report.answered_at)} par RPPS {report.answered_by_rpps}")
        line(report.text)
        line("Actes :")
        for advised in report.acts or ["aucun"]:
            line(f"- {advised}")
        line("Prescriptions :")
        for prescription in report.prescriptions or ["aucune"]:
            line(f"- {prescription}")
        for entry in _files(report.attachments):
            line(entry)
        line(f"Empreinte du compte rendu (sha256) : {report.document.sha256}")

    if trace.acts:
        heading("Actes de télé-expertise et facturation")
        for act in trace.acts:
            billing: str = act.billing.status
            if act.billing.rejection_reason:
                billing += f" ({act.billing.rejection_reason})"
            who = f"RPPS {act.practitioner_rpps}, cabinet {act.practice_id}"
            line(f"- {act.code.value} ({act.role.value}) {who}")
            line(f"  réalisé le {_moment(act.performed_at)} - facturation : {billing}")
    return bytes(pdf.output())
