"""Cursors: what the API issued decodes; anything else is a 400 problem, never a 500."""

import base64
import json
import uuid
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicekit.pagination import InvalidCursor, decode_cursor, decode_uuid_cursor, encode_cursor


def raw_cursor(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


@given(st.datetimes(timezones=st.just(UTC)), st.uuids())
def test_an_issued_cursor_decodes_to_its_item(created_at, item_id):
    assert decode_uuid_cursor(encode_cursor(created_at, item_id)) == (created_at, item_id)


@pytest.mark.parametrize(
    "cursor",
    [
        "not-base64-!!",
        raw_cursor({"a": 1}),
        raw_cursor(["yesterday", str(uuid.uuid4())]),
        raw_cursor(["2026-01-01T10:00:00", str(uuid.uuid4())]),  # naive: cannot compare with timestamptz
        raw_cursor([1, 2, 3]),
    ],
)
def test_a_cursor_this_api_did_not_issue_is_refused(cursor):
    # Every app answers InvalidCursor 400 `invalid-cursor` (servicekit.problems; the services'
    # integration tests send tampered cursors through HTTP).
    with pytest.raises(InvalidCursor, match="not one this API issued"):
        decode_cursor(cursor)


def test_a_non_uuid_id_is_refused_for_uuid_keyed_lists():
    cursor = encode_cursor(datetime(2026, 1, 1, tzinfo=UTC), "not-a-uuid")
    with pytest.raises(InvalidCursor):
        decode_uuid_cursor(cursor)
