"""RPPS numbers: 11 digits whose last one is a Luhn check digit (Annuaire Santé, ANS)."""

import re

from dentalink_contracts.checksums import luhn_valid

_RPPS = re.compile(r"^[0-9]{11}$")


def is_valid_rpps(value: str) -> bool:
    """An RPPS number: exactly 11 digits with a valid Luhn key (ANS, RPPS identifier format)."""
    return bool(_RPPS.match(value)) and luhn_valid(value)
