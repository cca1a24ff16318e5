"""A NIR as found in AMO data: the contracts' matricule shape plus its control key (DOMAIN.md §1)."""

from typing import Annotated

from pydantic import AfterValidator

from dentalink_contracts import Matricule
from dentalink_contracts.nir import has_valid_nir_key, nir_key

has_valid_key = has_valid_nir_key


def _checked(nir: str) -> str:
    if not has_valid_nir_key(nir):
        raise ValueError("NIR control key does not match")
    return nir


# A NIR whose shape (contracts' Matricule) and control key are valid (DOMAIN.md §1).
Nir = Annotated[Matricule, AfterValidator(_checked)]

__all__ = ["Nir", "has_valid_key", "nir_key"]
