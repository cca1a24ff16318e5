from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dentalink_contracts.events.ins import IdentityStatus
from dmp_service.domain import (
    PATIENT_CHOICE_OPERATIONS,
    AccessDecision,
    AccessRefusal,
    DenialReason,
    RecordArea,
    RecordOperation,
    RecordState,
    decide_access,
    decide_revocation,
    may_hold_record,
    trace_entry,
)

DENTIST = "10101010101"
OTHER = "10202020202"
NOW = datetime(2025, 6, 1, 10, 0, tzinfo=UTC)
OPEN_QUAL = RecordState(IdentityStatus.QUAL)


def _decide(
    refusals: Sequence[AccessRefusal] = (),
    state: RecordState = OPEN_QUAL,
    actor: str = DENTIST,
    operation: RecordOperation = RecordOperation.READ_DOCUMENTS,
    now: datetime = NOW,
) -> AccessDecision:
    return decide_access(state, refusals, actor, operation, now)


def test_qualified_identity_with_no_refusal_is_allowed() -> None:
    decision = _decide()
    assert decision.allowed
    assert decision.reason is None


@pytest.mark.parametrize("status", [IdentityStatus.PROV, IdentityStatus.RECUP, IdentityStatus.VALI])
def test_record_only_for_a_qualified_identity(status: IdentityStatus) -> None:
    assert not may_hold_record(status)
    assert _decide(state=RecordState(status)).reason is DenialReason.IDENTITY_NOT_QUALIFIED


def test_closed_record_wins_over_every_other_reason() -> None:
    refusals = [AccessRefusal(NOW - timedelta(days=1))]
    decision = _decide(refusals, state=RecordState(IdentityStatus.PROV, disabled=True))
    assert decision.reason is DenialReason.RECORD_DISABLED


def test_unqualified_identity_does_not_reveal_refusals() -> None:
    refusals = [AccessRefusal(NOW - timedelta(days=1), rpps=DENTIST)]
    assert (
        _decide(refusals, state=RecordState(IdentityStatus.VALI)).reason
        is DenialReason.IDENTITY_NOT_QUALIFIED
    )


def test_refusal_of_everyone() -> None:
    decision = _decide([AccessRefusal(NOW - timedelta(days=1))], actor=OTHER)
    assert not decision.allowed
    assert decision.reason is DenialReason.PATIENT_REFUSED_ALL


def test_refusal_of_one_professional_leaves_the_others_allowed() -> None:
    refusals = [AccessRefusal(NOW - timedelta(days=1), rpps=DENTIST)]
    assert _decide(refusals).reason is DenialReason.PATIENT_REFUSED_PROFESSIONAL
    assert _decide(refusals, actor=OTHER).allowed


def test_revoked_refusal_no_longer_applies_but_is_kept() -> None:
    refusal = AccessRefusal(NOW - timedelta(days=10), rpps=DENTIST)
    revoked = refusal.revoke(NOW - timedelta(days=1))
    assert revoked.recorded_at == refusal.recorded_at
    assert _decide([revoked]).allowed
    assert not _decide([revoked], now=NOW - timedelta(days=2)).allowed
    with pytest.raises(ValueError, match="already revoked"):
        revoked.revoke(NOW)


def test_refusal_applies_from_its_recording_and_until_its_revocation_exclusive() -> None:
    refusal = AccessRefusal(NOW, revoked_at=NOW + timedelta(hours=1))
    assert not _decide([refusal]).allowed
    assert _decide([refusal], now=NOW - timedelta(seconds=1)).allowed
    assert _decide([refusal], now=NOW + timedelta(hours=1)).allowed


def test_refusal_of_the_dmp_only_leaves_messaging_open() -> None:
    refusals = [AccessRefusal(NOW - timedelta(days=1), areas=frozenset({RecordArea.DMP}))]
    assert not _decide(refusals, operation=RecordOperation.UPDATE_PROFILE).allowed
    assert _decide(refusals, operation=RecordOperation.SEND_MESSAGE).allowed


def test_offsets_are_compared_as_instants() -> None:
    paris = timezone(timedelta(hours=2))
    refusal = AccessRefusal(datetime(2025, 6, 1, 12, 0, tzinfo=paris))  # 10:00 UTC
    assert not _decide([refusal], now=NOW).allowed


def test_invalid_inputs_are_rejected() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        AccessRefusal(datetime(2025, 1, 1))
    with pytest.raises(ValueError, match="revoked before"):
        AccessRefusal(NOW, revoked_at=NOW - timedelta(seconds=1))
    with pytest.raises(ValueError, match="at least one area"):
        AccessRefusal(NOW, areas=frozenset())
    with pytest.raises(ValueError):  # noqa: PT011 (pydantic's message)
        AccessRefusal(NOW, rpps="123")
    with pytest.raises(ValueError):  # noqa: PT011 (pydantic's message)
        _decide(actor="not-an-rpps")


def test_trace_entry_records_denials_too() -> None:
    decision = _decide([AccessRefusal(NOW)])
    entry = trace_entry(decision, DENTIST, NOW)
    assert (entry.allowed, entry.reason, entry.operation) == (
        False,
        DenialReason.PATIENT_REFUSED_ALL,
        RecordOperation.READ_DOCUMENTS,
    )


@st.composite
def refusal(draw: st.DrawFn) -> AccessRefusal:
    recorded = NOW + timedelta(minutes=draw(st.integers(-600, 600)))
    revoked = draw(st.none() | st.integers(0, 1200).map(lambda m: recorded + timedelta(minutes=m)))
    areas = draw(st.frozensets(st.sampled_from(list(RecordArea)), min_size=1))
    return AccessRefusal(recorded, draw(st.sampled_from([None, DENTIST, OTHER])), areas, revoked)


@given(
    st.lists(refusal(), max_size=4),
    st.sampled_from(list(IdentityStatus)),
    st.booleans(),
    st.sampled_from([DENTIST, OTHER]),
    st.sampled_from(list(RecordOperation)),
)
def test_decision_follows_the_rules(
    refusals: list[AccessRefusal],
    status: IdentityStatus,
    disabled: bool,
    actor: str,
    operation: RecordOperation,
) -> None:
    decision = _decide(refusals, RecordState(status, disabled), actor, operation)
    in_effect = [
        r
        for r in refusals
        if r.recorded_at <= NOW and (r.revoked_at is None or r.revoked_at > NOW) and operation.area in r.areas
    ]
    if disabled:
        expected = DenialReason.RECORD_DISABLED
    elif status is not IdentityStatus.QUAL:
        expected = DenialReason.IDENTITY_NOT_QUALIFIED
    elif operation in PATIENT_CHOICE_OPERATIONS:
        expected = None
    elif any(r.rpps is None for r in in_effect):
        expected = DenialReason.PATIENT_REFUSED_ALL
    elif any(r.rpps == actor for r in in_effect):
        expected = DenialReason.PATIENT_REFUSED_PROFESSIONAL
    else:
        expected = None
    assert decision.reason is expected
    assert decision.allowed == (expected is None)
    assert decision.operation is operation


def test_the_patient_can_always_restrict_or_lift_a_restriction() -> None:
    everyone = [AccessRefusal(NOW - timedelta(days=1))]
    for operation in PATIENT_CHOICE_OPERATIONS:
        assert _decide(everyone, operation=operation).allowed
        assert _decide(everyone, RecordState(IdentityStatus.VALI), operation=operation).reason is (
            DenialReason.IDENTITY_NOT_QUALIFIED
        )


def test_the_targeted_professional_cannot_lift_his_own_refusal() -> None:
    refusal = AccessRefusal(NOW, rpps=DENTIST)
    assert not refusal.may_be_revoked_by(DENTIST)
    assert refusal.may_be_revoked_by(OTHER)
    assert AccessRefusal(NOW).may_be_revoked_by(DENTIST)


def test_only_the_practice_that_recorded_a_refusal_lifts_it_and_never_its_target() -> None:
    here, elsewhere = "cab-lyon", "cab-nantes"
    targets_other = AccessRefusal(NOW, rpps=OTHER, recorded_by_practice=here)
    targets_dentist = AccessRefusal(NOW, rpps=DENTIST, recorded_by_practice=here)

    assert decide_revocation(targets_other, DENTIST, here) == AccessDecision(RecordOperation.REVOKE_REFUSAL)
    assert decide_revocation(AccessRefusal(NOW, recorded_by_practice=here), DENTIST, here).allowed
    # Another practice's refusal is answered exactly as a missing one ("not yours" is "not found").
    assert decide_revocation(targets_other, DENTIST, elsewhere) == decide_revocation(None, DENTIST, elsewhere)
    assert decide_revocation(None, DENTIST, here).reason is DenialReason.REFUSAL_NOT_FOUND
    assert decide_revocation(AccessRefusal(NOW), DENTIST, here).reason is DenialReason.REFUSAL_NOT_FOUND
    # The professional it targets cannot lift it, even in the practice that recorded it.
    assert decide_revocation(targets_dentist, DENTIST, here).reason is DenialReason.REFUSAL_TARGETS_CALLER
    assert decide_revocation(targets_dentist, DENTIST, elsewhere).reason is DenialReason.REFUSAL_NOT_FOUND


def test_reports_and_attachments_belong_to_the_dmp_messages_to_mon_espace_sante() -> None:
    assert RecordOperation.FILE_TELE_EXPERTISE_REPORT.area is RecordArea.DMP
    assert RecordOperation.FILE_MESSAGE_ATTACHMENT.area is RecordArea.DMP
    assert RecordOperation.READ_MESSAGES.area is RecordArea.ESPACE_SANTE
    assert RecordOperation.READ_ACCESS_LOG.area is RecordArea.ESPACE_SANTE
