from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dmp_service.domain import (
    AttachmentRefused,
    RelatedProfile,
    Relationship,
    check_attachment,
    majority_date,
)

PARENT, CHILD = "285037512345617", "116097512345643"
AT = datetime(2025, 6, 1, 10, 0, tzinfo=UTC)


def test_a_minor_child_is_attached_until_the_18th_birthday() -> None:
    born = date(2010, 2, 28)
    check_attachment(PARENT, CHILD, born, date(2028, 2, 27))
    with pytest.raises(AttachmentRefused, match="minor"):
        check_attachment(PARENT, CHILD, born, date(2028, 2, 28))
    profile = RelatedProfile(Relationship.PARENT, born, AT)
    assert profile.is_active(date(2028, 2, 27))
    assert not profile.is_active(majority_date(born))


def test_born_on_29_february_comes_of_age_on_28_february() -> None:
    assert majority_date(date(2008, 2, 29)) == date(2026, 2, 28)


def test_a_record_cannot_be_its_own_child_nor_a_child_born_after_today() -> None:
    with pytest.raises(AttachmentRefused, match="itself"):
        check_attachment(PARENT, PARENT, date(2015, 1, 1), date(2025, 1, 1))
    with pytest.raises(AttachmentRefused, match="after today"):
        check_attachment(PARENT, CHILD, date(2025, 1, 2), date(2025, 1, 1))


def test_detaching_is_kept_and_happens_once() -> None:
    profile = RelatedProfile(Relationship.LEGAL_GUARDIAN, date(2015, 1, 1), AT)
    detached = profile.detach(AT + timedelta(days=3))
    assert detached.detached_at == AT + timedelta(days=3)
    assert not detached.is_active(date(2025, 7, 1))
    with pytest.raises(AttachmentRefused, match="already detached"):
        detached.detach(AT + timedelta(days=4))
    with pytest.raises(ValueError, match="before it was attached"):
        profile.detach(AT - timedelta(seconds=1))


@given(st.dates(date(1950, 1, 1), date(2030, 12, 31)), st.dates(date(1950, 1, 1), date(2050, 12, 31)))
def test_attachment_is_allowed_exactly_while_the_child_is_a_minor(born: date, today: date) -> None:
    minor = born <= today < majority_date(born)
    try:
        check_attachment(PARENT, CHILD, born, today)
        allowed = True
    except AttachmentRefused:
        allowed = False
    assert allowed == minor
    assert RelatedProfile(Relationship.PARENT, born, AT).is_active(today) == (today < majority_date(born))
