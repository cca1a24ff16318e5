"""Rules versioned by effective date: the version in force on the date of the act applies.

DOMAIN.md (preamble): every version is kept; the one in force on the act's date is used, never
the one in force today. A version is in force from its `effective_from` until the next one starts.
"""

from collections.abc import Sequence
from datetime import date
from itertools import pairwise
from typing import Protocol, TypeVar


class Effective(Protocol):
    """Anything that carries the first day it is in force."""

    @property
    def effective_from(self) -> date: ...


V = TypeVar("V", bound=Effective)


def check_chronological(versions: Sequence[Effective], what: str) -> None:
    """Raise ValueError unless `versions` is non-empty and strictly ordered by `effective_from`."""
    if not versions:
        raise ValueError(f"{what} needs at least one version")
    for earlier, later in pairwise(versions):
        if later.effective_from <= earlier.effective_from:
            raise ValueError(f"{what} versions must have strictly increasing effective dates")


def in_force(versions: Sequence[V], on: date) -> V | None:
    """The version of chronological `versions` in force on `on`, or None before the first one."""
    current: V | None = None
    for version in versions:
        if version.effective_from > on:
            break
        current = version
    return current
