"""NIR / NIA (matricule INS) parsing and validation, position by position (DOMAIN.md §1)."""

from dataclasses import dataclass
from enum import StrEnum

from dentalink_contracts import Sex
from dentalink_contracts.nir import compact_nir, nir_key
from ins_service.domain.errors import InvalidMatricule, MatriculePart

# ASCII only: str.isdigit() would let Arabic-Indic or full-width digits through.
_DIGITS = frozenset("0123456789")
_CORSICA = frozenset({"2A", "2B"})
_OVERSEAS_PREFIXES = ("97", "98")
_FOREIGN_BORN = "99"


class BirthPlaceKind(StrEnum):
    """Where the NIR says the person was born (DOMAIN.md §1, positions 6–10)."""

    MAINLAND = "mainland"
    CORSICA = "corsica"
    OVERSEAS = "overseas"
    ABROAD = "abroad"


class MatriculeFlag(StrEnum):
    """Accepted but noteworthy features of a matricule (DOMAIN.md §1)."""

    FOREIGN_PERSON_BEING_REGISTERED = "foreign-person-being-registered"
    SPECIAL_MONTH = "special-month"


def normalise_matricule(text: str) -> str:
    """Drop every whitespace and upper-case `2a`/`2b`: the platform's one normalisation (DOMAIN.md §1)."""
    return compact_nir(text)


def is_special_month(month: int) -> bool:
    """Months 20–30 and 50+ come from incomplete civil records (DOMAIN.md §1)."""
    return 20 <= month <= 30 or month >= 50


def _check_characters(value: str) -> None:
    if len(value) != 15:
        raise InvalidMatricule(MatriculePart.LENGTH, "a matricule has 15 characters (13 + a 2-digit key)")
    for index, char in enumerate(value):
        allowed = char in _DIGITS or (index == 6 and char in "AB")
        if not allowed:
            raise InvalidMatricule(
                MatriculePart.CHARACTERS,
                f"position {index + 1} must be a digit (only 2A/2B may appear at positions 6-7)",
            )


def _check_sex(digit: str) -> None:
    if digit in "78":
        raise InvalidMatricule(
            MatriculePart.SEX, "7/8 is an old provisional NNP number, not an INS (ended 2022-12-31)"
        )
    if digit not in "1234":
        raise InvalidMatricule(MatriculePart.SEX, "position 1 must be 1 or 2 (3 or 4 while being registered)")


def _check_month(month: int) -> None:
    if not (1 <= month <= 12 or is_special_month(month)):
        raise InvalidMatricule(MatriculePart.MONTH, "positions 4-5 must be a month 01-12, 20-30 or 50-99")


def _check_department(value: str) -> None:
    department = value[5:7]
    if department[1] in "AB" and department[0] != "2":
        raise InvalidMatricule(MatriculePart.DEPARTMENT, "only Corsica's 2A/2B carry a letter")
    if department == "00":
        raise InvalidMatricule(MatriculePart.DEPARTMENT, "department 00 does not exist")


def _check_commune(value: str) -> None:
    overseas = value[5:7] in _OVERSEAS_PREFIXES
    commune = value[8:10] if overseas else value[7:10]
    if set(commune) == {"0"}:
        raise InvalidMatricule(MatriculePart.COMMUNE, "the commune (or country) code cannot be all zeros")


def _check_order(order: str) -> None:
    if order == "000":
        raise InvalidMatricule(MatriculePart.ORDER, "the order number runs from 001 to 999")


def _check_key(value: str) -> None:
    # The shared nir_key() (contracts) is always 1–97, so keys 00, 98 and 99 fail here too.
    if int(value[13:15]) != nir_key(value[:13]):
        raise InvalidMatricule(MatriculePart.KEY, "the key does not match the first 13 characters")


def check_matricule(value: str) -> None:
    """Raise `InvalidMatricule` naming the first wrong part of a normalised matricule (DOMAIN.md §1)."""
    _check_characters(value)
    _check_sex(value[0])
    _check_month(int(value[3:5]))
    _check_department(value)
    _check_commune(value)
    _check_order(value[10:13])
    _check_key(value)


@dataclass(frozen=True)
class ParsedMatricule:
    """A valid 15-character NIR or NIA; construction validates (DOMAIN.md §1)."""

    value: str

    def __post_init__(self) -> None:
        check_matricule(self.value)

    @property
    def sex_digit(self) -> str:
        return self.value[0]

    @property
    def sex(self) -> Sex:
        """1/3 are men, 2/4 women (DOMAIN.md §1, position 1)."""
        return Sex.MALE if self.sex_digit in "13" else Sex.FEMALE

    @property
    def birth_year(self) -> int:
        """The two last digits of the birth year, 0–99 (DOMAIN.md §1, positions 2–3)."""
        return int(self.value[1:3])

    @property
    def birth_month(self) -> int:
        return int(self.value[3:5])

    @property
    def has_special_month(self) -> bool:
        return is_special_month(self.birth_month)

    @property
    def is_foreign_person_being_registered(self) -> bool:
        return self.sex_digit in "34"

    @property
    def place_kind(self) -> BirthPlaceKind:
        prefix = self.value[5:7]
        if prefix == _FOREIGN_BORN:
            return BirthPlaceKind.ABROAD
        if prefix in _OVERSEAS_PREFIXES:
            return BirthPlaceKind.OVERSEAS
        if prefix in _CORSICA:
            return BirthPlaceKind.CORSICA
        return BirthPlaceKind.MAINLAND

    @property
    def department(self) -> str:
        """2 characters, or 3 digits for overseas 97x/98x; `99` for the foreign-born (DOMAIN.md §1)."""
        return self.value[5:8] if self.place_kind is BirthPlaceKind.OVERSEAS else self.value[5:7]

    @property
    def commune(self) -> str:
        """The INSEE commune (2 digits overseas) or, for the foreign-born, the country code."""
        return self.value[8:10] if self.place_kind is BirthPlaceKind.OVERSEAS else self.value[7:10]

    @property
    def birth_place_code(self) -> str:
        """Positions 6–10 read as an INSEE COG code (`75056`, `2A004`, `97411`, `99126`)."""
        return self.value[5:10]

    @property
    def order(self) -> str:
        return self.value[10:13]

    @property
    def key(self) -> str:
        return self.value[13:15]

    @property
    def flags(self) -> frozenset[MatriculeFlag]:
        """What the API should surface although the matricule is accepted (DOMAIN.md §1)."""
        flags: set[MatriculeFlag] = set()
        if self.is_foreign_person_being_registered:
            flags.add(MatriculeFlag.FOREIGN_PERSON_BEING_REGISTERED)
        if self.has_special_month:
            flags.add(MatriculeFlag.SPECIAL_MONTH)
        return frozenset(flags)


def parse_matricule(text: str) -> ParsedMatricule:
    """Normalise (spaces, lower-case 2a/2b) then validate a NIR/NIA (DOMAIN.md §1)."""
    return ParsedMatricule(normalise_matricule(text))


def is_valid_matricule(text: str) -> bool:
    """True when `parse_matricule` accepts the text (DOMAIN.md §1)."""
    try:
        parse_matricule(text)
    except InvalidMatricule:
        return False
    return True
