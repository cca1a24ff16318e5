"""The NIR/NIA control key and the typed form of a matricule, shared by every service (DOMAIN.md §1).

Only the key and the normalisation live here; ins-service keeps the full position-by-position parser.

A NIR is typed as it is printed on the carte Vitale, `1 84 12 76 451 089 46`, or compact,
`184127645108946`: every field and parameter that carries one takes `TypedNir` (or `TYPED_NIR_PATTERN`),
so each accepts both and works on the compact form (issue 16).
"""

from typing import Annotated

from pydantic import AfterValidator, StringConstraints

# For the key only, Corsica's 2A/2B are read as 19/18 (DOMAIN.md §1; décret 82-103 art. 4).
_CORSICA_FOR_KEY = {"2A": "19", "2B": "18"}
# ASCII only: str.isdigit() would let Arabic-Indic or full-width digits through.
_DIGITS = frozenset("0123456789")


# Room for a space between every character (29) and a few more: longer is not a NIR, however spaced.
TYPED_NIR_MAX_LENGTH = 32
# A matricule as typed: 15 characters (Corsican 2A/2B, either case) with spaces anywhere (DOMAIN.md §1).
TYPED_NIR_PATTERN = r"^ *(?:[0-9] *){5}(?:[0-9] *[0-9]|2 *[ABab]) *(?:[0-9] *){8}$"


def compact_nir(text: str) -> str:
    """The matricule without the spaces it is typed or printed with, `2a`/`2b` upper-cased
    (DOMAIN.md §1; python-stdnum `compact`). Only validation says whether it is a NIR."""
    return "".join(text.split()).upper()


# An input field holding a NIR or NIA as typed: at most `TYPED_NIR_MAX_LENGTH` characters, compacted.
# Checking it is left to the caller (ins-service's parser names the faulty position).
TypedNir = Annotated[str, StringConstraints(max_length=TYPED_NIR_MAX_LENGTH), AfterValidator(compact_nir)]


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
