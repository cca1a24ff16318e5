"""The NIR/NIA control key, shared by every service that checks a matricule (DOMAIN.md §1).

Only the key lives here; ins-service keeps the full position-by-position parser.
"""

# For the key only, Corsica's 2A/2B are read as 19/18 (DOMAIN.md §1; décret 82-103 art. 4).
_CORSICA_FOR_KEY = {"2A": "19", "2B": "18"}
# ASCII only: str.isdigit() would let Arabic-Indic or full-width digits through.
_DIGITS = frozenset("0123456789")


def nir_key(first13: str) -> int:
    """Control key `97 − (N mod 97)` of the 13 leading characters, 2A→19 and 2B→18 (DOMAIN.md §1).

    Raises ValueError unless `first13` is 13 ASCII digits, with only 2A/2B allowed at positions 6–7.
    """
    if len(first13) != 13:
        raise ValueError("a NIR body has 13 characters")
    department = first13[5:7].upper()
    digits = first13[:5] + _CORSICA_FOR_KEY.get(department, department) + first13[7:]
    if not set(digits) <= _DIGITS:
        raise ValueError("a NIR body is digits, with only 2A/2B as department")
    return 97 - int(digits) % 97


def has_valid_nir_key(matricule: str) -> bool:
    """Whether the last two digits of a 15-character matricule are its control key (DOMAIN.md §1)."""
    if len(matricule) != 15 or not set(matricule[13:]) <= _DIGITS:
        return False
    try:
        return nir_key(matricule[:13]) == int(matricule[13:])
    except ValueError:
        return False
