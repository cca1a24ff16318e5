"""The report's budget in ActRecorded: measured as the sealed report takes it in the Kafka value."""

import json
from datetime import UTC, datetime
from uuid import UUID

from hypothesis import given
from hypothesis import strategies as st

from dentalink_contracts.envelope import Envelope, to_kafka
from dentalink_contracts.events.telemed import ActCode, ActRecorded, ActRole, ReportReference
from dentalink_contracts.sealing import development_field_keys
from dentalink_contracts.values import Ins, InsOid, Profession
from telemed_service.domain.report_document import (
    REPORT_EVENT_BUDGET_BYTES,
    ReportDocument,
    report_event_bytes,
    report_fits_an_event,
)

MIB = 1024 * 1024
KEYS = development_field_keys()


def act(report: ReportReference) -> ActRecorded:
    return ActRecorded(
        act_id=UUID(int=1),
        expertise_id=UUID(int=2),
        practice_id="cab-1",
        role=ActRole.REQUIS,
        practitioner_rpps="10000000002",
        practitioner_profession=Profession.DENTIST,
        patient_ins=KEYS.seal(
            Ins(matricule="295109912611193", oid=InsOid.NIR_TEST), ActRecorded, "patient_ins"
        ),
        patient_key="pk_" + "0" * 32,
        act_code=ActCode.TE2,
        performed_at=datetime(2025, 6, 2, tzinfo=UTC),
        report=KEYS.seal(report, ActRecorded, "report"),
    )


def value_bytes(event: ActRecorded) -> int:
    envelope = Envelope.wrap(
        event, id=UUID(int=1), source="/test", key="k", time=datetime(2025, 6, 2, tzinfo=UTC)
    )
    return len(to_kafka(envelope)[1])


def sealed_report_bytes(event: ActRecorded) -> int:
    return len(json.dumps(event.report.model_dump(mode="json")).encode())


def document(content: str) -> ReportDocument:
    return ReportDocument(title="Compte rendu", content_type="text/plain", content=content, sha256="0" * 64)


def reference(content: str) -> ReportReference:
    return ReportReference(title="Compte rendu", content_type="text/plain", content=content, sha256="0" * 64)


@given(st.text(max_size=300))
def test_the_budget_bounds_what_the_sealed_report_takes_in_the_event_value(content: str) -> None:
    event, empty = act(reference(content)), act(reference(""))
    assert value_bytes(event) - value_bytes(empty) == sealed_report_bytes(event) - sealed_report_bytes(empty)
    assert (
        sealed_report_bytes(event)
        <= report_event_bytes(reference(content))
        <= sealed_report_bytes(event) + 160
    )


def test_an_emoji_counts_its_utf8_bytes_in_base64() -> None:
    assert report_event_bytes(reference("\U0001f9b7" * 3)) - report_event_bytes(reference("")) == 16


def test_the_longest_text_fits_and_the_budget_keeps_the_event_well_under_kafkas_one_mebibyte() -> None:
    assert report_fits_an_event(document("\U0001f9b7" * 20_000))
    estimate = (REPORT_EVENT_BUDGET_BYTES - report_event_bytes(reference(""))) * 3 // 4
    longest = max(n for n in range(estimate - 4, estimate + 8) if report_fits_an_event(document("a" * n)))
    assert longest >= estimate - 1
    assert not report_fits_an_event(document("a" * (longest + 1)))
    assert value_bytes(act(reference("a" * longest))) < MIB // 2
