"""The five INS traits: as typed by the user, and in the national INS form INSi returns (DOMAIN.md §2)."""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from dentalink_contracts import Sex
from ins_service.domain.errors import DomainError, ErrorCode

_BIRTH_PLACE_CODE = re.compile(r"(?:[0-9]{2}|2[AB])[0-9]{3}")
# Typographic apostrophes and the non-breaking hyphen are the same sign, not a transliteration.
_SAME_SIGN = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2011": "-"})
_INS_FORM = re.compile(r"[A-Z'-]*[A-Z][A-Z'-]*(?: [A-Z'-]*[A-Z][A-Z'-]*)*")
# Only for comparing, never stored: ligatures and punctuation variants must not hide a duplicate.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "-": " ", "'": " ", "\u2019": " ", "\u02bc": " "})

# Widths ins stores names in (models.py), and their comparison keys with them. vitale's apCV names
# (100 characters) and the API's fit; a longer name, or one whose comparison form grows past them
# (NFKD: "ß" is "ss", U+FDFA is 18 letters), is refused instead of failing to store.
BIRTH_NAME_MAX = 200
BIRTH_FIRST_NAMES_MAX = 300
FIRST_NAME_MAX = 100


def name_key(name: str) -> str:
    """Case-, accent-, hyphen- and apostrophe-insensitive form of a name, for comparison only."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    bare = "".join(char for char in decomposed if unicodedata.category(char) != "Mn")
    return " ".join(bare.translate(_LIGATURES).split())


def _check_widths(birth_name: str, birth_first_names: str, first_birth_first_name: str) -> None:
    """Names and their comparison keys must fit what the identity stores (DOMAIN.md §2)."""
    if (
        max(len(birth_name), len(name_key(birth_name))) > BIRTH_NAME_MAX
        or len(birth_first_names) > BIRTH_FIRST_NAMES_MAX
        or max(len(first_birth_first_name), len(name_key(first_birth_first_name))) > FIRST_NAME_MAX
    ):
        raise DomainError(
            ErrorCode.NAME_TOO_LONG,
            f"names are kept up to {BIRTH_NAME_MAX} characters (birth name), {BIRTH_FIRST_NAMES_MAX} "
            f"(first names) and {FIRST_NAME_MAX} (first birth first name), accents and ligatures spelt out",
        )


def parse_birth_place_code(text: str) -> str:
    """An INSEE COG code: 5 characters, e.g. `75056`, `2A004`, `97411`, `99126` (DOMAIN.md §2)."""
    code = text.strip().upper()
    if not _BIRTH_PLACE_CODE.fullmatch(code) or code.startswith("00"):
        raise DomainError(ErrorCode.INVALID_BIRTH_PLACE_CODE, "a birth place is a 5-character INSEE COG code")
    return code


def to_ins_form(text: str) -> str:
    """INSi's form: upper case without diacritics, keeping hyphens, apostrophes, spaces (DOMAIN.md §2)."""
    decomposed = unicodedata.normalize("NFD", text.translate(_SAME_SIGN))
    bare = "".join(char for char in decomposed if unicodedata.category(char) != "Mn")
    collapsed = " ".join(bare.split())
    for char in collapsed:
        # Anything else (Œ, ß, Ø, digits…) would need a transliteration nobody has defined: refuse it.
        if not (char.isascii() and (char.isalpha() or char in " '-")):
            raise DomainError(
                ErrorCode.TRAIT_NOT_IN_INS_FORM,
                f"character U+{ord(char):04X} has no INS form; it must come from INSi as A-Z",
            )
    return collapsed.upper()


def _words(text: str) -> str:
    return " ".join(text.split())


def _first_name_is_first(first_names: str, first: str) -> bool:
    names, first = _words(first_names), _words(first)
    return bool(first) and (names == first or names.startswith(first + " "))


def _after_first(first_names: str, first: str) -> str:
    return _words(first_names)[len(_words(first)) :].strip()


@dataclass(frozen=True)
class TypedTraits:
    """Traits exactly as the user typed them, never rewritten (DOMAIN.md §2: keep the typed form)."""

    birth_name: str
    birth_first_names: str
    birth_date: date
    sex: Sex
    birth_place_code: str | None = None
    first_birth_first_name: str = field(default="")

    def __post_init__(self) -> None:
        if not self.birth_name.strip() or not self.birth_first_names.strip():
            raise DomainError(ErrorCode.INVALID_TRAITS, "birth name and birth first names are required")
        if self.birth_place_code is not None:
            object.__setattr__(self, "birth_place_code", parse_birth_place_code(self.birth_place_code))
        if not self.first_birth_first_name:
            object.__setattr__(self, "first_birth_first_name", self.birth_first_names.split()[0])
        if not _first_name_is_first(self.birth_first_names, self.first_birth_first_name):
            raise DomainError(ErrorCode.INVALID_TRAITS, "the first birth first name must open the list")
        _check_widths(self.birth_name, self.birth_first_names, self.first_birth_first_name)

    @property
    def other_first_names(self) -> str:
        """The birth first names after the first one, space separated ('' if none)."""
        return _after_first(self.birth_first_names, self.first_birth_first_name)


@dataclass(frozen=True)
class InsiTraits:
    """Traits in the national INS form, as INSi (or the apCV) returns them (DOMAIN.md §2, §3)."""

    birth_name: str
    birth_first_names: str
    first_birth_first_name: str
    birth_date: date
    sex: Sex
    birth_place_code: str | None = None

    def __post_init__(self) -> None:
        for text in (self.birth_name, self.birth_first_names, self.first_birth_first_name):
            if not _INS_FORM.fullmatch(text):
                raise DomainError(
                    ErrorCode.TRAIT_NOT_IN_INS_FORM, "INS traits: A-Z, space, hyphen, apostrophe"
                )
        if not _first_name_is_first(self.birth_first_names, self.first_birth_first_name):
            raise DomainError(ErrorCode.INVALID_TRAITS, "the first birth first name must open the list")
        _check_widths(self.birth_name, self.birth_first_names, self.first_birth_first_name)
        if self.birth_place_code is not None:
            object.__setattr__(self, "birth_place_code", parse_birth_place_code(self.birth_place_code))

    @classmethod
    def from_insi(
        cls,
        *,
        birth_name: str,
        birth_first_names: str,
        birth_date: date,
        sex: Sex,
        first_birth_first_name: str | None = None,
        birth_place_code: str | None = None,
    ) -> "InsiTraits":
        """Bring what INSi returned to the INS form; the first first name defaults to the list's first."""
        first_names = to_ins_form(birth_first_names)
        first = to_ins_form(first_birth_first_name) if first_birth_first_name else first_names.split(" ")[0]
        return cls(
            birth_name=to_ins_form(birth_name),
            birth_first_names=first_names,
            first_birth_first_name=first,
            birth_date=birth_date,
            sex=sex,
            birth_place_code=birth_place_code,
        )

    @property
    def other_first_names(self) -> str:
        """The birth first names after the first one, space separated ('' if none)."""
        return _after_first(self.birth_first_names, self.first_birth_first_name)
