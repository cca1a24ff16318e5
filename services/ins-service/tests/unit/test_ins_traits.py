"""Traits: typed form kept verbatim, INSi form upper case without diacritics (DOMAIN.md §2)."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dentalink_contracts import Sex
from ins_service.domain import (
    DomainError,
    ErrorCode,
    InsiTraits,
    TypedTraits,
    name_key,
    parse_birth_place_code,
    to_ins_form,
)
from ins_service.domain.traits import BIRTH_FIRST_NAMES_MAX, BIRTH_NAME_MAX, FIRST_NAME_MAX


def error_code(call: object) -> ErrorCode:
    assert callable(call)
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value.code


@pytest.mark.parametrize(
    ("typed", "ins_form"),
    [
        ("d'Artagnan de l'Hérault", "D'ARTAGNAN DE L'HERAULT"),
        ("Pierre-Alain", "PIERRE-ALAIN"),
        ("Élodie  Marie-Thérèse", "ELODIE MARIE-THERESE"),
        ("  Núñez   García ", "NUNEZ GARCIA"),
        ("N\u0303u\u0301n\u0303ez", "NUNEZ"),  # already decomposed
        ("D\u2019ARTAGNAN", "D'ARTAGNAN"),  # typographic apostrophe
        ("Ève", "EVE"),
        ("Françoise", "FRANCOISE"),
    ],
)
def test_ins_form_upper_cases_and_drops_diacritics_only(typed: str, ins_form: str) -> None:
    assert to_ins_form(typed) == ins_form


@pytest.mark.parametrize("text", ["Œuvray", "Straße", "Søren", "Lætitia", "Louis 14", "Anne.Marie", "王"])
def test_ins_form_refuses_to_invent_a_transliteration(text: str) -> None:
    assert error_code(lambda: to_ins_form(text)) is ErrorCode.TRAIT_NOT_IN_INS_FORM


@given(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ'- ", min_size=1, max_size=30))
def test_ins_form_is_idempotent(text: str) -> None:
    once = to_ins_form(text)
    assert to_ins_form(once) == once


def test_typed_traits_are_kept_exactly_as_typed() -> None:
    typed = TypedTraits(
        birth_name="  de l'Hérault ",
        birth_first_names="Élodie  marie",
        birth_date=date(1990, 5, 17),
        sex=Sex.FEMALE,
    )
    assert typed.birth_name == "  de l'Hérault "
    assert typed.birth_first_names == "Élodie  marie"
    assert typed.first_birth_first_name == "Élodie"
    assert typed.other_first_names == "marie"


def test_typed_traits_accept_an_explicit_compound_first_first_name() -> None:
    typed = TypedTraits(
        birth_name="Martin",
        birth_first_names="Jean Pierre Louis",
        first_birth_first_name="Jean Pierre",
        birth_date=date(1990, 5, 17),
        sex=Sex.MALE,
    )
    assert typed.other_first_names == "Louis"


def test_typed_first_first_name_must_open_the_list() -> None:
    def build() -> TypedTraits:
        return TypedTraits(
            birth_name="Martin",
            birth_first_names="Jean Louis",
            first_birth_first_name="Louis",
            birth_date=date(1990, 5, 17),
            sex=Sex.MALE,
        )

    assert error_code(build) is ErrorCode.INVALID_TRAITS


@pytest.mark.parametrize(("name", "first_names"), [("", "Jean"), ("  ", "Jean"), ("Martin", " ")])
def test_typed_traits_require_a_name_and_first_names(name: str, first_names: str) -> None:
    def build() -> TypedTraits:
        return TypedTraits(
            birth_name=name, birth_first_names=first_names, birth_date=date(1990, 1, 1), sex=Sex.MALE
        )

    assert error_code(build) is ErrorCode.INVALID_TRAITS


def test_birth_place_codes_are_normalised_and_checked() -> None:
    assert parse_birth_place_code("2a004") == "2A004"
    assert parse_birth_place_code(" 75056 ") == "75056"
    assert parse_birth_place_code("97411") == "97411"
    assert parse_birth_place_code("99126") == "99126"
    typed = TypedTraits(
        birth_name="X",
        birth_first_names="Y",
        birth_date=date(1990, 1, 1),
        sex=Sex.MALE,
        birth_place_code="2b073",
    )
    assert typed.birth_place_code == "2B073"


@pytest.mark.parametrize("code", ["7505", "750560", "2C004", "A2004", "00123", "75O56", ""])
def test_invalid_birth_place_codes_are_rejected(code: str) -> None:
    assert error_code(lambda: parse_birth_place_code(code)) is ErrorCode.INVALID_BIRTH_PLACE_CODE


def test_insi_traits_from_insi_normalise_to_the_ins_form() -> None:
    traits = InsiTraits.from_insi(
        birth_name="d'Artagnan de l'Hérault",
        birth_first_names="Pierre-Alain  Jérôme",
        birth_date=date(1975, 3, 1),
        sex=Sex.MALE,
        birth_place_code="2a004",
    )
    assert traits.birth_name == "D'ARTAGNAN DE L'HERAULT"
    assert traits.birth_first_names == "PIERRE-ALAIN JEROME"
    assert traits.first_birth_first_name == "PIERRE-ALAIN"
    assert traits.other_first_names == "JEROME"
    assert traits.birth_place_code == "2A004"


def test_insi_traits_keep_the_first_first_name_insi_gives() -> None:
    traits = InsiTraits.from_insi(
        birth_name="MARTIN",
        birth_first_names="MARIE CLAIRE ANNE",
        first_birth_first_name="MARIE CLAIRE",
        birth_date=date(1975, 3, 1),
        sex=Sex.FEMALE,
    )
    assert traits.first_birth_first_name == "MARIE CLAIRE"
    assert traits.other_first_names == "ANNE"


@pytest.mark.parametrize("name", ["Martin", "MARTÍN", "MARTIN ", " MARTIN", "MARTIN  DUPONT", "'", "-", ""])
def test_insi_traits_built_directly_must_already_be_in_ins_form(name: str) -> None:
    def build() -> InsiTraits:
        return InsiTraits(
            birth_name=name,
            birth_first_names="JEAN",
            first_birth_first_name="JEAN",
            birth_date=date(1975, 3, 1),
            sex=Sex.MALE,
        )

    assert error_code(build) is ErrorCode.TRAIT_NOT_IN_INS_FORM


def test_insi_first_first_name_must_open_the_list() -> None:
    def build() -> InsiTraits:
        return InsiTraits(
            birth_name="MARTIN",
            birth_first_names="JEANNE MARIE",
            first_birth_first_name="JEAN",
            birth_date=date(1975, 3, 1),
            sex=Sex.FEMALE,
        )

    assert error_code(build) is ErrorCode.INVALID_TRAITS


def typed(birth_name: str, first_names: str) -> TypedTraits:
    return TypedTraits(
        birth_name=birth_name, birth_first_names=first_names, birth_date=date(1975, 3, 1), sex=Sex.FEMALE
    )


# vitale-service accepts apCV names up to 100 characters (its NAME_MAX_LENGTH).
APCV_LONGEST = ("D'É" + "A" * 97, "ÉLO " * 24 + "ÉLOÉ")


def test_the_longest_apcv_names_fit_both_trait_forms() -> None:
    birth_name, first_names = APCV_LONGEST
    assert typed(birth_name, first_names).birth_name == birth_name
    insi = InsiTraits.from_insi(
        birth_name=birth_name, birth_first_names=first_names, birth_date=date(1975, 3, 1), sex=Sex.FEMALE
    )
    assert (len(insi.birth_name), len(insi.birth_first_names)) == (100, 100)


@pytest.mark.parametrize(
    ("birth_name", "first_names"),
    [
        ("M" * (BIRTH_NAME_MAX + 1), "ANNE"),
        ("MARTIN", "ANNE " * 60 + "X"),
        ("MARTIN", "A" * (FIRST_NAME_MAX + 1)),
        ("\ufdfa" * 12, "ANNE"),  # 12 characters, 216 once spelt out for comparison
        ("MARTIN", "ß" * 51),  # 51 characters, 102 once spelt out
    ],
)
def test_names_longer_than_ins_stores_are_refused(birth_name: str, first_names: str) -> None:
    assert error_code(lambda: typed(birth_name, first_names)) is ErrorCode.NAME_TOO_LONG


@given(st.text(min_size=1, max_size=120), st.text(min_size=1, max_size=120))
def test_accepted_typed_names_and_their_keys_fit_the_columns(birth_name: str, first_names: str) -> None:
    try:
        traits = typed(birth_name, first_names)
    except DomainError:
        return
    assert len(traits.birth_name) <= BIRTH_NAME_MAX and len(name_key(traits.birth_name)) <= BIRTH_NAME_MAX
    assert len(traits.birth_first_names) <= BIRTH_FIRST_NAMES_MAX
    first = traits.first_birth_first_name
    assert len(first) <= FIRST_NAME_MAX and len(name_key(first)) <= FIRST_NAME_MAX
