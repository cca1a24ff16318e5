"""Validation of identifiers shared with the other services, reusing the contracts' definitions."""

from datetime import datetime

from pydantic import TypeAdapter

from dentalink_contracts.values import Rpps

_RPPS = TypeAdapter(Rpps)


def require_rpps(value: str) -> str:
    """Return `value` if it is an RPPS number (11 digits, contracts `Rpps`), else raise ValueError."""
    return _RPPS.validate_python(value)


def require_aware(moment: datetime, what: str) -> datetime:
    """Return `moment` if it carries a UTC offset (ARCHITECTURE.md: timestamps with offset), else raise."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware")
    return moment
