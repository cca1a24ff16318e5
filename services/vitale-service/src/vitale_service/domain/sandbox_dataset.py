"""Fictitious patients of the sandbox app issuer and the ADRI rights the sandbox answers for them.

Every NIR below is fictitious, carries a valid control key (97 − N mod 97, Corsica 2A → 19) and a
sex digit, year and month matching the person, and its INS uses the TEST OID 1.2.250.1.213.1.4.10
(DOMAIN.md §1-2). Names follow INSi style (upper case, no diacritics). E-mails use example.org.

martin-family: a family, ADRI open since 2020-01-01 with no end.
  PIERRE-ALAIN JEAN MARTIN, ouvrant droit (the holder), 178044410901264;
  SOPHIE MARIE DURAND, usage name MARTIN, conjoint, 280096938302710;
  LEA MARTIN, enfant born on 2012-02-29, 212024410904579; HUGO MARTIN, enfant, 115114410903341.
bernard-twins: CHLOE BERNARD, ouvrant droit (the holder), 290051320501812, and twins born 2019-06-15
  told apart by their birth rank: NOAH rank 1, 119061320506122; EMMA rank 2, 219061320506268.
  ADRI open from 2019-01-01 to 2030-12-31.
dartagnan-single: MARIE-HELENE D'ARTAGNAN DE L'HERAULT alone (the choice may be omitted), born in
  Ajaccio 2A004, 280012A00400712. ADRI open since 2000-01-01.
leroy-closed: JULIEN LEROY alone, born in Spain (99134), MSA, 172079913402105. ADRI closed, rights
  ended 2024-06-30.
petit-unknown: CAMILLE PETIT alone, 299037511405573, no INS on the app. Unknown to ADRI.
rousseau-family: CLAIRE ROUSSEAU, ouvrant droit (the holder), 293043523831109, and her children, one
  per childhood age band of the prevention agenda (ages on 2026-12-01): INES (15), 211033523841230;
  ARTHUR (4), 122093523820736; TOM (17 months), 125063523812619; JADE (8 months),
  226033523811874; LOUIS (11 days), 126113523809482. ADRI open since 2011-01-01.
giraud-single: BERNADETTE GIRAUD alone (63: the 60–65 check-up band), born in Lyon, 263086912351786.
  ADRI open since 2023-01-01.

The same persons, with the same matricules and traits, are in ins-service's INSi sandbox.

Insurer codes are fictitious régime (2) + caisse (3) + centre (4) digits.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from dentalink_contracts import Ins, InsOid, Sex
from vitale_service.domain.adri import AdriRights, RightsStatus
from vitale_service.domain.payload import AmoBeneficiary, AmoQuality, ApcvContent, CivilStatus

_UPDATED_ON = date(2025, 1, 15)


@dataclass(frozen=True)
class SandboxPatient:
    """One app of the sandbox issuer: a label to ask for it by, and what the app discloses."""

    label: str
    description: str
    content: ApcvContent


def _person(
    nir: str,
    birth_name: str,
    first_names: str,
    sex: Sex,
    birth_date: date,
    birth_place_code: str,
    quality: AmoQuality,
    insurer: str,
    *,
    ouvrant_droit_nir: str | None = None,
    usage_name: str | None = None,
    birth_rank: int = 1,
    with_ins: bool = True,
) -> AmoBeneficiary:
    return AmoBeneficiary(
        nir=nir,
        ouvrant_droit_nir=ouvrant_droit_nir,
        birth_name=birth_name,
        usage_name=usage_name,
        first_names=first_names,
        birth_date=birth_date,
        birth_rank=birth_rank,
        sex=sex,
        birth_place_code=birth_place_code,
        quality=quality,
        insurer=insurer,
        updated_on=_UPDATED_ON,
        ins=Ins(matricule=nir, oid=InsOid.NIR_TEST) if with_ins else None,
    )


def _app(holder: AmoBeneficiary, email: str, *others: AmoBeneficiary) -> ApcvContent:
    if holder.sex is None or holder.birth_place_code is None:
        raise ValueError("a sandbox holder needs sex and birth place for the civil status")
    return ApcvContent(
        civil_status=CivilStatus(
            birth_name=holder.birth_name,
            usage_name=holder.usage_name,
            first_names=holder.first_names,
            sex=holder.sex,
            birth_date=holder.birth_date,
            birth_place_code=holder.birth_place_code,
        ),
        email=email,
        ins=holder.ins,
        holder_nir=holder.nir,
        beneficiaries=(holder, *others),
    )


_OD = AmoQuality.OUVRANT_DROIT
_MARTIN, _BERNARD, _ROUSSEAU = "178044410901264", "290051320501812", "293043523831109"
_ROUSSEAU_CHILDREN = (
    ("211033523841230", "INES", Sex.FEMALE, date(2011, 3, 12)),
    ("122093523820736", "ARTHUR", Sex.MALE, date(2022, 9, 5)),
    ("125063523812619", "TOM", Sex.MALE, date(2025, 6, 10)),
    ("226033523811874", "JADE", Sex.FEMALE, date(2026, 3, 10)),
    ("126113523809482", "LOUIS", Sex.MALE, date(2026, 11, 20)),
)

SANDBOX_PATIENTS: tuple[SandboxPatient, ...] = (
    SandboxPatient(
        "martin-family",
        "ouvrant droit, conjoint and two children; one child born on 29 February",
        _app(
            _person(
                _MARTIN, "MARTIN", "PIERRE-ALAIN JEAN", Sex.MALE, date(1978, 4, 12), "44109", _OD, "014410000"
            ),
            "pierre-alain.martin@example.org",
            _person(
                "280096938302710",
                "DURAND",
                "SOPHIE MARIE",
                Sex.FEMALE,
                date(1980, 9, 23),
                "69383",
                AmoQuality.CONJOINT,
                "014410000",
                ouvrant_droit_nir=_MARTIN,
                usage_name="MARTIN",
            ),
            _person(
                "212024410904579",
                "MARTIN",
                "LEA",
                Sex.FEMALE,
                date(2012, 2, 29),
                "44109",
                AmoQuality.ENFANT,
                "014410000",
                ouvrant_droit_nir=_MARTIN,
            ),
            _person(
                "115114410903341",
                "MARTIN",
                "HUGO",
                Sex.MALE,
                date(2015, 11, 3),
                "44109",
                AmoQuality.ENFANT,
                "014410000",
                ouvrant_droit_nir=_MARTIN,
            ),
        ),
    ),
    SandboxPatient(
        "bernard-twins",
        "ouvrant droit and twins told apart by their birth rank",
        _app(
            _person(_BERNARD, "BERNARD", "CHLOE", Sex.FEMALE, date(1990, 5, 21), "13205", _OD, "011310000"),
            "chloe.bernard@example.org",
            _person(
                "119061320506122",
                "BERNARD",
                "NOAH",
                Sex.MALE,
                date(2019, 6, 15),
                "13205",
                AmoQuality.ENFANT,
                "011310000",
                ouvrant_droit_nir=_BERNARD,
                birth_rank=1,
            ),
            _person(
                "219061320506268",
                "BERNARD",
                "EMMA",
                Sex.FEMALE,
                date(2019, 6, 15),
                "13205",
                AmoQuality.ENFANT,
                "011310000",
                ouvrant_droit_nir=_BERNARD,
                birth_rank=2,
            ),
        ),
    ),
    SandboxPatient(
        "dartagnan-single",
        "one beneficiary, apostrophes and spaces in the name, born in Corsica (2A)",
        _app(
            _person(
                "280012A00400712",
                "D'ARTAGNAN DE L'HERAULT",
                "MARIE-HELENE",
                Sex.FEMALE,
                date(1980, 1, 30),
                "2A004",
                _OD,
                "011200000",
            ),
            "mh.dartagnan@example.org",
        ),
    ),
    SandboxPatient(
        "leroy-closed",
        "one beneficiary whose rights ADRI reports closed; born abroad",
        _app(
            _person(
                "172079913402105", "LEROY", "JULIEN", Sex.MALE, date(1972, 7, 8), "99134", _OD, "021690000"
            ),
            "julien.leroy@example.org",
        ),
    ),
    SandboxPatient(
        "petit-unknown",
        "one beneficiary ADRI does not know; no INS on the app",
        _app(
            _person(
                "299037511405573",
                "PETIT",
                "CAMILLE",
                Sex.FEMALE,
                date(1999, 3, 17),
                "75114",
                _OD,
                "017510000",
                with_ins=False,
            ),
            "camille.petit@example.org",
        ),
    ),
    SandboxPatient(
        "rousseau-family",
        "ouvrant droit and five children, one per childhood age band of the prevention agenda",
        _app(
            _person(_ROUSSEAU, "ROUSSEAU", "CLAIRE", Sex.FEMALE, date(1993, 4, 7), "35238", _OD, "013510000"),
            "claire.rousseau@example.org",
            *(
                _person(
                    nir,
                    "ROUSSEAU",
                    first_name,
                    sex,
                    born,
                    "35238",
                    AmoQuality.ENFANT,
                    "013510000",
                    ouvrant_droit_nir=_ROUSSEAU,
                )
                for nir, first_name, sex, born in _ROUSSEAU_CHILDREN
            ),
        ),
    ),
    SandboxPatient(
        "giraud-single",
        "one beneficiary aged 60 to 65 (a prevention check-up band)",
        _app(
            _person(
                "263086912351786",
                "GIRAUD",
                "BERNADETTE",
                Sex.FEMALE,
                date(1963, 8, 22),
                "69123",
                _OD,
                "016910000",
            ),
            "bernadette.giraud@example.org",
        ),
    ),
)

_FAMILY_RIGHTS = AdriRights(RightsStatus.OPEN, "014410000", date(2020, 1, 1))
_TWINS_RIGHTS = AdriRights(RightsStatus.OPEN, "011310000", date(2019, 1, 1), date(2030, 12, 31))

# ADRI answers of the sandbox, by beneficiary NIR; a NIR missing here is an unknown beneficiary.
SANDBOX_ADRI_RIGHTS: Mapping[str, AdriRights] = MappingProxyType(
    {
        _MARTIN: _FAMILY_RIGHTS,
        "280096938302710": _FAMILY_RIGHTS,
        "212024410904579": _FAMILY_RIGHTS,
        "115114410903341": _FAMILY_RIGHTS,
        _BERNARD: _TWINS_RIGHTS,
        "119061320506122": _TWINS_RIGHTS,
        "219061320506268": _TWINS_RIGHTS,
        "280012A00400712": AdriRights(RightsStatus.OPEN, "011200000", date(2000, 1, 1)),
        "172079913402105": AdriRights(RightsStatus.CLOSED, "021690000", date(2015, 1, 1), date(2024, 6, 30)),
        **dict.fromkeys(
            (_ROUSSEAU, *(child[0] for child in _ROUSSEAU_CHILDREN)),
            AdriRights(RightsStatus.OPEN, "013510000", date(2011, 1, 1)),
        ),
        "263086912351786": AdriRights(RightsStatus.OPEN, "016910000", date(2023, 1, 1)),
    }
)


def sandbox_patient(label: str) -> SandboxPatient:
    """The sandbox patient with this label; KeyError when there is none."""
    for patient in SANDBOX_PATIENTS:
        if patient.label == label:
            return patient
    raise KeyError(label)
