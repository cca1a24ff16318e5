"""The shared NIR control key (DOMAIN.md §1): known vectors, Corsica, and the key of every body."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dentalink_contracts.nir import has_valid_nir_key, nir_key

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
