"""NIR control key (DOMAIN.md §1)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vitale_service.domain import has_valid_key, nir_key


@pytest.mark.parametrize("nir", ["295109912611193", "253072B07300470", "253072A07300443"])
def test_the_known_valid_vectors_have_valid_keys(nir: str) -> None:
    assert has_valid_key(nir)


@pytest.mark.parametrize(
    "nir", ["295109912611194", "253072B07300443", "2951099126111", "29510991261119X", "2951099126111９３", ""]
)
def test_a_wrong_key_or_shape_is_invalid(nir: str) -> None:
    assert not has_valid_key(nir)


bodies = st.text(alphabet="0123456789", min_size=13, max_size=13)


@given(body=bodies)
def test_the_key_is_97_minus_the_body_mod_97(body: str) -> None:
    key = nir_key(body)
    assert 1 <= key <= 97
    assert (int(body) + key) % 97 == 0
    assert has_valid_key(f"{body}{key:02d}")


@given(body=bodies, position=st.integers(0, 12), shift=st.integers(1, 9))
def test_any_single_digit_error_is_detected(body: str, position: int, shift: int) -> None:
    wrong = body[:position] + str((int(body[position]) + shift) % 10) + body[position + 1 :]
    assert not has_valid_key(f"{wrong}{nir_key(body):02d}")


def test_corsican_departments_count_as_19_and_18() -> None:
    assert nir_key("253072A073004") == nir_key("2530719073004")
    assert nir_key("253072B073004") == nir_key("2530718073004")
