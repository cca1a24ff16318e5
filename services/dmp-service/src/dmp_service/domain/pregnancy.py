"""The oral examination (EBD) of pregnant women (DOMAIN.md §5).

Window: from the start of the 4th month of pregnancy (pregnancy start + 3 months) to 6 months
after the birth (the actual delivery date if known, else the expected one), ending the day before
birth + 6 months. One version, in force since `date.min`: an earlier rule ending 12 days after the
birth existed (press, 2025) but its end date was not confirmed, so it is not modelled.
The item depends only on the pregnancy given, not on the administrative sex of the identity.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from dmp_service.domain.ages import DateWindow, add_months
from dmp_service.domain.prevention import AgendaCategory, ScheduledItem
from dmp_service.domain.versioning import check_chronological, in_force


@dataclass(frozen=True)
class Pregnancy:
    """A pregnancy as declared: start date, expected delivery date and, once known, the delivery date."""

    start_date: date
    expected_delivery_date: date
    delivery_date: date | None = None

    def __post_init__(self) -> None:
        if self.expected_delivery_date <= self.start_date:
            raise ValueError("the expected delivery date must follow the start of the pregnancy")
        if self.delivery_date is not None and self.delivery_date < self.start_date:
            raise ValueError("the delivery cannot precede the start of the pregnancy")

    @property
    def birth_date(self) -> date:
        """The delivery date if known, else the expected one."""
        return self.delivery_date or self.expected_delivery_date


@dataclass(frozen=True)
class PregnancyExamVersion:
    """When the pregnancy oral exam may be done, from `effective_from` (DOMAIN.md §5)."""

    effective_from: date
    months_after_birth: int
    source: str


PREGNANCY_EXAM_VERSIONS: tuple[PregnancyExamVersion, ...] = (
    PregnancyExamVersion(
        effective_from=date.min,
        months_after_birth=6,
        source="DOMAIN.md §5 (EBD femme enceinte : du 4e mois de grossesse à 6 mois après l'accouchement)",
    ),
)
check_chronological(PREGNANCY_EXAM_VERSIONS, "pregnancy oral exam")

PREGNANCY_EXAM_CODE = "ebd.pregnancy"

# The 4th month of pregnancy starts 3 months after the pregnancy start.
_FOURTH_MONTH = 3


def pregnancy_oral_exam(pregnancy: Pregnancy) -> ScheduledItem:
    """The EBD item of `pregnancy`, from the version in force at the start of the 4th month."""
    opens = add_months(pregnancy.start_date, _FOURTH_MONTH)
    version = in_force(PREGNANCY_EXAM_VERSIONS, opens)
    if version is None:
        raise LookupError(f"no pregnancy oral exam rule in force on {opens.isoformat()}")
    closes = add_months(pregnancy.birth_date, version.months_after_birth) - timedelta(days=1)
    return ScheduledItem(
        code=PREGNANCY_EXAM_CODE,
        label="Examen bucco-dentaire de la femme enceinte",
        category=AgendaCategory.PREGNANCY_ORAL_EXAMINATION,
        compulsory=False,
        window=DateWindow(opens, closes),
        source=version.source,
        rule_effective_from=version.effective_from,
    )
