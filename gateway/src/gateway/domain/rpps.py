"""RPPS numbers: 11 digits whose last one is a Luhn check digit (Annuaire Santé, ANS)."""

import re

_RPPS = re.compile(r"^[0-9]{11}$")


def luhn_valid(digits: str) -> bool:
    """Luhn (mod 10) check over a string of digits, the key being its last digit (ISO/IEC 7812-1)."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = int(char)
        if position % 2 == 1:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def is_valid_rpps(value: str) -> bool:
    """An RPPS number: exactly 11 digits with a valid Luhn key (ANS, RPPS identifier format)."""
    return bool(_RPPS.match(value)) and luhn_valid(value)


def luhn_key(body: str) -> str:
    """The digit that completes `body` into a Luhn-valid number (to build sandbox identifiers)."""
    for candidate in "0123456789":
        if luhn_valid(body + candidate):
            return candidate
    raise AssertionError("unreachable: one digit always completes a Luhn number")
