"""`Text` and `MultilineText` refuse control characters, whatever else the string holds; so do query
strings and path segments of every app servicekit creates."""

import re
from pathlib import Path
from typing import Annotated

import httpx
import pytest
from fastapi import APIRouter, FastAPI
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, StringConstraints, ValidationError

from servicekit import ServiceSpec, create_app
from servicekit.settings import ServiceSettings
from servicekit.text import (
    CONTROL_CHARACTER_MESSAGE,
    LINES_PATTERN,
    ONE_LINE,
    ONE_LINE_PATTERN,
    MultilineText,
    Text,
    has_control_characters,
)


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


# Constraints first, the check last: the value is checked as it will be stored.
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=10), ONE_LINE]


class Titled(BaseModel):
    title: Title


def test_a_constrained_text_is_stripped_then_checked_and_keeps_its_bounds():
    assert Titled(title="  Bonjour ").title == "Bonjour"
    for refused, kind in [
        ("   ", "string_too_short"),
        ("x" * 11, "string_too_long"),
        ("a\x00b", "value_error"),
    ]:
        with pytest.raises(ValidationError) as error:
            Titled(title=refused)
        assert [(item["loc"], item["type"]) for item in error.value.errors()] == [(("title",), kind)]
    assert Titled.model_json_schema()["properties"]["title"] == {
        "maxLength": 10,
        "minLength": 1,
        "pattern": ONE_LINE_PATTERN,  # documented: the OpenAPI says what is refused
        "title": "Title",
        "type": "string",
    }


# --- query strings and path segments --------------------------------------------------------------


@pytest.fixture(scope="module")
def app() -> FastAPI:
    router = APIRouter()

    @router.get("/v1/notes/{note_id}")
    async def read_note(note_id: str, q: str | None = None) -> dict[str, str | None]:
        return {"note_id": note_id, "q": q}

    return create_app(
        ServiceSpec(
            settings=ServiceSettings(service_name="text-probe"),
            title="text-probe",
            description="test",
            routers=[router],
            migrations_dir=Path("."),
            context=lambda kit: None,
        )
    )


async def _get(app: FastAPI, url: str) -> httpx.Response:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://probe") as http:
        return await http.get(url)


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/v1/notes/n1?q=a%00b", "query.q"),
        ("/v1/notes/n1?q=line%0Abreak", "query.q"),
        ("/v1/notes/n1?other=%1B", "query.other"),
        ("/v1/notes/n1?a%00b=x", "query"),
        ("/v1/notes/a%00b", "path.note_id"),
    ],
)
async def test_a_control_character_in_a_query_or_a_path_is_a_422_naming_the_parameter(app, url, field):
    response = await _get(app, url)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"] == [
        {"field": field, "message": f"Value error, {CONTROL_CHARACTER_MESSAGE}", "code": "value_error"}
    ]


async def test_plain_parameters_reach_the_route(app):
    response = await _get(app, "/v1/notes/n%C3%A9?q=caf%C3%A9%20cr%C3%A8me")
    assert response.status_code == 200
    assert response.json() == {"note_id": "né", "q": "café crème"}


def test_the_json_schema_documents_what_the_check_refuses():
    class Note(BaseModel):
        title: Text
        body: MultilineText | None = None
        code: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$"), ONE_LINE] = "ABC"

    properties = Note.model_json_schema()["properties"]
    assert properties["title"]["pattern"] == ONE_LINE_PATTERN
    assert properties["body"]["anyOf"][0]["pattern"] == LINES_PATTERN
    assert properties["code"]["pattern"] == "^[A-Z]{3}$"  # a field's own, stricter pattern is kept
    one_line, lines = re.compile(ONE_LINE_PATTERN), re.compile(LINES_PATTERN)
    for value in ["a\x00b", "a\nb", "a\x7fb", "a\x85b"]:  # the pattern refuses what the check refuses
        assert has_control_characters(value) and not one_line.fullmatch(value)
    assert one_line.fullmatch("Hélène d'Artagnan")
    assert lines.fullmatch("a\nb\tc\r\n") and not lines.fullmatch("a\x00b")
