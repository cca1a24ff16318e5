"""Prevention check-ups at the key ages of life and glaucoma screening (DOMAIN.md §5; seed).

Both lists have a single version in force since `date.min`: the seed gives no history. The
check-ups ("Mon bilan prévention") started in 2024; earlier bands are past anyway and hidden by the
agenda's overdue look-back.
"""

from datetime import date

from dmp_service.domain.ages import years
from dmp_service.domain.prevention import AgendaCategory, ItemDefinition, ListVersion, PreventionList

# Bands are inclusive of their upper age: 18–25 ends the day before the 26th birthday.
CHECKUP_BANDS: tuple[tuple[int, int], ...] = ((18, 25), (45, 50), (60, 65), (70, 75))

PREVENTION_CHECKUPS = PreventionList(
    name="prevention_checkups",
    versions=(
        ListVersion(
            effective_from=date.min,
            source="DOMAIN.md §5; seed (bilans de prévention aux âges clés : 18, 45, 60, 70 ans)",
            items=tuple(
                ItemDefinition(
                    code=f"checkup.y{low}_{high}",
                    label=f"Bilan prévention {low}–{high} ans",
                    category=AgendaCategory.PREVENTION_CHECKUP,
                    compulsory=False,
                    start=years(low),
                    end=years(high + 1),
                )
                for low, high in CHECKUP_BANDS
            ),
        ),
    ),
)


def glaucoma_screening(from_age: int) -> PreventionList:
    """Glaucoma screening, open-ended from `from_age` (seed: 45; HAS says 40: assumption, configurable)."""
    return PreventionList(
        name="glaucoma_screening",
        versions=(
            ListVersion(
                effective_from=date.min,
                source=f"DOMAIN.md §5; seed (à partir de 45 ans); configured age {from_age} (assumption)",
                items=(
                    ItemDefinition(
                        code="glaucoma_screening",
                        label=f"Dépistage du glaucome (à partir de {from_age} ans)",
                        category=AgendaCategory.GLAUCOMA_SCREENING,
                        compulsory=False,
                        start=years(from_age),
                        end=None,
                    ),
                ),
            ),
        ),
    )
