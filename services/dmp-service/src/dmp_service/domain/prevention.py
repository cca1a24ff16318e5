"""Prevention lists: age-based items, each list versioned by effective date (DOMAIN.md §5).

An item belongs to the version in force on the first day of its window (the date the person
reaches the item's age), not to the version in force today. A list has no version before its first
effective date, so it yields no item whose window starts earlier.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from dentalink_contracts.values import Sex
from dmp_service.domain.ages import Age, DateWindow, age_window
from dmp_service.domain.versioning import check_chronological, in_force


class AgendaCategory(StrEnum):
    """Kinds of prevention items shown in the agenda (DOMAIN.md §5; seed "agenda prévisionnel")."""

    CHILD_EXAMINATION = "child_examination"
    MTDENTS_EXAMINATION = "mtdents_examination"
    PREGNANCY_ORAL_EXAMINATION = "pregnancy_oral_examination"
    PREVENTION_CHECKUP = "prevention_checkup"
    GLAUCOMA_SCREENING = "glaucoma_screening"
    VACCINATION = "vaccination"


ALL_SEXES: frozenset[Sex] = frozenset(Sex)


@dataclass(frozen=True)
class ItemDefinition:
    """One age-based item of a list version: due from age `start` until just before age `end`."""

    code: str
    label: str
    category: AgendaCategory
    compulsory: bool
    start: Age
    end: Age | None
    sexes: frozenset[Sex] = ALL_SEXES
    care_without_advance_payment_months: int | None = None

    def __post_init__(self) -> None:
        if self.end is not None and self.end.sort_key() <= self.start.sort_key():
            raise ValueError(f"item {self.code} must end after it starts")
        if not self.sexes:
            raise ValueError(f"item {self.code} applies to nobody")


@dataclass(frozen=True)
class ListVersion:
    """The content of a list from `effective_from` until the next version; `source` cites it."""

    effective_from: date
    source: str
    items: tuple[ItemDefinition, ...]

    def __post_init__(self) -> None:
        codes = [item.code for item in self.items]
        if len(codes) != len(set(codes)):
            raise ValueError("item codes must be unique within a list version")
        if not self.source.strip():
            raise ValueError("a list version must cite its source")


@dataclass(frozen=True)
class PreventionList:
    """Every known version of one list, in chronological order."""

    name: str
    versions: tuple[ListVersion, ...]

    def __post_init__(self) -> None:
        check_chronological(self.versions, self.name)


@dataclass(frozen=True)
class ScheduledItem:
    """An item placed in a person's calendar, with the rule version it comes from."""

    code: str
    label: str
    category: AgendaCategory
    compulsory: bool
    window: DateWindow
    source: str
    rule_effective_from: date
    care_without_advance_payment_months: int | None = None


def schedule(prevention_list: PreventionList, birth_date: date, sex: Sex) -> Iterator[ScheduledItem]:
    """Items of `prevention_list` for this person, each from the version in force when it opens."""
    for version in prevention_list.versions:
        for item in version.items:
            if sex not in item.sexes:
                continue
            window = age_window(birth_date, item.start, item.end)
            if in_force(prevention_list.versions, window.start) != version:
                continue
            yield ScheduledItem(
                code=item.code,
                label=item.label,
                category=item.category,
                compulsory=item.compulsory,
                window=window,
                source=version.source,
                rule_effective_from=version.effective_from,
                care_without_advance_payment_months=item.care_without_advance_payment_months,
            )
