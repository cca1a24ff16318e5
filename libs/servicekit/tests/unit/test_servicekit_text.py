"""`Text` and `MultilineText` refuse control characters, whatever else the string holds."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from servicekit.text import MultilineText, Text, has_control_characters


class Note(BaseModel):
    title: Text
    body: MultilineText


CONTROLS = [chr(c) for c in [*range(0x00, 0x20), *range(0x7F, 0xA0)]]


@given(st.text(), st.sampled_from(CONTROLS), st.text())
def test_any_control_character_in_a_title_is_refused_naming_the_field(before, control, after):
    with pytest.raises(ValidationError) as refused:
        Note(title=before + control + after, body="ok")
    assert [error["loc"] for error in refused.value.errors()] == [("title",)]


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc",))))
def test_text_without_controls_is_kept_as_is(value):
    assert Note(title=value, body=value).title == value


def test_line_breaks_and_tabs_are_text_in_a_body_but_not_in_a_title():
    assert Note(title="t", body="line 1\r\nline 2\tend").body == "line 1\r\nline 2\tend"
    assert has_control_characters("a\nb")
    assert not has_control_characters("a\nb", multiline=True)
    for refused in ("a\x00b", "a\x1bb", "a\x7fb", "a\x85b"):
        assert has_control_characters(refused, multiline=True)
