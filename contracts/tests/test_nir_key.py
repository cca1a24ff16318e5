"""The shared NIR control key (DOMAIN.md §1): known vectors, Corsica, and the key of every body; the
typed form every input takes (issue 16)."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from dentalink_contracts.nir import (
    TYPED_NIR_MAX_LENGTH,
    TYPED_NIR_PATTERN,
    TypedNir,
    compact_nir,
    has_valid_nir_key,
    nir_key,
)
from dentalink_contracts.values import Ins, InsOid

KNOWN_VALID = ["295109912611193", "253072B07300470", "253072A07300443"]


@pytest.mark.parametrize("matricule", KNOWN_VALID)
def test_known_valid_vectors_carry_their_key(matricule: str) -> None:
    assert nir_key(matricule[:13]) == int(matricule[13:])
    assert has_valid_nir_key(matricule)


def test_corsica_is_read_as_19_and_18_for_the_key() -> None:
    assert nir_key("253072A073004") == nir_key("2530719073004") == 43
    assert nir_key("253072B073004") == nir_key("2530718073004") == 70


@given(st.from_regex(r"[0-9]{13}", fullmatch=True))
def test_body_plus_key_is_a_multiple_of_97(body: str) -> None:
    key = nir_key(body)
    assert 1 <= key <= 97
    assert (int(body) + key) % 97 == 0


@given(st.from_regex(r"[0-9]{13}", fullmatch=True), st.integers(min_value=0, max_value=99))
def test_only_the_right_key_is_valid(body: str, key: int) -> None:
    assert has_valid_nir_key(f"{body}{key:02d}") is (key == nir_key(body))


@pytest.mark.parametrize(
    "text",
    ["29510991261119", "29510991261119X", "2951099126111٩3", "253072C07300470", "2951099126 1193", ""],
)
def test_malformed_matricules_have_no_valid_key(text: str) -> None:
    assert not has_valid_nir_key(text)


@pytest.mark.parametrize("body", ["295109912611", "2951099126111X", "25307AB073004", "2953072C07300"])
def test_a_malformed_body_is_refused(body: str) -> None:
    with pytest.raises(ValueError, match="NIR body"):
        nir_key(body)


# --- The typed form (issue 16): spaces anywhere, grouped as on the card, one normalisation ---------

CARD_GROUPS = (1, 2, 2, 2, 3, 3, 2)  # `1 84 12 76 451 089 46`


def _grouped(matricule: str) -> str:
    parts, start = [], 0
    for size in CARD_GROUPS:
        parts.append(matricule[start : start + size])
        start += size
    return " ".join(parts)


def test_the_card_grouping_is_compacted() -> None:
    assert compact_nir("1 84 12 76 451 089 46") == "184127645108946"
    assert compact_nir("2 53 07 2a 073 004 70") == "253072A07300470"
    assert TypeAdapter(TypedNir).validate_python("2 53 07 2b 073 004 70") == "253072B07300470"


_MATRICULES = st.one_of(
    st.from_regex(r"[0-9]{15}", fullmatch=True),
    st.from_regex(r"[0-9]{5}2[ABab][0-9]{8}", fullmatch=True),
)


@given(_MATRICULES, st.lists(st.integers(min_value=0, max_value=15), max_size=10))
def test_spaces_anywhere_compact_to_the_same_matricule(matricule: str, cuts: list[int]) -> None:
    typed = matricule
    for cut in sorted(cuts, reverse=True):
        typed = typed[:cut] + " " + typed[cut:]

    assert compact_nir(typed) == matricule.upper()
    assert compact_nir(_grouped(matricule)) == matricule.upper()
    assert compact_nir(compact_nir(typed)) == compact_nir(typed)  # idempotent
    assert re.fullmatch(TYPED_NIR_PATTERN, typed) is not None
    assert re.fullmatch(TYPED_NIR_PATTERN, _grouped(matricule)) is not None
    if len(typed) <= TYPED_NIR_MAX_LENGTH:
        assert TypeAdapter(TypedNir).validate_python(typed) == matricule.upper()


@given(_MATRICULES, st.lists(st.integers(min_value=0, max_value=15), max_size=10))
def test_the_carried_matricule_accepts_the_typed_form_and_keeps_the_compact_one(
    matricule: str, cuts: list[int]
) -> None:
    typed = matricule
    for cut in sorted(cuts, reverse=True):
        typed = typed[:cut] + " " + typed[cut:]

    ins = Ins.model_validate({"matricule": typed, "oid": InsOid.NIR_TEST})

    assert ins.matricule == matricule.upper()


def test_the_typed_pattern_refuses_what_no_spacing_makes_a_matricule() -> None:
    for wrong in ("18412764510894", "1841276451089467", "1 84 12 76 451 089 4x", "184 2C 76 451 089 46"):
        assert re.fullmatch(TYPED_NIR_PATTERN, wrong) is None, wrong


def test_the_carried_matricule_refuses_more_than_its_documented_length() -> None:
    """What Schemathesis sent: 15 zeros padded past the documented maxLength compact to a matricule
    shape, but a client must get the 422 the document promises, not a 201."""
    schema = Ins.model_json_schema(mode="validation")["properties"]["matricule"]
    padded = " ".join("0" * 15) + " " * (schema["maxLength"] - 28)
    assert len(padded) == schema["maxLength"] + 1
    with pytest.raises(ValidationError):
        Ins.model_validate({"matricule": padded, "oid": InsOid.NIR_TEST})
    assert Ins.model_validate({"matricule": padded[:-1], "oid": InsOid.NIR_TEST}).matricule == "0" * 15
