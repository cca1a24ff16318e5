"""Dates in a query string as the OpenAPI documents them (`format: date`, `YYYY-MM-DD`), no other way.

Pydantic's lax mode also reads a number as a Unix time (`?on=0` was 1970-01-01): a request the
document calls invalid was answered 200. `QueryDate` refuses anything but an ISO calendar date with
a 422 naming the parameter; the JSON schema stays `format: date`.
"""

import re
from datetime import date
from typing import Annotated, Any

from pydantic import BeforeValidator

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
ISO_DATE_MESSAGE = "must be a date as YYYY-MM-DD"


def _iso_date(value: Any) -> Any:
    if isinstance(value, str) and not _ISO_DATE.fullmatch(value):
        raise ValueError(ISO_DATE_MESSAGE)
    return value


QueryDate = Annotated[date, BeforeValidator(_iso_date)]
