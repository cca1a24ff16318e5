"""Which event a change publishes: one IdentityQualified per entry into QUAL (DOMAIN.md §2)."""

from itertools import product

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ins_service.domain import IdentityAttribute, InsStatus, Publication, publication_for

NONE: frozenset[IdentityAttribute] = frozenset()
STATUSES = list(InsStatus)
ATTRIBUTE_SETS = [NONE, frozenset({IdentityAttribute.DOUT}), frozenset({IdentityAttribute.HOMA})]


@pytest.mark.parametrize(("before", "after"), list(product([None, *STATUSES], STATUSES)))
def test_every_status_pair(before: InsStatus | None, after: InsStatus) -> None:
    expected = (
        Publication.QUALIFIED
        if after is InsStatus.QUAL and before is not InsStatus.QUAL
        else Publication.NOTHING
        if before is after
        else Publication.STATUS_CHANGED
    )
    assert publication_for(before, NONE, after, NONE) is expected


def test_creation_publishes_a_status_change_and_apcv_creation_only_qualified() -> None:
    assert publication_for(None, NONE, InsStatus.PROV, NONE) is Publication.STATUS_CHANGED
    assert publication_for(None, NONE, InsStatus.QUAL, NONE) is Publication.QUALIFIED


def test_leaving_qual_is_a_status_change() -> None:
    for after in (InsStatus.PROV, InsStatus.RECUP, InsStatus.VALI):
        assert publication_for(InsStatus.QUAL, NONE, after, NONE) is Publication.STATUS_CHANGED


@given(
    st.sampled_from(STATUSES),
    st.sampled_from(ATTRIBUTE_SETS),
    st.sampled_from(ATTRIBUTE_SETS),
)
def test_an_attribute_change_without_status_change_is_published(
    status: InsStatus, before: frozenset[IdentityAttribute], after: frozenset[IdentityAttribute]
) -> None:
    expected = Publication.NOTHING if before == after else Publication.STATUS_CHANGED
    assert publication_for(status, before, status, after) is expected


@given(st.sampled_from([None, *STATUSES]), st.sampled_from(ATTRIBUTE_SETS), st.sampled_from(ATTRIBUTE_SETS))
def test_reaching_qual_always_publishes_qualified_once(
    before: InsStatus | None,
    attributes_before: frozenset[IdentityAttribute],
    attributes_after: frozenset[IdentityAttribute],
) -> None:
    publication = publication_for(before, attributes_before, InsStatus.QUAL, attributes_after)
    assert (publication is Publication.QUALIFIED) is (before is not InsStatus.QUAL)


def test_a_qualified_identity_whose_ins_changed_announces_the_new_ins() -> None:
    assert (
        publication_for(InsStatus.QUAL, NONE, InsStatus.QUAL, NONE, ins_changed=True) is Publication.QUALIFIED
    )
    assert publication_for(InsStatus.QUAL, NONE, InsStatus.QUAL, NONE) is Publication.NOTHING
    assert (
        publication_for(InsStatus.RECUP, NONE, InsStatus.RECUP, NONE, ins_changed=True) is Publication.NOTHING
    )
