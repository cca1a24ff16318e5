"""Consistency of a matricule with the traits: identity-vigilance alerts, never corrections (DOMAIN.md §1)."""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Protocol

from dentalink_contracts import Sex
from ins_service.domain.matricule import BirthPlaceKind, ParsedMatricule

# Births in Algeria (91–94), Morocco (95) and Tunisia (96) before independence kept those department
# numbers in the NIR, while INSi now gives the country code (INSEE: 99352, 99350, 99351).
_PRE_INDEPENDENCE_DEPARTMENTS = frozenset({"91", "92", "93", "94", "95", "96"})
_PRE_INDEPENDENCE_COUNTRIES = frozenset({"99350", "99351", "99352"})
# Corsica was department 20 until 1976: a NIR issued before keeps `20` where the COG now says 2A/2B.
_CORSICA = frozenset({"20", "2A", "2B"})


class AlertCode(StrEnum):
    """Kinds of identity-vigilance alerts raised by a matricule/traits mismatch (DOMAIN.md §1)."""

    SEX_MISMATCH = "sex-mismatch"
    BIRTH_YEAR_MISMATCH = "birth-year-mismatch"
    BIRTH_MONTH_MISMATCH = "birth-month-mismatch"
    BIRTH_PLACE_MISMATCH = "birth-place-mismatch"


@dataclass(frozen=True)
class VigilanceAlert:
    """One mismatch to show the practitioner; what the NIR encodes vs what the traits say."""

    code: AlertCode
    message: str
    matricule_value: str
    traits_value: str


class BirthTraits(Protocol):
    """The traits a NIR encodes; both `TypedTraits` and `InsiTraits` have them."""

    @property
    def sex(self) -> Sex: ...

    @property
    def birth_date(self) -> date: ...

    @property
    def birth_place_code(self) -> str | None: ...


def _same_place(nir_code: str, traits_code: str) -> bool:
    if nir_code == traits_code:
        return True
    if nir_code[:2] in _CORSICA and traits_code[:2] in _CORSICA and "20" in (nir_code[:2], traits_code[:2]):
        return nir_code[2:] == traits_code[2:]
    return nir_code[:2] in _PRE_INDEPENDENCE_DEPARTMENTS and traits_code in _PRE_INDEPENDENCE_COUNTRIES


def _place_alert(matricule: ParsedMatricule, place_code: str | None) -> VigilanceAlert | None:
    if place_code is None or matricule.place_kind in (BirthPlaceKind.ABROAD, BirthPlaceKind.OVERSEAS):
        return None
    if _same_place(matricule.birth_place_code, place_code):
        return None
    return VigilanceAlert(
        AlertCode.BIRTH_PLACE_MISMATCH,
        "the department and commune in the matricule differ from the birth place code",
        matricule.birth_place_code,
        place_code,
    )


def check_consistency(matricule: ParsedMatricule, traits: BirthTraits) -> list[VigilanceAlert]:
    """Alerts for each trait the matricule contradicts; skips abroad, overseas, special months (§1)."""
    alerts: list[VigilanceAlert] = []
    if matricule.sex is not traits.sex:
        alerts.append(
            VigilanceAlert(
                AlertCode.SEX_MISMATCH, "the sex digit differs from the sex trait", matricule.sex, traits.sex
            )
        )
    if matricule.birth_year != traits.birth_date.year % 100:
        alerts.append(
            VigilanceAlert(
                AlertCode.BIRTH_YEAR_MISMATCH,
                "the birth year in the matricule differs from the birth date",
                f"{matricule.birth_year:02d}",
                f"{traits.birth_date.year % 100:02d}",
            )
        )
    if not matricule.has_special_month and matricule.birth_month != traits.birth_date.month:
        alerts.append(
            VigilanceAlert(
                AlertCode.BIRTH_MONTH_MISMATCH,
                "the birth month in the matricule differs from the birth date",
                f"{matricule.birth_month:02d}",
                f"{traits.birth_date.month:02d}",
            )
        )
    place_alert = _place_alert(matricule, traits.birth_place_code)
    if place_alert is not None:
        alerts.append(place_alert)
    return alerts
