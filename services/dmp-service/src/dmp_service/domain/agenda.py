"""The prevention agenda of Mon espace santé, computed from birth date, sex and pregnancy (DOMAIN.md §5).

Statuses relative to `today`: done (a completion was recorded for the item's code), due (the window
contains today), upcoming (opens after today, within `upcoming_horizon`), overdue (the window ended
without completion). Items opening beyond the horizon, and items whose window ended more than
`overdue_lookback` ago, are left out (product choices, not rules: see `AgendaConfig`).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from dentalink_contracts.values import Sex
from dmp_service.domain.adult_prevention import PREVENTION_CHECKUPS, glaucoma_screening
from dmp_service.domain.ages import DateWindow
from dmp_service.domain.child_examinations import CHILD_EXAMINATIONS
from dmp_service.domain.mtdents import DEFAULT_MTDENTS_VERSIONS, MtDentsVersion, mtdents_list
from dmp_service.domain.pregnancy import Pregnancy, pregnancy_oral_exam
from dmp_service.domain.prevention import AgendaCategory, ScheduledItem, schedule
from dmp_service.domain.vaccinations import VACCINATIONS
from dmp_service.domain.versioning import check_chronological


class ItemStatus(StrEnum):
    """Where an agenda item stands on the day the agenda is computed (DOMAIN.md §5)."""

    DONE = "done"
    DUE = "due"
    UPCOMING = "upcoming"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class AgendaConfig:
    """Agenda settings; defaults documented field by field.

    - glaucoma_screening_age: 45 per the seed; HAS material says 40 (DOMAIN.md §5 assumption).
    - upcoming_horizon: items opening within 90 days are shown as upcoming (product choice);
      None shows every future item.
    - overdue_lookback: overdue items whose window ended more than 365 days ago are hidden, so
      an adult does not see every childhood exam (product choice); None keeps them all.
    - mtdents_versions: the M'T dents policy table (see `mtdents` for the default's reading).
    """

    glaucoma_screening_age: int = 45
    upcoming_horizon: timedelta | None = timedelta(days=90)
    overdue_lookback: timedelta | None = timedelta(days=365)
    mtdents_versions: tuple[MtDentsVersion, ...] = DEFAULT_MTDENTS_VERSIONS

    def __post_init__(self) -> None:
        if not 0 <= self.glaucoma_screening_age <= 120:
            raise ValueError("glaucoma screening age must be between 0 and 120")
        for span in (self.upcoming_horizon, self.overdue_lookback):
            if span is not None and span < timedelta(0):
                raise ValueError("agenda horizons cannot be negative")
        check_chronological(self.mtdents_versions, "M'T dents")


DEFAULT_AGENDA_CONFIG = AgendaConfig()

# Days the agenda is computed for and pregnancies it takes (product bound, not a rule): windows reach
# up to 120 years past a date, so a day near year 9999 would overflow the calendar.
AGENDA_CALENDAR = DateWindow(date(1900, 1, 1), date(2200, 12, 31))


@dataclass(frozen=True)
class CompletedItem:
    """A prevention item recorded as done (by the patient or a professional) on `done_on`."""

    code: str
    done_on: date


@dataclass(frozen=True)
class AgendaItem:
    """One line of the agenda: what, when (inclusive window; end None: open-ended), status, source."""

    code: str
    label: str
    category: AgendaCategory
    compulsory: bool
    window_start: date
    window_end: date | None
    status: ItemStatus
    source: str
    rule_effective_from: date
    care_without_advance_payment_months: int | None = None
    completed_on: date | None = None


def prevention_plan(
    birth_date: date, sex: Sex, pregnancy: Pregnancy | None, config: AgendaConfig = DEFAULT_AGENDA_CONFIG
) -> list[ScheduledItem]:
    """Every prevention item of a person's life, each from the rule version in force when it opens."""
    if pregnancy is not None and pregnancy.start_date < birth_date:
        raise ValueError("a pregnancy cannot start before the person's birth")
    lists = (
        CHILD_EXAMINATIONS,
        mtdents_list(config.mtdents_versions),
        PREVENTION_CHECKUPS,
        glaucoma_screening(config.glaucoma_screening_age),
        VACCINATIONS,
    )
    items = [item for prevention_list in lists for item in schedule(prevention_list, birth_date, sex)]
    if pregnancy is not None:
        items.append(pregnancy_oral_exam(pregnancy))
    return sorted(items, key=lambda item: (item.window.start, item.code))


def compute_agenda(
    birth_date: date,
    sex: Sex,
    pregnancy: Pregnancy | None,
    today: date,
    config: AgendaConfig = DEFAULT_AGENDA_CONFIG,
    completed: Iterable[CompletedItem] = (),
) -> list[AgendaItem]:
    """The agenda on `today`: items due, upcoming, overdue or done, ordered by window start (DOMAIN.md §5)."""
    if today < birth_date:
        raise ValueError("the agenda cannot be computed before the person's birth")
    done_on: dict[str, date] = {}
    for completion in completed:
        if completion.done_on > today:
            raise ValueError(f"completion of {completion.code} is dated after today")
        done_on[completion.code] = max(completion.done_on, done_on.get(completion.code, completion.done_on))
    agenda = []
    for item in prevention_plan(birth_date, sex, pregnancy, config):
        if not _visible(item, today, config):
            continue
        agenda.append(
            AgendaItem(
                code=item.code,
                label=item.label,
                category=item.category,
                compulsory=item.compulsory,
                window_start=item.window.start,
                window_end=item.window.end,
                status=_status(item, today, item.code in done_on),
                source=item.source,
                rule_effective_from=item.rule_effective_from,
                care_without_advance_payment_months=item.care_without_advance_payment_months,
                completed_on=done_on.get(item.code),
            )
        )
    return agenda


def _status(item: ScheduledItem, today: date, done: bool) -> ItemStatus:
    if done:
        return ItemStatus.DONE
    if item.window.contains(today):
        return ItemStatus.DUE
    return ItemStatus.UPCOMING if item.window.start > today else ItemStatus.OVERDUE


def _visible(item: ScheduledItem, today: date, config: AgendaConfig) -> bool:
    # The horizons only trim the list shown; they never change an item's status.
    if config.upcoming_horizon is not None and item.window.start > today + config.upcoming_horizon:
        return False
    lookback = config.overdue_lookback
    return lookback is None or item.window.end is None or item.window.end >= today - lookback
