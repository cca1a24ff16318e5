"""RPPS numbers: 11 digits with a Luhn check digit (the key itself: contracts/tests/test_checksums.py)."""

from hypothesis import given
from hypothesis import strategies as st

from dentalink_contracts.checksums import luhn_key
from gateway.adapters.psc_sandbox import SANDBOX_PROFESSIONALS
from gateway.domain.rpps import is_valid_rpps

digits = st.text(alphabet="0123456789", min_size=10, max_size=10)


def test_known_numbers() -> None:
    assert is_valid_rpps("10000001015")
    assert not is_valid_rpps("10000001016")
    assert not is_valid_rpps("1000000101")  # 10 digits
    assert not is_valid_rpps("1000000101a")
    assert not is_valid_rpps("100000010150")


def test_every_sandbox_professional_has_a_valid_rpps() -> None:
    assert all(is_valid_rpps(p.rpps) for p in SANDBOX_PROFESSIONALS)
    assert len({p.rpps for p in SANDBOX_PROFESSIONALS}) == len(SANDBOX_PROFESSIONALS)


@given(digits)
def test_the_computed_key_completes_a_valid_number(body: str) -> None:
    assert is_valid_rpps(body + luhn_key(body))


@given(digits, st.integers(min_value=0, max_value=10), st.integers(min_value=1, max_value=9))
def test_any_single_digit_error_is_caught(body: str, position: int, shift: int) -> None:
    number = body + luhn_key(body)
    wrong = number[:position] + str((int(number[position]) + shift) % 10) + number[position + 1 :]
    assert not is_valid_rpps(wrong)
