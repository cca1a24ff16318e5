"""NIR control key, the one NIR rule this service needs to check AMO data (DOMAIN.md §1)."""

from typing import Annotated

from pydantic import AfterValidator

from dentalink_contracts import Matricule

# Corsican departments are replaced by numbers before the key is computed (DOMAIN.md §1).
_CORSICA = {"2A": "19", "2B": "18"}


def nir_key(first13: str) -> int:
    """Control key of the 13 leading characters: 97 − (N mod 97) (DOMAIN.md §1; décret 82-103 art. 4)."""
    digits = first13[:5] + _CORSICA.get(first13[5:7].upper(), first13[5:7]) + first13[7:]
    if len(first13) != 13 or not (digits.isascii() and digits.isdigit()):
        raise ValueError("a NIR body is 13 digits, with 2A/2B allowed as department")
    return 97 - int(digits) % 97


def has_valid_key(nir: str) -> bool:
    """Whether the last two digits of a 15-character NIR are its control key (DOMAIN.md §1)."""
    if len(nir) != 15 or not nir.isascii() or not nir[13:].isdigit():
        return False
    try:
        return nir_key(nir[:13]) == int(nir[13:])
    except ValueError:
        return False


def _checked(nir: str) -> str:
    if not has_valid_key(nir):
        raise ValueError("NIR control key does not match")
    return nir


# A NIR whose shape (contracts' Matricule) and control key are valid (DOMAIN.md §1).
Nir = Annotated[Matricule, AfterValidator(_checked)]
