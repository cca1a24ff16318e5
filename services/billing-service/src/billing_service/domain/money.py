"""Exact money in euros: Decimal with two places in memory, integer cents in storage.

ARCHITECTURE.md (API conventions): money is a decimal string in euros ("10.00"), stored exactly,
never float. Sums go through integer cents so no Decimal context precision can round them.
"""

import re
from collections.abc import Iterable
from decimal import Decimal

CENT = Decimal("0.01")

_EUROS_TEXT = re.compile(r"^-?[0-9]+\.[0-9]{2}$")


def euros(text: str) -> Decimal:
    """Parse a euro amount written with exactly two decimals ("10.00"), as the API carries it."""
    if not _EUROS_TEXT.fullmatch(text):
        raise ValueError(f"not a euro amount with two decimals: {text!r}")
    return Decimal(text)


def to_cents(amount: Decimal) -> int:
    """Integer cents of an exact euro amount; refuses floats and sub-cent digits (ARCHITECTURE.md)."""
    if not isinstance(amount, Decimal):
        raise TypeError(f"an amount in euros must be a Decimal, not {type(amount).__name__}")
    if not amount.is_finite():
        raise ValueError("an amount in euros must be finite")
    # Integer arithmetic on the digits: quantize/scaleb would round past the context precision.
    sign, digits, exponent = amount.as_tuple()
    assert isinstance(exponent, int)
    coefficient = int("".join(map(str, digits)))
    shift = exponent + 2
    if shift >= 0:
        multiplier: int = 10**shift
        cents = coefficient * multiplier
    else:
        divisor: int = 10 ** (-shift)
        cents, sub_cent = divmod(coefficient, divisor)
        if sub_cent:
            raise ValueError(f"an amount in euros has at most two decimal places: {amount}")
    return -cents if sign else cents


def from_cents(cents: int) -> Decimal:
    """Euro amount with two places for a number of integer cents, as stored by persistence."""
    # bool is an int subclass: True cents is a bug, not one cent.
    if not isinstance(cents, int) or isinstance(cents, bool):
        raise TypeError(f"cents must be an int, not {type(cents).__name__}")
    digits = tuple(int(digit) for digit in str(abs(cents)))
    return Decimal((1 if cents < 0 else 0, digits, -2))


def sum_euros(amounts: Iterable[Decimal]) -> Decimal:
    """Exact sum of euro amounts, computed in integer cents; the empty sum is 0.00."""
    return from_cents(sum((to_cents(amount) for amount in amounts), 0))


def format_euros(amount: Decimal) -> str:
    """The API/CSV text of an amount: two decimals, dot separator ("10.00")."""
    return f"{from_cents(to_cents(amount)):.2f}"
