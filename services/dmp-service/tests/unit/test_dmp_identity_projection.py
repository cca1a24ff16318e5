import random
from datetime import UTC, datetime, timedelta
from functools import reduce

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dentalink_contracts.events.ins import IdentityStatus
from dmp_service.domain import PracticeIdentityStatus, leaves_qualified, newer_status, record_status

T0 = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)


def status(practice: str, value: IdentityStatus, minutes: int) -> PracticeIdentityStatus:
    return PracticeIdentityStatus(practice, value, T0 + timedelta(minutes=minutes))


def test_a_late_older_event_does_not_undo_a_newer_one() -> None:
    qualified = status("cab-a", IdentityStatus.QUAL, 10)
    older_downgrade = status("cab-a", IdentityStatus.VALI, 5)
    assert newer_status(qualified, older_downgrade) is qualified
    newer_downgrade = status("cab-a", IdentityStatus.PROV, 20)
    assert newer_status(qualified, newer_downgrade) is newer_downgrade


def test_the_record_is_qualified_while_one_practice_holds_it_qual() -> None:
    assert record_status([]) is None
    a_qual, b_prov = status("cab-a", IdentityStatus.QUAL, 0), status("cab-b", IdentityStatus.PROV, 30)
    assert record_status([a_qual, b_prov]) is IdentityStatus.QUAL
    a_down = status("cab-a", IdentityStatus.VALI, 10)
    assert record_status([a_down, b_prov]) is IdentityStatus.PROV  # the latest, once none is QUAL


def test_statuses_of_two_practices_never_replace_each_other() -> None:
    with pytest.raises(ValueError, match="two practices"):
        newer_status(status("cab-a", IdentityStatus.QUAL, 0), status("cab-b", IdentityStatus.QUAL, 1))


events = st.lists(
    st.builds(
        status,
        st.sampled_from(["cab-a", "cab-b", "cab-c"]),
        st.sampled_from(list(IdentityStatus)),
        st.integers(0, 10_000),
    ),
    min_size=1,
    max_size=12,
    unique_by=lambda s: (s.practice_id, s.at),
)


def _project(arrivals: list[PracticeIdentityStatus]) -> IdentityStatus | None:
    kept: dict[str, PracticeIdentityStatus] = {}
    for incoming in arrivals:
        kept[incoming.practice_id] = newer_status(kept.get(incoming.practice_id), incoming)
    return record_status(kept.values())


@given(events, st.randoms())
def test_the_projection_does_not_depend_on_arrival_order(
    arrivals: list[PracticeIdentityStatus], shuffler: random.Random
) -> None:
    shuffled = list(arrivals)
    shuffler.shuffle(shuffled)
    assert _project(shuffled) == _project(arrivals)
    no_status: dict[str, PracticeIdentityStatus] = {}
    latest_by_practice = reduce(
        lambda acc, s: {**acc, s.practice_id: max(acc.get(s.practice_id, s), s, key=lambda x: x.at)},
        arrivals,
        no_status,
    )
    expected_qual = any(s.status is IdentityStatus.QUAL for s in latest_by_practice.values())
    assert (_project(arrivals) is IdentityStatus.QUAL) == expected_qual


@given(st.none() | st.sampled_from(list(IdentityStatus)), st.sampled_from(list(IdentityStatus)))
def test_only_a_change_out_of_qual_is_kept_for_a_late_qualification(
    previous: IdentityStatus | None, new: IdentityStatus
) -> None:
    # Any other change without INS follows an exit from QUAL already published, or precedes any
    # qualification (a creation), so it can never override a qualification dated before it.
    expected = previous is IdentityStatus.QUAL and new is not IdentityStatus.QUAL
    assert leaves_qualified(previous, new) is expected
