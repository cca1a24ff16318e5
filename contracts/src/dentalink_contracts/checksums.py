"""Check digits of the identifiers several services verify (only the key: each keeps its own format).

Luhn (mod 10, ISO/IEC 7812-1) is the last digit of an RPPS number (ANS, Annuaire Santé: gateway) and of
a FINESS number (ANS, FINESS open data: gateway and telemed-service).
"""

# ASCII only: str.isdigit() would let Arabic-Indic or full-width digits through.
_DIGITS = frozenset("0123456789")


def _luhn_sum(digits: str, *, double_last: bool) -> int:
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = int(char)
        if position % 2 == (0 if double_last else 1):
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total


def luhn_valid(digits: str) -> bool:
    """Luhn check (ISO/IEC 7812-1), key last: RPPS (ANS Annuaire Santé) and FINESS (ANS FINESS) keys."""
    if not digits or not set(digits) <= _DIGITS:
        return False
    return _luhn_sum(digits, double_last=False) % 10 == 0


def luhn_key(body: str) -> str:
    """The Luhn key (ISO/IEC 7812-1) completing `body`, e.g. a sandbox RPPS (ANS Annuaire Santé)."""
    if not set(body) <= _DIGITS:
        raise ValueError("a Luhn body is ASCII digits")
    return str(-_luhn_sum(body, double_last=True) % 10)
