"""Fictitious identities the INSi sandbox knows, all on the TEST OID 1.2.250.1.213.1.4.10 (DOMAIN.md §3).

Every matricule carries a valid key (97 − N mod 97, 2A→19, 2B→18), and its sex digit, year, month
and birth place agree with the traits. Traits are in INS form (upper case, no diacritics, hyphens,
apostrophes and spaces kept). Persons shared with the vitale-service sandbox (MARTIN, BERNARD,
D'ARTAGNAN DE L'HERAULT, ROUSSEAU, GIRAUD) have the same matricule there, so an apCV reading
matches an INSi lookup.

label            matricule       sex born       place  birth name / first names
legrand          185037511312392 M 1985-03-14 75113  LEGRAND / PAUL ANDRE
                 → plain `00`
martin           178044410901264 M 1978-04-12 44109  MARTIN / PIERRE-ALAIN JEAN
                 → compound first name
martin-lea       212024410904579 F 2012-02-29 44109  MARTIN / LEA
                 → child on her father's card
bernard-noah     119061320506122 M 2019-06-15 13205  BERNARD / NOAH
                 → twin, birth rank 1
bernard-emma     219061320506268 F 2019-06-15 13205  BERNARD / EMMA
                 → twin, birth rank 2
bernard          290051320501812 F 1990-05-21 13205  BERNARD / CHLOE
                 → the twins' card holder
dartagnan        280012A00400712 F 1980-01-30 2A004  D'ARTAGNAN DE L'HERAULT / MARIE-HELENE
                 → apostrophes, spaces, Corsica 2A
santoni          253072B07300470 F 1953-07-08 2B073  SANTONI / MARIE-ANGE LUCIE
                 → Corsica 2B
papadopoulou     295109912611193 F 1995-10-02 99126  PAPADOPOULOU / ELENI
                 → born abroad (Greece)
hoarau           190049741104213 M 1990-04-18 97411  HOARAU / JEAN-LUC
                 → overseas (La Réunion, 3-digit department)
garcia-lopez     288119913407752 F 1988-11-05 99134  GARCIA LOPEZ / ANA MARIA
                 → INS with history: previous 488119913401217
dupont-claire    270016912304506 F 1970-01-01 69123  DUPONT / MARIE CLAIRE
                 → `02` on "MARIE", `00` with all first names
dupont-louise    270011305504665 F 1970-01-01 13055  DUPONT / MARIE LOUISE
                 → (the other DUPONT)
lefebvre-lille   201055935010156 F 2001-05-20 59350  LEFEBVRE / CAMILLE
                 → `02` on traits, `00` with the birth place
lefebvre-roubaix 201055951210245 F 2001-05-20 59512  LEFEBVRE / CAMILLE
                 → (the other LEFEBVRE)
abadie           147126444500324 M 1947-12-02 64445  ABADIE / LOUIS MARIE
                 → `01` on "LOUIS" alone, `00` with all first names
roussel          275093523821005 F 1975-09-30 35238  ROUSSEL / NATHALIE
                 → found by searches, verification answers `01` (downgrade)
intermittent     199093306332195 M 1999-09-09 33063  INTERMITTENT / ALEX
                 → fault injection, see below
rousseau         293043523831109 F 1993-04-07 35238  ROUSSEAU / CLAIRE
                 → card holder of the family below (apCV `rousseau-family`)
rousseau-ines    211033523841230 F 2011-03-12 35238  ROUSSEAU / INES       → teenager
rousseau-arthur  122093523820736 M 2022-09-05 35238  ROUSSEAU / ARTHUR     → pre-school child
rousseau-tom     125063523812619 M 2025-06-10 35238  ROUSSEAU / TOM        → toddler
rousseau-jade    226033523811874 F 2026-03-10 35238  ROUSSEAU / JADE       → infant
rousseau-louis   126113523809482 M 2026-11-20 35238  ROUSSEAU / LOUIS      → newborn
giraud           263086912351786 F 1963-08-22 69123  GIRAUD / BERNADETTE   → 60–65 check-up band

Every age band the prevention agenda has rules for (DOMAIN.md §5) has someone, on
`SANDBOX_REFERENCE_DATE` (2026-12-01; ask the agenda `on` that day as people age): the newborn's
8-day and 2nd-week exams, the infant's monthly ones, the toddler's 16–18-month exam, the
pre-schooler's yearly exams and first M'T dents, the twins (7), LEA (14) and INES (15) at school
age, the young adults (LEFEBVRE, 25) for the 18–25 check-up, MARTIN (48) for 45–50 and glaucoma,
GIRAUD (63) for 60–65, SANTONI (73) for 70–75; any woman for the pregnancy oral exam.

Anything else answers `01`. Matching (sandbox rules, tolerant like INSi): names compare without
case, accents, hyphens or apostrophes; a traits search matches when the first names sent are the
first first name or the leading words of the list (ABADIE wants the whole list), sex and birth date
are equal, and the birth place, when sent, is equal. A carte Vitale search matches the card's
matricule (own, previous or the holder's), birth name, birth date and birth rank. A verification
answers `00` when the INS is the active one of a person whose traits match.

Fault injection per call, by birth name (every operation sends one):
- `DELAI`: never answers, so the adapter's timeout fires on every attempt (→ 504 `insi-timeout`);
- `PANNE`: a service error on every attempt (→ 503 `insi-unavailable`);
- `INTERMITTENT`: a service error on every odd-numbered call for that name, then the normal answer,
  so one retry recovers.
`INS_INSI_SANDBOX_FAULT=timeout|unavailable` injects the fault on every call instead.
"""

from dataclasses import dataclass
from datetime import date

from dentalink_contracts import Ins, InsOid, Sex
from ins_service.domain import InsiTraits

TEST_OID = InsOid.NIR_TEST
TIMEOUT_NAME = "DELAI"
UNAVAILABLE_NAME = "PANNE"
INTERMITTENT_NAME = "INTERMITTENT"


@dataclass(frozen=True)
class SandboxPerson:
    """One fictitious person INSi knows, with the sandbox's behaviour flags."""

    label: str
    matricule: str
    traits: InsiTraits
    previous: tuple[str, ...] = ()
    card_holder_matricule: str | None = None  # the ouvrant droit whose carte Vitale carries the child
    birth_rank: int = 1
    needs_all_first_names: bool = False
    verification_fails: bool = False

    @property
    def ins(self) -> Ins:
        return Ins(matricule=self.matricule, oid=TEST_OID)

    @property
    def previous_ins(self) -> tuple[Ins, ...]:
        return tuple(Ins(matricule=matricule, oid=TEST_OID) for matricule in self.previous)


def _person(
    label: str,
    matricule: str,
    birth_name: str,
    first_names: str,
    sex: Sex,
    birth_date: date,
    birth_place_code: str,
    *,
    previous: tuple[str, ...] = (),
    card_holder_matricule: str | None = None,
    birth_rank: int = 1,
    needs_all_first_names: bool = False,
    verification_fails: bool = False,
) -> SandboxPerson:
    traits = InsiTraits.from_insi(
        birth_name=birth_name,
        birth_first_names=first_names,
        birth_date=birth_date,
        sex=sex,
        birth_place_code=birth_place_code,
    )
    return SandboxPerson(
        label,
        matricule,
        traits,
        previous=previous,
        card_holder_matricule=card_holder_matricule,
        birth_rank=birth_rank,
        needs_all_first_names=needs_all_first_names,
        verification_fails=verification_fails,
    )


_M, _F = Sex.MALE, Sex.FEMALE
_MARTIN, _BERNARD, _ROUSSEAU = "178044410901264", "290051320501812", "293043523831109"
# The day the dataset's ages are described for (every agenda band covered); people age after it.
SANDBOX_REFERENCE_DATE = date(2026, 12, 1)

SANDBOX_PERSONS: tuple[SandboxPerson, ...] = (
    _person("legrand", "185037511312392", "LEGRAND", "PAUL ANDRE", _M, date(1985, 3, 14), "75113"),
    _person("martin", _MARTIN, "MARTIN", "PIERRE-ALAIN JEAN", _M, date(1978, 4, 12), "44109"),
    _person(
        "martin-lea",
        "212024410904579",
        "MARTIN",
        "LEA",
        _F,
        date(2012, 2, 29),
        "44109",
        card_holder_matricule=_MARTIN,
    ),
    _person(
        "bernard-noah",
        "119061320506122",
        "BERNARD",
        "NOAH",
        _M,
        date(2019, 6, 15),
        "13205",
        card_holder_matricule=_BERNARD,
        birth_rank=1,
    ),
    _person(
        "bernard-emma",
        "219061320506268",
        "BERNARD",
        "EMMA",
        _F,
        date(2019, 6, 15),
        "13205",
        card_holder_matricule=_BERNARD,
        birth_rank=2,
    ),
    _person("bernard", _BERNARD, "BERNARD", "CHLOE", _F, date(1990, 5, 21), "13205"),
    _person(
        "dartagnan",
        "280012A00400712",
        "D'ARTAGNAN DE L'HERAULT",
        "MARIE-HELENE",
        _F,
        date(1980, 1, 30),
        "2A004",
    ),
    _person("santoni", "253072B07300470", "SANTONI", "MARIE-ANGE LUCIE", _F, date(1953, 7, 8), "2B073"),
    _person("papadopoulou", "295109912611193", "PAPADOPOULOU", "ELENI", _F, date(1995, 10, 2), "99126"),
    _person("hoarau", "190049741104213", "HOARAU", "JEAN-LUC", _M, date(1990, 4, 18), "97411"),
    _person(
        "garcia-lopez",
        "288119913407752",
        "GARCIA LOPEZ",
        "ANA MARIA",
        _F,
        date(1988, 11, 5),
        "99134",
        previous=("488119913401217",),
    ),
    _person("dupont-claire", "270016912304506", "DUPONT", "MARIE CLAIRE", _F, date(1970, 1, 1), "69123"),
    _person("dupont-louise", "270011305504665", "DUPONT", "MARIE LOUISE", _F, date(1970, 1, 1), "13055"),
    _person("lefebvre-lille", "201055935010156", "LEFEBVRE", "CAMILLE", _F, date(2001, 5, 20), "59350"),
    _person("lefebvre-roubaix", "201055951210245", "LEFEBVRE", "CAMILLE", _F, date(2001, 5, 20), "59512"),
    _person(
        "abadie",
        "147126444500324",
        "ABADIE",
        "LOUIS MARIE",
        _M,
        date(1947, 12, 2),
        "64445",
        needs_all_first_names=True,
    ),
    _person(
        "roussel",
        "275093523821005",
        "ROUSSEL",
        "NATHALIE",
        _F,
        date(1975, 9, 30),
        "35238",
        verification_fails=True,
    ),
    _person("intermittent", "199093306332195", "INTERMITTENT", "ALEX", _M, date(1999, 9, 9), "33063"),
    _person("rousseau", _ROUSSEAU, "ROUSSEAU", "CLAIRE", _F, date(1993, 4, 7), "35238"),
    *(
        _person(
            f"rousseau-{first_name.lower()}",
            matricule,
            "ROUSSEAU",
            first_name,
            sex,
            born,
            "35238",
            card_holder_matricule=_ROUSSEAU,
        )
        for matricule, first_name, sex, born in (
            ("211033523841230", "INES", _F, date(2011, 3, 12)),
            ("122093523820736", "ARTHUR", _M, date(2022, 9, 5)),
            ("125063523812619", "TOM", _M, date(2025, 6, 10)),
            ("226033523811874", "JADE", _F, date(2026, 3, 10)),
            ("126113523809482", "LOUIS", _M, date(2026, 11, 20)),
        )
    ),
    _person("giraud", "263086912351786", "GIRAUD", "BERNADETTE", _F, date(1963, 8, 22), "69123"),
)
