import base64
import hashlib
from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dentalink_contracts.events.telemed import ActRole
from dmp_service.domain import ReportDigestMismatch, files_report, report_content, report_date_of_care


def test_only_the_requis_act_files_the_report() -> None:
    assert files_report(ActRole.REQUIS)
    assert not files_report(ActRole.REQUERANT)


@given(st.text(min_size=1))
def test_a_text_report_is_its_utf8_bytes(text: str) -> None:
    digest = hashlib.sha256(text.encode()).hexdigest()
    assert report_content(text, digest) == text.encode()
    assert report_content(text, digest.upper()) == text.encode()


@given(st.binary(min_size=1))
def test_a_base64_report_is_decoded_when_its_digest_says_so(content: bytes) -> None:
    encoded = base64.b64encode(content).decode()
    digest = hashlib.sha256(content).hexdigest()
    if hashlib.sha256(encoded.encode()).hexdigest() != digest:
        assert report_content(encoded, digest) == content


def test_a_report_not_matching_its_digest_is_refused() -> None:
    with pytest.raises(ReportDigestMismatch):
        report_content("RAS", "0" * 64)
    with pytest.raises(ReportDigestMismatch):
        report_content("%%% not base64", hashlib.sha256(b"other").hexdigest())


def test_the_date_of_care_is_the_french_calendar_day() -> None:
    assert report_date_of_care(datetime(2025, 6, 2, 22, 30, tzinfo=UTC)) == date(2025, 6, 3)
    assert report_date_of_care(datetime(2025, 12, 31, 22, 59, tzinfo=UTC)) == date(2025, 12, 31)
    with pytest.raises(ValueError, match="timezone-aware"):
        report_date_of_care(datetime(2025, 6, 2, 12, 0))
