"""Filing the tele-expertise report in the record (DOMAIN.md §6: "and the DMP if the patient has one").

One report per expertise: telemed emits two acts per answered expertise (the requérant's RQD and the
requis's TE2), both carrying the same report. The report is the requis's work, so it is filed from
the requis's act, authored by the requis, and keyed on the expertise id so that a redelivery (or
a re-emission under another event id) never files it twice (CSP R6316-4: kept once, immutably).
"""

import base64
import binascii
from datetime import date, datetime

from dentalink_contracts.events.telemed import ActRole
from dmp_service.domain.documents import content_digest
from dmp_service.domain.errors import DmpDomainError
from dmp_service.domain.identifiers import require_aware
from dmp_service.domain.messages import PARIS

# Assumption: LOINC 11488-4 "Consult note" (compte rendu de consultation), configurable.
DEFAULT_REPORT_TYPE_CODE = "11488-4"


class ReportDigestMismatch(DmpDomainError):
    """The report's content does not match its SHA-256: it can never be filed as received."""

    code = "report_digest_mismatch"


def files_report(role: ActRole) -> bool:
    """Whether an act of this role files the report: the requis's act only (module note)."""
    return role is ActRole.REQUIS


def report_content(content: str, sha256: str) -> bytes:
    """The report's bytes, checked against `sha256`: UTF-8 text (telemed's rendering) or base64 bytes."""
    expected = sha256.lower()
    as_text = content.encode("utf-8")
    if content_digest(as_text) == expected:
        return as_text
    try:
        decoded = base64.b64decode(content, validate=True)
    except (binascii.Error, ValueError):
        decoded = b""
    if decoded and content_digest(decoded) == expected:
        return decoded
    raise ReportDigestMismatch("the report content does not match its SHA-256")


def report_date_of_care(performed_at: datetime) -> date:
    """The day of the act in France (Europe/Paris), the document's date of care."""
    return require_aware(performed_at, "act time").astimezone(PARIS).date()
