"""The report's budget in ActRecorded: measured as the Kafka value is written, so emoji count 12 bytes."""

from datetime import UTC, datetime
from uuid import UUID

from hypothesis import given
from hypothesis import strategies as st

from dentalink_contracts.envelope import Envelope, to_kafka
from dentalink_contracts.events.telemed import ActCode, ActRecorded, ActRole, ReportReference
from dentalink_contracts.values import Ins, InsOid
from telemed_service.domain.report_document import (
    REPORT_EVENT_BUDGET_BYTES,
    ReportDocument,
    report_event_bytes,
    report_fits_an_event,
)

MIB = 1024 * 1024


def value_bytes(report: ReportReference) -> int:
    event = ActRecorded(
        act_id=UUID(int=1),
        expertise_id=UUID(int=2),
        practice_id="cab-1",
        role=ActRole.REQUIS,
        practitioner_rpps="10000000002",
        patient_ins=Ins(matricule="295109912611193", oid=InsOid.NIR_TEST),
        patient_key="pk_" + "0" * 32,
        act_code=ActCode.TE2,
        performed_at=datetime(2025, 6, 2, tzinfo=UTC),
        report=report,
    )
    envelope = Envelope.wrap(
        event, id=UUID(int=1), source="/test", key="k", time=datetime(2025, 6, 2, tzinfo=UTC)
    )
    return len(to_kafka(envelope)[1])


def document(content: str) -> ReportDocument:
    return ReportDocument(title="Compte rendu", content_type="text/plain", content=content, sha256="0" * 64)


def reference(content: str) -> ReportReference:
    return ReportReference(title="Compte rendu", content_type="text/plain", content=content, sha256="0" * 64)


@given(st.text(max_size=300))
def test_the_report_grows_the_event_value_by_what_the_budget_counts(content: str) -> None:
    grown = value_bytes(reference(content)) - value_bytes(reference(""))
    assert grown == report_event_bytes(reference(content)) - report_event_bytes(reference(""))


def test_an_emoji_counts_twelve_bytes() -> None:
    assert report_event_bytes(reference("\U0001f9b7")) - report_event_bytes(reference("")) == 12


def test_the_budget_keeps_the_event_well_under_kafkas_one_mebibyte() -> None:
    at_budget = "a" * (REPORT_EVENT_BUDGET_BYTES - report_event_bytes(reference("")))
    assert report_fits_an_event(document(at_budget))
    assert not report_fits_an_event(document(at_budget + "a"))
    assert value_bytes(reference(at_budget)) < MIB // 2
