"""The shared Luhn key (RPPS, FINESS): known vectors, the computed key, and single-digit errors."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dentalink_contracts.checksums import luhn_key, luhn_valid

bodies = st.text(alphabet="0123456789", min_size=1, max_size=20)


@pytest.mark.parametrize(
    "number",
    [
        "79927398713",  # the classic Luhn example (ISO/IEC 7812-1)
        "10000001015",  # an RPPS number (ANS Annuaire Santé)
        "010000016",  # FINESS numbers (ANS FINESS open data)
        "750712184",
    ],
)
def test_known_numbers_carry_their_key(number: str) -> None:
    assert luhn_valid(number)
    assert luhn_key(number[:-1]) == number[-1]


@pytest.mark.parametrize("number", ["79927398710", "10000001016", "", "1000000101a", "٧٩٩٢٧٣٩٨٧١٣"])
def test_a_wrong_key_or_anything_but_ascii_digits_is_not_valid(number: str) -> None:
    assert not luhn_valid(number)


def test_a_body_that_is_not_digits_has_no_key() -> None:
    with pytest.raises(ValueError, match="ASCII digits"):
        luhn_key("12a")


@given(bodies)
def test_the_computed_key_is_the_only_digit_that_completes_the_body(body: str) -> None:
    key = luhn_key(body)
    assert [digit for digit in "0123456789" if luhn_valid(body + digit)] == [key]


@given(bodies, st.data(), st.integers(min_value=1, max_value=9))
def test_any_single_digit_error_is_caught(body: str, data: st.DataObject, shift: int) -> None:
    number = body + luhn_key(body)
    position = data.draw(st.integers(min_value=0, max_value=len(number) - 1))
    wrong = number[:position] + str((int(number[position]) + shift) % 10) + number[position + 1 :]
    assert not luhn_valid(wrong)
