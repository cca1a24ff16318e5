"""Compulsory and recommended vaccinations: a small versioned table (DOMAIN.md §5).

Source: "Calendrier des vaccinations et recommandations vaccinales" (ministère de la Santé), one
edition per year. THIS TABLE MUST BE KEPT CURRENT by adding a version when the calendar changes;
it is a deliberately small extract, not a medical reference. Not modelled: catch-up schedules,
risk-group recommendations (BCG, hepatitis A…), rotavirus and MenB recommendations of 2022–2024,
yearly influenza and shingles from 65, COVID-19, RSV. A dose is listed for the version in force on
the day its window opens (the rule for every list), although the 2018 and 2025 obligations apply
to children *born* from those dates: around the switch a child may see doses from both versions.
"""

from datetime import date

from dentalink_contracts.values import Sex
from dmp_service.domain.ages import Age, months, years
from dmp_service.domain.prevention import (
    ALL_SEXES,
    AgendaCategory,
    ItemDefinition,
    ListVersion,
    PreventionList,
)

# Oldest age at which a ten-yearly adult booster is still listed.
_LAST_BOOSTER_AGE = 115


def _dose(
    code: str,
    label: str,
    start: Age,
    end: Age,
    *,
    compulsory: bool,
    sexes: frozenset[Sex] = ALL_SEXES,
) -> ItemDefinition:
    return ItemDefinition(
        code=f"vaccine.{code}",
        label=label,
        category=AgendaCategory.VACCINATION,
        compulsory=compulsory,
        start=start,
        end=end,
        sexes=sexes,
    )


def _infant(code: str, label: str, at_months: int) -> ItemDefinition:
    # Every infant dose of the table is compulsory (11 vaccines from 2018, 13 from 2025).
    return _dose(
        f"{code}.m{at_months}",
        f"{label} ({at_months} mois)",
        months(at_months),
        months(at_months + 1),
        compulsory=True,
    )


def _adult_booster(at_years: int) -> ItemDefinition:
    # Pertussis is boosted once in adulthood, at 25.
    pertussis = "coqueluche, " if at_years == 25 else ""
    return _dose(
        f"dtp_booster.y{at_years}",
        f"Rappel diphtérie, tétanos, {pertussis}poliomyélite ({at_years} ans)",
        years(at_years),
        years(at_years + 1),
        compulsory=False,
    )


_HEXAVALENT = "Vaccin diphtérie, tétanos, coqueluche, polio, Haemophilus b, hépatite B"
_PNEUMOCOCCAL = "Vaccin pneumocoque conjugué"
_MMR = "Vaccin rougeole, oreillons, rubéole"

_INFANT_COMMON = (
    *(_infant("hexavalent", _HEXAVALENT, m) for m in (2, 4, 11)),
    *(_infant("pneumococcal", _PNEUMOCOCCAL, m) for m in (2, 4, 11)),
    _infant("mmr", _MMR, 12),
    _dose("mmr.m16_18", f"{_MMR} (16–18 mois)", months(16), months(19), compulsory=True),
)
_MENINGOCOCCAL_C = tuple(_infant("menc", "Vaccin méningocoque C", m) for m in (5, 12))
_MENINGOCOCCAL_2025 = (
    *(_infant("menacwy", "Vaccin méningocoques ACWY", m) for m in (6, 12)),
    *(_infant("menb", "Vaccin méningocoque B", m) for m in (3, 5, 12)),
)
_CHILD_BOOSTERS = (
    _dose(
        "dtcap_ipv.y6",
        "Rappel diphtérie, tétanos, coqueluche, poliomyélite (6 ans)",
        years(6),
        years(7),
        compulsory=False,
    ),
    _dose(
        "dtcap_ipv.y11_13",
        "Rappel diphtérie, tétanos, coqueluche, poliomyélite (11–13 ans)",
        years(11),
        years(14),
        compulsory=False,
    ),
)
_ADULT_BOOSTERS = tuple(_adult_booster(age) for age in (25, 45, *range(65, _LAST_BOOSTER_AGE + 1, 10)))


def _hpv(sexes: frozenset[Sex]) -> ItemDefinition:
    return _dose(
        "hpv.y11_14",
        "Vaccin papillomavirus, 2 doses (11–14 ans)",
        years(11),
        years(15),
        compulsory=False,
        sexes=sexes,
    )


VACCINATIONS = PreventionList(
    name="vaccinations",
    versions=(
        ListVersion(
            effective_from=date(2018, 1, 1),
            source="Calendrier des vaccinations 2018 (11 compulsory infant vaccines, loi 2017-1836 art. 49)",
            items=(
                *_INFANT_COMMON,
                *_MENINGOCOCCAL_C,
                *_CHILD_BOOSTERS,
                _hpv(frozenset({Sex.FEMALE})),
                *_ADULT_BOOSTERS,
            ),
        ),
        ListVersion(
            effective_from=date(2021, 1, 1),
            source="Calendrier des vaccinations 2021 (HPV extended to boys)",
            items=(*_INFANT_COMMON, *_MENINGOCOCCAL_C, *_CHILD_BOOSTERS, _hpv(ALL_SEXES), *_ADULT_BOOSTERS),
        ),
        ListVersion(
            effective_from=date(2025, 1, 1),
            source="Calendrier des vaccinations 2025 (MenACWY and MenB compulsory, MenACWY at 11–14)",
            items=(
                *_INFANT_COMMON,
                *_MENINGOCOCCAL_2025,
                *_CHILD_BOOSTERS,
                _dose(
                    "menacwy.y11_14",
                    "Vaccin méningocoques ACWY (11–14 ans)",
                    years(11),
                    years(15),
                    compulsory=False,
                ),
                _hpv(ALL_SEXES),
                *_ADULT_BOOSTERS,
            ),
        ),
    ),
)
