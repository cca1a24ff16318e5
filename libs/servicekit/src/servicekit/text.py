"""Free text as the platform accepts it: no NUL and no other control character reaches a database.

PostgreSQL refuses `0x00` in text (a 500 before this type), and invisible controls in a name or a
title mislead whoever reads them later. `Text` is one line; `MultilineText` also keeps line breaks and
tabs (messages, reports). Both answer 422 naming the field, through the usual validation problem.

With length or whitespace constraints, put the constraints first and the check last, so it sees the
value as it will be stored: `Annotated[str, StringConstraints(strip_whitespace=True, max_length=200),
ONE_LINE]` (pydantic applies `StringConstraints` given after a validator differently: it would strip
after checking `min_length`). `Field(max_length=...)` on a `Text` attribute is fine.

Query strings and path segments are text too: every app `servicekit.create_app` makes answers 422
naming the parameter (`query.<name>`, `path.<name>`) before any route reads one holding a control
character (`servicekit.app.refuse_control_characters`).
"""

import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, core_schema

# C0 controls, DEL and C1 controls; `MultilineText` lets \t, \n and \r through.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_LINES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
CONTROL_CHARACTER_MESSAGE = "must not contain control characters"


def has_control_characters(value: str, *, multiline: bool = False) -> bool:
    """Whether `value` holds a character the platform refuses in text."""
    return bool((_CONTROL_BUT_LINES if multiline else _CONTROL).search(value))


# What the OpenAPI documents say of such a field (unless it has a stricter pattern of its own).
ONE_LINE_PATTERN = r"^[^\x00-\x1f\x7f-\x9f]*$"
LINES_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$"


@dataclass(frozen=True)
class _NoControlCharacters:
    """The check (after the constraints before it), and its `pattern` in the JSON schema."""

    multiline: bool

    def check(self, value: str) -> str:
        if has_control_characters(value, multiline=self.multiline):
            raise ValueError(CONTROL_CHARACTER_MESSAGE)
        return value

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.no_info_after_validator_function(self.check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema.setdefault("pattern", LINES_PATTERN if self.multiline else ONE_LINE_PATTERN)
        return json_schema


# The checks themselves, to end an `Annotated[str, <constraints>, ONE_LINE]` of a service's own.
ONE_LINE = _NoControlCharacters(multiline=False)
LINES = _NoControlCharacters(multiline=True)

Text = Annotated[str, ONE_LINE]
MultilineText = Annotated[str, LINES]
