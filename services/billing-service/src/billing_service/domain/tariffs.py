"""Tariff catalogues versioned by effective date: the version in force on the act's date applies.

DOMAIN.md (preamble): rules that change over time keep every version and are picked by the date of
the act, never by today's date.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import pairwise

from billing_service.domain.money import euros, to_cents
from dentalink_contracts.events.telemed import ActCode


class NoTariffError(LookupError):
    """No version of the act's tariff was in force on the date of the act (DOMAIN.md §6)."""

    def __init__(self, act_code: str, performed_on: date) -> None:
        super().__init__(f"no tariff in force for act {act_code} on {performed_on.isoformat()}")
        self.act_code = act_code
        self.performed_on = performed_on


@dataclass(frozen=True)
class TariffVersion:
    """One price of an act over [effective_from, effective_to): `effective_to` is exclusive (None: open).

    Exclusive ends let a successor start on the very day its predecessor stops (`effective_to` of
    the old == `effective_from` of the new). `source` cites where the amount comes from;
    `illustrative` marks amounts that were not confirmed against a primary source.
    """

    act_code: str
    amount: Decimal
    effective_from: date
    effective_to: date | None
    source: str
    label: str = ""
    illustrative: bool = False

    def __post_init__(self) -> None:
        if to_cents(self.amount) <= 0:
            raise ValueError(f"tariff of {self.act_code} must be a positive amount")
        if self.effective_to is not None and self.effective_to <= self.effective_from:
            raise ValueError(f"tariff of {self.act_code} ends before it starts")
        if not self.source.strip():
            raise ValueError(f"tariff of {self.act_code} must cite its source")

    def in_force_on(self, day: date) -> bool:
        """Whether this version applies to an act performed on `day`."""
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)


# What `tariff_for` returns: the version in force, which carries the amount and its source.
Tariff = TariffVersion


@dataclass(frozen=True)
class TariffCatalogue:
    """Every tariff version known, checked so that at most one version of a code is in force a day."""

    versions: tuple[TariffVersion, ...]

    def __post_init__(self) -> None:
        by_code: dict[str, list[TariffVersion]] = {}
        for version in self.versions:
            by_code.setdefault(version.act_code, []).append(version)
        for code, versions in by_code.items():
            ordered = sorted(versions, key=lambda version: version.effective_from)
            for earlier, later in pairwise(ordered):
                if earlier.effective_to is None or earlier.effective_to > later.effective_from:
                    raise ValueError(f"tariff versions of {code} overlap from {later.effective_from}")

    @classmethod
    def of(cls, versions: Iterable[TariffVersion]) -> "TariffCatalogue":
        """A catalogue of the given versions (validated)."""
        return cls(tuple(versions))

    def act_codes(self) -> frozenset[str]:
        """The codes this catalogue knows, whatever the date."""
        return frozenset(version.act_code for version in self.versions)


def tariff_for(act_code: str, performed_on: date, catalogue: TariffCatalogue) -> Tariff:
    """The tariff version in force on the date of the act (DOMAIN.md preamble; §6); NoTariffError if none."""
    for version in catalogue.versions:
        if version.act_code == act_code and version.in_force_on(performed_on):
            return version
    raise NoTariffError(act_code, performed_on)


# Dental convention avenant 1 (signed 2024-07-04, published JORF 2025-01-18): "les mesures de
# l'avenant entrent en vigueur le 1er février 2025" (ameli.fr, chirurgien-dentiste > convention >
# avenants, 2024-11-15). Not cross-checked against the NGAP 14.9.4 decision text itself.
AVENANT_1_IN_FORCE = date(2025, 2, 1)

_AVENANT_1_SOURCE = (
    "Seed (ADF fiche TMBD); dental convention avenant 1 art. 58, NGAP 14.9.4; "
    "in force 2025-02-01 per ameli.fr"
)

TELE_EXPERTISE_CATALOGUE = TariffCatalogue(
    (
        TariffVersion(
            ActCode.RQD,
            euros("10.00"),
            AVENANT_1_IN_FORCE,
            None,
            _AVENANT_1_SOURCE,
            label="Demande de télé-expertise bucco-dentaire (requérant)",
        ),
        TariffVersion(
            ActCode.TE2,
            euros("20.00"),
            AVENANT_1_IN_FORCE,
            None,
            _AVENANT_1_SOURCE,
            label="Télé-expertise bucco-dentaire (requis)",
        ),
    )
)
"""Default tele-expertise tariffs: RQD 10.00 €, TE2 20.00 € (DOMAIN.md §6; seed)."""
