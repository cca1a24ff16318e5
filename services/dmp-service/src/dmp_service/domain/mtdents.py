"""M'T dents oral examinations of children and young adults, versioned (DOMAIN.md §5).

Each exam is due on a birthday and may be done within one year from it (service-public.fr F243:
"durant 1 an à compter de la date anniversaire"); it belongs to the version in force on that
birthday. Care within 6 months after the exam needs no advance payment (avenant 1).

Default versions, and how "the upper age rises by one each 1 January up to 28 in 2028" is read:
- until 2025-03-31: every 3 years from 3 to 24 (3, 6, …, 24) (seed);
- from 2025-04-01: every year from 3 to 24 (avenant 2 set the annual exam's start; ameli/
  service-public: "de 3 à 24 ans");
- from 1 January of year Y in 2026–2028: every year from 3 to Y − 2000, i.e. 26, 27, 28; then 28.
  Avenant 1 extends the "génération sans carie" cohort from 1–25 in 2025 by one year each
  1 January up to 28 in 2028 (upper age Y − 2000); since the annual exam opened at 24 in 2025, its
  upper age joins that cohort on 2026-01-01 (24 → 26) and then rises by one a year. A rise by one
  from 24 (25, 26, 27) would not reach 28 in 2028. The table is configuration (`AgendaConfig`).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from dmp_service.domain.ages import DateWindow, months_after, years
from dmp_service.domain.prevention import AgendaCategory, ItemDefinition, ListVersion, PreventionList
from dmp_service.domain.versioning import check_chronological

# Months after an M'T dents exam during which care needs no advance payment (avenant 1).
CARE_WITHOUT_ADVANCE_PAYMENT_MONTHS = 6


@dataclass(frozen=True)
class MtDentsVersion:
    """Ages of the M'T dents exams from `effective_from`: `min_age`..`max_age` every `interval_years`."""

    effective_from: date
    min_age: int
    max_age: int
    interval_years: int
    source: str
    care_months: int = CARE_WITHOUT_ADVANCE_PAYMENT_MONTHS

    def __post_init__(self) -> None:
        if not 0 <= self.min_age <= self.max_age:
            raise ValueError("M'T dents ages must satisfy 0 <= min_age <= max_age")
        if self.interval_years < 1 or self.care_months < 0:
            raise ValueError("M'T dents interval must be >= 1 year and care months >= 0")

    def ages(self) -> range:
        """Ages at which an exam is due under this version."""
        return range(self.min_age, self.max_age + 1, self.interval_years)


_AVENANT_1 = "dental convention 2023 avenant 1 (upper age +1 each 1 January, 28 in 2028)"

DEFAULT_MTDENTS_VERSIONS: tuple[MtDentsVersion, ...] = (
    MtDentsVersion(date.min, 3, 24, 3, "seed: tous les 3 ans de 3 à 24 ans"),
    MtDentsVersion(date(2025, 4, 1), 3, 24, 1, "DOMAIN.md §5; avenant 2 (annual exam from 2025-04-01)"),
    *(MtDentsVersion(date(year, 1, 1), 3, year - 2000, 1, _AVENANT_1) for year in (2026, 2027, 2028)),
)


def mtdents_list(versions: Sequence[MtDentsVersion]) -> PreventionList:
    """The M'T dents table as a prevention list: one exam per age, due on that birthday for a year."""
    check_chronological(versions, "M'T dents")
    return PreventionList(
        name="mtdents",
        versions=tuple(
            ListVersion(
                effective_from=version.effective_from,
                source=version.source,
                items=tuple(
                    ItemDefinition(
                        code=f"mtdents.y{age}",
                        label=f"Examen bucco-dentaire M'T dents ({age} ans)",
                        category=AgendaCategory.MTDENTS_EXAMINATION,
                        compulsory=False,
                        start=years(age),
                        end=years(age + 1),
                        care_without_advance_payment_months=version.care_months,
                    )
                    for age in version.ages()
                ),
            )
            for version in versions
        ),
    )


def care_window(exam_date: date, care_months: int = CARE_WITHOUT_ADVANCE_PAYMENT_MONTHS) -> DateWindow:
    """Days after an M'T dents exam when care needs no advance payment (avenant 1: 6 months)."""
    return months_after(exam_date, care_months)
