"""`BoundedDatetime`: a moment every layer can convert to UTC, or a 422 naming the field."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from pydantic import BaseModel, ValidationError

from servicekit.dates import BOUNDS_MESSAGE, BoundedDatetime, within_bounds


class Window(BaseModel):
    since: BoundedDatetime | None = None


@pytest.mark.parametrize(
    "moment",
    [
        "0001-01-01T00:00:00+14:00",  # its UTC equivalent is before year 1: OverflowError before
        "9999-12-31T23:59:59-14:00",  # and this one after year 9999
        "1899-12-31T23:59:59+00:00",
        "0001-01-01T00:00:00",
    ],
)
def test_moments_outside_the_calendar_are_refused_naming_the_field(moment):
    with pytest.raises(ValidationError) as refused:
        Window(since=moment)
    assert [(error["loc"], error["type"]) for error in refused.value.errors()] == [
        (("since",), "value_error")
    ]
    assert BOUNDS_MESSAGE in refused.value.errors()[0]["msg"]


@pytest.mark.parametrize(
    "moment",
    [
        "1900-01-01T00:00:00+14:00",
        "2025-06-02T09:30:00+02:00",
        "9999-12-31T23:59:59+00:00",
        "9999-12-31T10:00:00-12:00",
    ],
)
def test_moments_with_a_utc_equivalent_are_kept_as_given(moment):
    kept = Window(since=moment).since
    assert kept == datetime.fromisoformat(moment)
    assert kept is not None and kept.astimezone(UTC) == kept


def test_the_bounds_are_those_of_the_utc_conversion():
    plus_14 = timezone(timedelta(hours=14))
    assert not within_bounds(datetime(1, 1, 1, tzinfo=plus_14))
    assert within_bounds(datetime(9999, 12, 31, 9, 59, tzinfo=timezone(timedelta(hours=-14))))
    assert not within_bounds(datetime(9999, 12, 31, 10, 0, tzinfo=timezone(timedelta(hours=-14))))
    assert within_bounds(datetime(1900, 1, 1))


def test_the_json_schema_stays_a_date_time():
    assert Window.model_json_schema()["properties"]["since"]["anyOf"][0] == {
        "format": "date-time",
        "type": "string",
    }
