"""NIR / NIA parsing: every position of DOMAIN.md §1, the key, Corsica, overseas, foreign-born."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter

from dentalink_contracts import Matricule, Sex
from ins_service.domain import (
    BirthPlaceKind,
    ErrorCode,
    InvalidMatricule,
    MatriculeFlag,
    MatriculePart,
    ParsedMatricule,
    is_valid_matricule,
    nir_key,
    parse_matricule,
)

KNOWN_VALID = ["295109912611193", "253072B07300470", "253072A07300443"]


def key_of(body: str) -> str:
    """Test oracle, written apart from the code under test: 97 - (N mod 97), 2A=19, 2B=18."""
    digits = body[:5] + {"2A": "19", "2B": "18"}.get(body[5:7], body[5:7]) + body[7:13]
    return f"{97 - int(digits) % 97:02d}"


def with_key(body: str) -> str:
    return body + key_of(body)


def rejected_part(text: str) -> MatriculePart:
    with pytest.raises(InvalidMatricule) as caught:
        parse_matricule(text)
    assert caught.value.code is ErrorCode.INVALID_MATRICULE
    return caught.value.part


two_digits = st.integers(0, 99).map(lambda n: f"{n:02d}")
three_digits_nonzero = st.integers(1, 999).map(lambda n: f"{n:03d}")
months = st.one_of(st.integers(1, 12), st.integers(20, 30), st.integers(50, 99)).map(lambda n: f"{n:02d}")
mainland_places = st.tuples(
    st.one_of(st.integers(1, 96).map(lambda n: f"{n:02d}"), st.sampled_from(["2A", "2B"])),
    three_digits_nonzero,
).map("".join)
overseas_places = st.tuples(
    st.sampled_from(["97", "98"]), st.integers(0, 9).map(str), st.integers(1, 99).map(lambda n: f"{n:02d}")
).map("".join)
abroad_places = three_digits_nonzero.map(lambda country: "99" + country)
places = st.one_of(mainland_places, overseas_places, abroad_places)
bodies = st.tuples(st.sampled_from("1234"), two_digits, months, places, three_digits_nonzero).map("".join)
valid_nirs = bodies.map(with_key)


@pytest.mark.parametrize("text", KNOWN_VALID)
def test_known_vectors_are_accepted(text: str) -> None:
    assert parse_matricule(text).value == text


def test_input_is_normalised_from_spaces_and_lower_case() -> None:
    assert parse_matricule(" 2 53 07 2a 073 004 43 ").value == "253072A07300443"
    assert parse_matricule("2 53 07 2b 073 004 70").value == "253072B07300470"
    assert parse_matricule("2\t95 10\n99 126 111 93").value == "295109912611193"


def test_known_vectors_decode_every_position() -> None:
    abroad = parse_matricule("295109912611193")
    assert (abroad.sex, abroad.birth_year, abroad.birth_month) == (Sex.FEMALE, 95, 10)
    assert (abroad.place_kind, abroad.department, abroad.commune) == (BirthPlaceKind.ABROAD, "99", "126")
    assert (abroad.birth_place_code, abroad.order, abroad.key) == ("99126", "111", "93")
    corsica = parse_matricule("253072B07300470")
    assert (corsica.place_kind, corsica.department, corsica.commune) == (BirthPlaceKind.CORSICA, "2B", "073")
    assert corsica.birth_place_code == "2B073"


@given(valid_nirs)
def test_generated_valid_nirs_are_accepted(text: str) -> None:
    parsed = parse_matricule(text)
    assert parsed.value == text
    assert parsed.birth_place_code == text[5:10]
    assert parsed.key == text[13:]
    assert int(parsed.key) == nir_key(text[:13])
    assert TypeAdapter(Matricule).validate_python(parsed.value) == text


@given(valid_nirs, st.sampled_from([1, 2, 10, 11, 12]), st.integers(1, 9))
def test_changing_a_free_digit_is_caught_by_the_key(text: str, position: int, shift: int) -> None:
    mutated_digit = str((int(text[position]) + shift) % 10)
    mutated = text[:position] + mutated_digit + text[position + 1 :]
    if mutated[10:13] == "000":
        return
    assert rejected_part(mutated) is MatriculePart.KEY


@given(valid_nirs, st.integers(0, 14), st.integers(1, 9))
def test_changing_any_digit_is_rejected(text: str, position: int, shift: int) -> None:
    if not text[position].isdigit():
        return
    mutated_digit = str((int(text[position]) + shift) % 10)
    assert not is_valid_matricule(text[:position] + mutated_digit + text[position + 1 :])


def test_corsica_key_reads_2a_as_19_and_2b_as_18() -> None:
    assert nir_key("253072A073004") == nir_key("2530719073004") == 43
    assert nir_key("253072B073004") == nir_key("2530718073004") == 70


def test_swapping_2a_and_2b_breaks_the_key() -> None:
    assert rejected_part("253072B07300443") is MatriculePart.KEY
    assert rejected_part("253072A07300470") is MatriculePart.KEY


def test_pre_1976_corsican_department_20_is_accepted() -> None:
    assert parse_matricule(with_key("1550120004123")).place_kind is BirthPlaceKind.MAINLAND


def test_overseas_uses_three_digit_department_and_two_digit_commune() -> None:
    parsed = parse_matricule(with_key("1850397411123"))
    assert (parsed.place_kind, parsed.department, parsed.commune) == (BirthPlaceKind.OVERSEAS, "974", "11")
    assert parsed.birth_place_code == "97411"
    caledonia = parse_matricule(with_key("2010298818005"))
    assert (caledonia.department, caledonia.commune) == ("988", "18")


def test_overseas_commune_00_is_rejected_although_mainland_x00_is_fine() -> None:
    assert rejected_part(with_key("1850397400123")) is MatriculePart.COMMUNE
    assert parse_matricule(with_key("1850375100123")).commune == "100"


def test_foreign_born_commune_field_is_the_country_code() -> None:
    parsed = parse_matricule(with_key("1800699134042"))
    assert (parsed.place_kind, parsed.department, parsed.commune) == (BirthPlaceKind.ABROAD, "99", "134")


@pytest.mark.parametrize("month", ["20", "25", "30", "50", "63", "99"])
def test_special_months_are_accepted_and_flagged(month: str) -> None:
    parsed = parse_matricule(with_key(f"180{month}75056123"))
    assert parsed.has_special_month
    assert MatriculeFlag.SPECIAL_MONTH in parsed.flags


@pytest.mark.parametrize("month", ["01", "07", "12"])
def test_ordinary_months_are_not_flagged(month: str) -> None:
    assert parse_matricule(with_key(f"180{month}75056123")).flags == frozenset()


@pytest.mark.parametrize("month", ["00", "13", "19", "31", "40", "49"])
def test_impossible_months_are_rejected(month: str) -> None:
    assert rejected_part(with_key(f"180{month}75056123")) is MatriculePart.MONTH


@pytest.mark.parametrize(("digit", "sex"), [("1", Sex.MALE), ("2", Sex.FEMALE)])
def test_sex_digits_1_and_2(digit: str, sex: Sex) -> None:
    parsed = parse_matricule(with_key(f"{digit}800175056123"))
    assert parsed.sex is sex
    assert not parsed.is_foreign_person_being_registered


@pytest.mark.parametrize(("digit", "sex"), [("3", Sex.MALE), ("4", Sex.FEMALE)])
def test_sex_digits_3_and_4_are_accepted_and_flagged(digit: str, sex: Sex) -> None:
    parsed = parse_matricule(with_key(f"{digit}800199134123"))
    assert parsed.sex is sex
    assert parsed.is_foreign_person_being_registered
    assert parsed.flags == {MatriculeFlag.FOREIGN_PERSON_BEING_REGISTERED}


@pytest.mark.parametrize("digit", ["7", "8"])
def test_provisional_nnp_numbers_are_rejected(digit: str) -> None:
    with pytest.raises(InvalidMatricule) as caught:
        parse_matricule(with_key(f"{digit}800175056123"))
    assert caught.value.part is MatriculePart.SEX
    assert "NNP" in caught.value.message


@pytest.mark.parametrize("digit", ["0", "5", "6", "9"])
def test_other_sex_digits_are_rejected(digit: str) -> None:
    assert rejected_part(with_key(f"{digit}800175056123")) is MatriculePart.SEX


@pytest.mark.parametrize("text", ["", "2951099126111", "29510991261119", "2951099126111930", "2" * 20])
def test_wrong_lengths_are_rejected(text: str) -> None:
    assert rejected_part(text) is MatriculePart.LENGTH


@pytest.mark.parametrize(
    "text",
    [
        "29510991261119X",  # a letter where a digit is due
        "2951099A2611193",  # A outside position 7
        "A95109912611193",
        "253072C07300443",  # only A or B may follow the 2 of Corsica
        "29510991261119\u0663",  # an Arabic-Indic digit passes str.isdigit()
        "２95109912611193",  # full-width digit
        "295-10991261119",
    ],
)
def test_foreign_characters_are_rejected(text: str) -> None:
    assert rejected_part(text) is MatriculePart.CHARACTERS


@pytest.mark.parametrize("body", ["1800100056123", "180013A056123", "180019B056123"])
def test_impossible_departments_are_rejected(body: str) -> None:
    assert rejected_part(body + "01") is MatriculePart.DEPARTMENT


def test_commune_000_is_rejected() -> None:
    assert rejected_part(with_key("1800175000123")) is MatriculePart.COMMUNE
    assert rejected_part(with_key("1800199000123")) is MatriculePart.COMMUNE


def test_order_000_is_rejected() -> None:
    assert rejected_part(with_key("1800175056000")) is MatriculePart.ORDER


@pytest.mark.parametrize("key", ["00", "98", "99"])
def test_keys_outside_01_97_are_rejected(key: str) -> None:
    assert rejected_part("1800175056123" + key) is MatriculePart.KEY


def test_key_97_is_possible() -> None:
    # N mod 97 == 0 gives the key 97, never 00.
    body = next(f"1800175056{n:03d}" for n in range(1, 1000) if int(f"1800175056{n:03d}") % 97 == 0)
    assert parse_matricule(body + "97").key == "97"


def test_the_first_wrong_part_is_named() -> None:
    assert rejected_part("780137505600000") is MatriculePart.SEX
    assert rejected_part("180137500000000") is MatriculePart.MONTH


@pytest.mark.parametrize("text", ["29510991261119X", "295109912611190", "780137505600000", "2951099126111"])
def test_rejection_messages_never_echo_the_number(text: str) -> None:
    with pytest.raises(InvalidMatricule) as caught:
        parse_matricule(text)
    assert text[:10] not in caught.value.message


def test_direct_construction_validates() -> None:
    with pytest.raises(InvalidMatricule):
        ParsedMatricule("295109912611190")
    with pytest.raises(InvalidMatricule):
        ParsedMatricule("2 95 10 99 126 111 93")


def test_is_valid_matricule() -> None:
    assert is_valid_matricule("295109912611193")
    assert not is_valid_matricule("295109912611194")
