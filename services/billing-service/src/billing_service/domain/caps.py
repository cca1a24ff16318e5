"""The cap on tele-expertise acts: at most 4 of a code per year per dentist for one patient.

DOMAIN.md §6 (seed): "dans la limite de 4 actes par an par chirurgien-dentiste pour un même patient".
The year is the calendar year of the act by default; a rolling 12 months is configuration
(**assumption**: no source says which one the CPAM applies).

How uniqueness is enforced in storage:
- calendar year: windows do not overlap, so a unique constraint on
  (practitioner, patient_key, act_code, window_key, slot) with slot in 1..cap makes a 5th insert
  fail even under concurrency (`cap_slot_key`, `free_slot`);
- rolling 12 months: every act has its own window and windows overlap, so no fixed key exists.
  Take a transaction-scoped advisory lock on `cap_lock_key(...)`, read the billed dates of that
  (practitioner, patient, code), decide with `can_bill`, insert, commit.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

DEFAULT_CAP = 4
"""Acts of one code per window per dentist for the same patient (DOMAIN.md §6; seed)."""


class CapWindowMode(StrEnum):
    """Which "year" the cap counts in (DOMAIN.md §6; the default is an assumption)."""

    CALENDAR_YEAR = "calendar_year"
    ROLLING_12_MONTHS = "rolling_12_months"


class RollingWindowHasNoKeyError(ValueError):
    """Rolling windows overlap: they cannot be named by a key; use `can_bill` under a lock instead."""


def _one_year_before(day: date) -> date:
    # 29 February has no anniversary in a common year: 28 February stands in for it.
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def cap_window(performed_on: date, mode: CapWindowMode) -> tuple[date, date]:
    """First and last day (both included) of the window an act counts in (DOMAIN.md §6)."""
    if mode is CapWindowMode.CALENDAR_YEAR:
        return date(performed_on.year, 1, 1), date(performed_on.year, 12, 31)
    # Rolling: the 12 months that end on the act's day, e.g. 2025-03-16 .. 2026-03-15.
    return _one_year_before(performed_on) + timedelta(days=1), performed_on


def window_key(performed_on: date, mode: CapWindowMode) -> str:
    """Stable name of the act's calendar-year window ("2026"); rolling windows have none (DOMAIN.md §6)."""
    if mode is not CapWindowMode.CALENDAR_YEAR:
        raise RollingWindowHasNoKeyError("rolling 12-month windows overlap and have no key")
    return f"{performed_on.year:04d}"


@dataclass(frozen=True)
class CapSlotKey:
    """What the unique (…, slot) constraint groups on in calendar mode (DOMAIN.md §6)."""

    practitioner_rpps: str
    patient_key: str
    act_code: str
    window_key: str


def cap_slot_key(
    practitioner_rpps: str, patient_key: str, act_code: str, performed_on: date, mode: CapWindowMode
) -> CapSlotKey:
    """The slot group an act takes one of `cap` slots in; calendar mode only (DOMAIN.md §6)."""
    return CapSlotKey(practitioner_rpps, patient_key, act_code, window_key(performed_on, mode))


def free_slot(taken_slots: Iterable[int], cap: int = DEFAULT_CAP) -> int | None:
    """Smallest slot in 1..cap not yet taken in the group, or None when the cap is reached."""
    taken = set(taken_slots)
    return next((slot for slot in range(1, cap + 1) if slot not in taken), None)


def cap_lock_key(practitioner_rpps: str, patient_key: str, act_code: str) -> int:
    """Signed 64-bit key for pg_advisory_xact_lock serialising one cap counter (rolling mode)."""
    material = f"billing-cap\x1f{practitioner_rpps}\x1f{patient_key}\x1f{act_code}".encode()
    return int.from_bytes(hashlib.sha256(material).digest()[:8], "big", signed=True)


def acts_in_window(billed_dates: Iterable[date], performed_on: date, mode: CapWindowMode) -> int:
    """How many of the billed acts fall in the window of an act performed on `performed_on`."""
    start, end = cap_window(performed_on, mode)
    return sum(1 for day in billed_dates if start <= day <= end)


def can_bill(
    billed_dates: Iterable[date], performed_on: date, mode: CapWindowMode, cap: int = DEFAULT_CAP
) -> bool:
    """Whether one more act on `performed_on` keeps every window containing it within the cap (§6).

    `billed_dates` are the acts already billed for the same practitioner, patient and code. Acts may
    arrive out of date order, so in rolling mode a late act dated in the past must not push a *later*
    window over the cap either: every window that would contain it is checked, i.e. the windows
    ending on the new act's day or on any later billed act within a year.
    """
    if cap < 1:
        raise ValueError("the cap must allow at least one act")
    with_new = [*billed_dates, performed_on]
    window_ends = {day for day in with_new if day >= performed_on}
    for end_day in window_ends:
        start, end = cap_window(end_day, mode)
        if start <= performed_on <= end and acts_in_window(with_new, end_day, mode) > cap:
            return False
    return True
