from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from dentalink_contracts.events.ins import IdentityStatus
from dentalink_contracts.values import Role
from dmp_service.domain import (
    ROLE_OPERATIONS,
    AccessRefusal,
    DenialReason,
    RecordOperation,
    RecordState,
    authorize,
    decide_access,
    practice_may_reach_record,
    refusals_bind,
    role_may,
)

DENTIST = "10101010101"
NOW = datetime(2025, 6, 1, 10, 0, tzinfo=UTC)
QUAL = RecordState(IdentityStatus.QUAL)
EVERYONE_REFUSED = [AccessRefusal(NOW - timedelta(days=1))]
HERE_QUAL = IdentityStatus.QUAL  # the identity's status in the caller's own practice


def test_every_role_has_a_row_and_clinicians_may_do_everything() -> None:
    assert set(ROLE_OPERATIONS) == set(Role)
    for role in (Role.DENTIST, Role.SPECIALIST, Role.EHPAD_PROFESSIONAL):
        assert all(role_may(role, operation) for operation in RecordOperation)


def test_least_privilege_for_non_clinical_roles() -> None:
    assert not role_may(Role.DENTAL_ASSISTANT, RecordOperation.READ_DOCUMENTS)
    assert role_may(Role.DENTAL_ASSISTANT, RecordOperation.ADD_DOCUMENT)
    assert role_may(Role.PRACTICE_ADMIN, RecordOperation.MANAGE_APPOINTMENTS)
    assert not role_may(Role.PRACTICE_ADMIN, RecordOperation.ADD_DOCUMENT)
    assert {op for op in RecordOperation if role_may(Role.AUDITOR, op)} == {
        RecordOperation.READ_ACCESS_LOG,
        RecordOperation.READ_REFUSALS,
    }


def test_the_role_is_checked_before_anything_about_the_record() -> None:
    decision = authorize(
        None,
        EVERYONE_REFUSED,
        DENTIST,
        Role.AUDITOR,
        RecordOperation.READ_DOCUMENTS,
        NOW,
        practice_status=None,
    )
    assert decision.reason is DenialReason.ROLE_NOT_ALLOWED
    missing = authorize(
        None, (), DENTIST, Role.DENTIST, RecordOperation.READ_DOCUMENTS, NOW, practice_status=None
    )
    # No record is refused as "not qualified in your practice": whether one exists is not told.
    assert missing.reason is DenialReason.PRACTICE_IDENTITY_NOT_QUALIFIED


def test_auditors_read_the_traces_despite_a_refusal_of_everyone() -> None:
    for operation in (RecordOperation.READ_ACCESS_LOG, RecordOperation.READ_REFUSALS):
        assert authorize(
            QUAL, EVERYONE_REFUSED, DENTIST, Role.AUDITOR, operation, NOW, practice_status=HERE_QUAL
        ).allowed
    refused = authorize(
        QUAL,
        EVERYONE_REFUSED,
        DENTIST,
        Role.DENTIST,
        RecordOperation.READ_ACCESS_LOG,
        NOW,
        practice_status=HERE_QUAL,
    )
    assert refused.reason is DenialReason.PATIENT_REFUSED_ALL
    # An unqualified identity still closes the record to auditors.
    vali = RecordState(IdentityStatus.VALI)
    decision = authorize(
        vali,
        (),
        DENTIST,
        Role.AUDITOR,
        RecordOperation.READ_ACCESS_LOG,
        NOW,
        practice_status=IdentityStatus.VALI,
    )
    assert decision.reason is DenialReason.PRACTICE_IDENTITY_NOT_QUALIFIED


def test_another_practices_qualification_does_not_open_the_record_to_this_one() -> None:
    # The record is QUAL (some practice holds the identity QUAL) and the patient refused everyone.
    for here in (None, IdentityStatus.VALI, IdentityStatus.PROV, IdentityStatus.RECUP):
        decision = authorize(
            QUAL,
            EVERYONE_REFUSED,
            DENTIST,
            Role.DENTIST,
            RecordOperation.ADD_DOCUMENT,
            NOW,
            practice_status=here,
        )
        # Denied for the practice's identity, before (and without revealing) the patient's refusals.
        assert decision.reason is DenialReason.PRACTICE_IDENTITY_NOT_QUALIFIED
    allowed = authorize(
        QUAL, (), DENTIST, Role.DENTIST, RecordOperation.ADD_DOCUMENT, NOW, practice_status=HERE_QUAL
    )
    assert allowed.allowed


def test_refusals_and_traces_need_the_practice_s_own_qualified_identity_too() -> None:
    # No operation is open to a practice that does not hold the patient's identity QUAL: refusals and
    # traces name professionals and practices, and lifting a refusal reopens the record.
    for operation in RecordOperation:
        for here in (None, IdentityStatus.PROV, IdentityStatus.VALI, IdentityStatus.RECUP):
            for role in (Role.DENTIST, Role.AUDITOR):
                decision = authorize(QUAL, (), DENTIST, role, operation, NOW, practice_status=here)
                if role_may(role, operation):
                    assert decision.reason is DenialReason.PRACTICE_IDENTITY_NOT_QUALIFIED, (operation, here)
                else:
                    assert decision.reason is DenialReason.ROLE_NOT_ALLOWED
    for operation in (RecordOperation.READ_ACCESS_LOG, RecordOperation.READ_REFUSALS):
        assert authorize(QUAL, (), DENTIST, Role.AUDITOR, operation, NOW, practice_status=HERE_QUAL).allowed
    for operation in (RecordOperation.MANAGE_REFUSALS, RecordOperation.REVOKE_REFUSAL):
        assert authorize(
            QUAL, (), DENTIST, Role.PRACTICE_ADMIN, operation, NOW, practice_status=HERE_QUAL
        ).allowed


@given(
    st.sampled_from(list(Role)),
    st.sampled_from(list(RecordOperation)),
    st.sampled_from(list(IdentityStatus)),
    st.sampled_from([None, *IdentityStatus]),
    st.booleans(),
)
def test_authorize_is_role_then_the_practice_then_the_domain_decision(
    role: Role,
    operation: RecordOperation,
    status: IdentityStatus,
    here: IdentityStatus | None,
    refused: bool,
) -> None:
    refusals = EVERYONE_REFUSED if refused else []
    decision = authorize(RecordState(status), refusals, DENTIST, role, operation, NOW, practice_status=here)
    if not role_may(role, operation):
        assert decision.reason is DenialReason.ROLE_NOT_ALLOWED
        return
    if not practice_may_reach_record(here):
        assert here is not IdentityStatus.QUAL
        assert decision.reason is DenialReason.PRACTICE_IDENTITY_NOT_QUALIFIED
        return
    binding = refusals if refusals_bind(role, operation) else []
    assert decision == decide_access(RecordState(status), binding, DENTIST, operation, NOW)
