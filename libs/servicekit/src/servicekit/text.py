"""Free text as the platform accepts it: no NUL and no other control character reaches a database.

PostgreSQL refuses `0x00` in text (a 500 before this type), and invisible controls in a name or a
title mislead whoever reads them later. `Text` is one line; `MultilineText` also keeps line breaks and
tabs (messages, reports). Both answer 422 naming the field, through the usual validation problem.
"""

import re
from typing import Annotated

from pydantic import AfterValidator

# C0 controls, DEL and C1 controls; `MultilineText` lets \t, \n and \r through.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_LINES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
CONTROL_CHARACTER_MESSAGE = "must not contain control characters"


def has_control_characters(value: str, *, multiline: bool = False) -> bool:
    """Whether `value` holds a character the platform refuses in text."""
    return bool((_CONTROL_BUT_LINES if multiline else _CONTROL).search(value))


def _one_line(value: str) -> str:
    if has_control_characters(value):
        raise ValueError(CONTROL_CHARACTER_MESSAGE)
    return value


def _lines(value: str) -> str:
    if has_control_characters(value, multiline=True):
        raise ValueError(CONTROL_CHARACTER_MESSAGE)
    return value


Text = Annotated[str, AfterValidator(_one_line)]
MultilineText = Annotated[str, AfterValidator(_lines)]
