"""The 20 compulsory health examinations of the child, versioned (DOMAIN.md §5; CSP art. R2132-1).

Ages are completed ages (see `ages`): "1 month" is the exam "au cours du 2e mois", i.e. from
1 month old to the day before 2 months old.

Versions:
- from 2025-01-01 (DOMAIN.md §5; service-public.fr, 27 Dec 2024): the exam between the 3rd week
  and the end of the 1st month is removed and an exam at 6 years ("au cours de la 7e année") added.
- from 2019-03-01 (décret n° 2019-137): *reconstructed* as the 2025 calendar plus the removed
  exam and minus the added one, which matches the published description of the change (14 exams
  in the first three years, 3 between 7 and 16). To be checked against the former R2132-1 wording.
  Calendars before 2019-03-01 are not modelled: no child exam opening before then is listed.
"""

from datetime import date

from dmp_service.domain.ages import Age, days, months, years
from dmp_service.domain.prevention import AgendaCategory, ItemDefinition, ListVersion, PreventionList


def _exam(code: str, label: str, start: Age, end: Age) -> ItemDefinition:
    return ItemDefinition(
        code=f"child_exam.{code}",
        label=f"Examen de santé obligatoire de l'enfant : {label}",
        category=AgendaCategory.CHILD_EXAMINATION,
        compulsory=True,
        start=start,
        end=end,
    )


def _at_months(n: int) -> ItemDefinition:
    return _exam(f"m{n}", f"{n} mois", months(n), months(n + 1))


def _at_years(n: int) -> ItemDefinition:
    return _exam(f"y{n}", f"{n} ans", years(n), years(n + 1))


_FIRST_DAYS = (
    # "Dans les 8 jours qui suivent la naissance": birth day and the 7 following days.
    _exam("d8", "dans les 8 jours suivant la naissance", days(0), days(8)),
    _exam("w2", "au cours de la 2e semaine", days(7), days(14)),
)
_THIRD_WEEK_TO_FIRST_MONTH = _exam("w3_m1", "entre la 3e semaine et la fin du 1er mois", days(14), months(1))
_INFANCY = (
    *(_at_months(n) for n in (1, 2, 3, 4, 5, 8, 11, 12)),
    _exam("m16_18", "entre 16 et 18 mois", months(16), months(19)),
    _at_months(23),
    *(_at_years(n) for n in (2, 3, 4, 5)),
)
_SCHOOL_AGE = (
    _exam("y8_9", "entre 8 et 9 ans", years(8), years(10)),
    _exam("y11_13", "entre 11 et 13 ans", years(11), years(14)),
    _exam("y15_16", "entre 15 et 16 ans", years(15), years(17)),
)

CHILD_EXAMINATIONS = PreventionList(
    name="child_examinations",
    versions=(
        ListVersion(
            effective_from=date(2019, 3, 1),
            source="CSP R2132-1 (décret n° 2019-137), reconstructed from the 2025 change; to verify",
            items=(*_FIRST_DAYS, _THIRD_WEEK_TO_FIRST_MONTH, *_INFANCY, *_SCHOOL_AGE),
        ),
        ListVersion(
            effective_from=date(2025, 1, 1),
            source="DOMAIN.md §5; CSP R2132-1 calendar in force 2025-01-01 (service-public.fr 2024-12-27)",
            items=(*_FIRST_DAYS, *_INFANCY, _at_years(6), *_SCHOOL_AGE),
        ),
    ),
)
