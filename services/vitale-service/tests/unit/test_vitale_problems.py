"""Each refusal has its own stable problem type; replay and the rights date (DOMAIN.md §4)."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vitale_service.adapters.adri import AdriTimeout, AdriUnavailable
from vitale_service.domain import ErrorCode, RightsRefusal, VitaleError, nonce_kept_until, rights_date
from vitale_service.domain import errors as domain_errors
from vitale_service.problems import adri_problem, rights_problem, vitale_problem


def refusal_classes() -> list[type[VitaleError]]:
    return [
        value
        for value in vars(domain_errors).values()
        if isinstance(value, type) and issubclass(value, VitaleError) and "code" in vars(value)
    ]


def test_every_domain_refusal_has_its_own_problem_type() -> None:
    problems = [vitale_problem(cls("why")) for cls in refusal_classes()]
    assert {cls.code for cls in refusal_classes()} == set(ErrorCode)
    kinds = [problem.kind for problem in problems]
    assert len(set(kinds)) == len(kinds)
    rights = [rights_problem(refusal).kind for refusal in RightsRefusal]
    assert len(set(rights)) == len(rights)
    assert not set(rights) & set(kinds)


def test_token_refusals_are_422_and_an_expired_session_is_410() -> None:
    assert vitale_problem(domain_errors.BadSignature("x")).status == 422
    assert vitale_problem(domain_errors.SessionExpired("x")).status == 410


def test_adri_timeout_is_504_and_other_faults_503() -> None:
    assert (adri_problem(AdriTimeout("t")).status, adri_problem(AdriTimeout("t")).kind) == (
        504,
        "adri-timeout",
    )
    assert (adri_problem(AdriUnavailable("u")).status, adri_problem(AdriUnavailable("u")).kind) == (
        503,
        "adri-unavailable",
    )


@given(st.integers(min_value=0, max_value=600))
def test_a_spent_nonce_is_kept_as_long_as_its_payload_could_verify(leeway: int) -> None:
    expires = datetime(2025, 3, 14, 10, 2, tzinfo=UTC)
    assert nonce_kept_until(expires, timedelta(seconds=leeway)) - expires == timedelta(seconds=leeway)


def test_rights_are_judged_on_the_french_civil_date() -> None:
    # 23:30 UTC on 30 June is already 1 July in Paris (UTC+2 in summer).
    assert rights_date(datetime(2024, 6, 30, 23, 30, tzinfo=UTC)) == date(2024, 7, 1)
    assert rights_date(datetime(2024, 12, 31, 22, 59, tzinfo=UTC)) == date(2024, 12, 31)
    with pytest.raises(ValueError, match="aware"):
        rights_date(datetime(2024, 1, 1))
