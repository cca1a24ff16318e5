import ast
from decimal import Decimal, localcontext
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from billing_service.domain import euros, format_euros, from_cents, sum_euros, to_cents

DOMAIN_DIR = Path(__file__).parents[2] / "src" / "billing_service" / "domain"

# Far beyond the default 28-digit Decimal context, to catch any context rounding.
cents_values = st.integers(min_value=-(10**40), max_value=10**40)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("10.00", Decimal("10.00")), ("0.05", Decimal("0.05")), ("-3.50", Decimal("-3.50"))],
)
def test_euros_parses_two_decimal_text(text: str, expected: Decimal) -> None:
    assert euros(text) == expected
    assert format_euros(euros(text)) == text


@pytest.mark.parametrize("text", ["10", "10.0", "10.000", "1e1", " 10.00", "10,00", "NaN", ""])
def test_euros_refuses_anything_but_two_decimals(text: str) -> None:
    with pytest.raises(ValueError, match="two decimals"):
        euros(text)


@pytest.mark.parametrize(
    ("amount", "cents"),
    [
        (Decimal("10.00"), 1000),
        (Decimal("10"), 1000),
        (Decimal("0.1"), 10),
        (Decimal("1.500"), 150),
        (Decimal("1E+3"), 100000),
        (Decimal("-0.01"), -1),
        (Decimal("0E-10"), 0),
    ],
)
def test_to_cents_is_exact(amount: Decimal, cents: int) -> None:
    assert to_cents(amount) == cents


@pytest.mark.parametrize("amount", [Decimal("0.001"), Decimal("10.005"), Decimal("-0.019")])
def test_to_cents_refuses_sub_cent_digits(amount: Decimal) -> None:
    with pytest.raises(ValueError, match="two decimal places"):
        to_cents(amount)


@pytest.mark.parametrize("amount", [Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity")])
def test_to_cents_refuses_non_finite(amount: Decimal) -> None:
    with pytest.raises(ValueError, match="finite"):
        to_cents(amount)


@pytest.mark.parametrize("amount", [10.0, 0.1, 10, "10.00"])
def test_to_cents_refuses_non_decimal(amount: Any) -> None:
    with pytest.raises(TypeError, match="Decimal"):
        to_cents(amount)


@pytest.mark.parametrize("cents", [True, 1.0, Decimal("1")])
def test_from_cents_refuses_non_int(cents: Any) -> None:
    with pytest.raises(TypeError):
        from_cents(cents)


def test_from_cents_has_two_places() -> None:
    assert str(from_cents(1000)) == "10.00"
    assert str(from_cents(-5)) == "-0.05"
    assert str(from_cents(0)) == "0.00"


def test_empty_sum_is_zero_with_two_places() -> None:
    assert str(sum_euros([])) == "0.00"


@given(cents_values)
def test_cents_round_trip(cents: int) -> None:
    assert to_cents(from_cents(cents)) == cents
    assert from_cents(cents).as_tuple().exponent == -2


@given(st.lists(cents_values, max_size=50))
def test_sum_of_cents_is_cents_of_sum(cents_list: list[int]) -> None:
    amounts = [from_cents(cents) for cents in cents_list]
    assert to_cents(sum_euros(amounts)) == sum(cents_list)


@given(st.lists(cents_values, max_size=50))
def test_sum_does_not_depend_on_decimal_context(cents_list: list[int]) -> None:
    amounts = [from_cents(cents) for cents in cents_list]
    with localcontext() as tiny:
        tiny.prec = 3
        in_tiny_context = sum_euros(amounts)
    assert to_cents(in_tiny_context) == sum(cents_list)


@given(st.integers(min_value=0, max_value=10**12))
def test_format_matches_api_form(cents: int) -> None:
    text = format_euros(from_cents(cents))
    assert text == f"{cents // 100}.{cents % 100:02d}"
    assert euros(text) == from_cents(cents)


def test_no_float_anywhere_in_the_domain() -> None:
    offenders = []
    for module in sorted(DOMAIN_DIR.glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, float):
                offenders.append(f"{module.name}:{node.lineno} float literal")
            if isinstance(node, ast.Name) and node.id == "float":
                offenders.append(f"{module.name}:{node.lineno} float()")
    assert len(list(DOMAIN_DIR.glob("*.py"))) >= 7
    assert offenders == []
