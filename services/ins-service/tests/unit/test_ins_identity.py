"""Identity aggregate: every transition, its history entry, downgrades and refusals (DOMAIN.md §2)."""

from collections.abc import Callable
from dataclasses import FrozenInstanceError
from datetime import UTC, date, datetime, timedelta, timezone
from functools import partial

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dentalink_contracts import Ins, InsOid, Sex
from ins_service.domain import (
    ApcvIdentity,
    CarteVitaleNotProof,
    CollectionMethod,
    DocumentCheck,
    DocumentType,
    DomainError,
    ErrorCode,
    Identity,
    IdentityAttribute,
    InsiIdentity,
    InsiOperation,
    InsiResult,
    InsiResultCode,
    InsiTraits,
    InsStatus,
    Transitioned,
    TransitionKind,
    TypedTraits,
    ValidationMode,
    check_insi_allowed,
    clear_attribute,
    new_identity,
    parse_matricule,
    qualify_from_apcv,
    record_document_check,
    record_insi_result,
    record_refusal,
    set_attribute,
    withdraw_refusal,
)

RPPS = "10003456789"
OTHER_RPPS = "10009876543"
AT = datetime(2025, 3, 10, 9, 30, tzinfo=UTC)
MATRICULE = "253072B07300470"
OLD_MATRICULE = "253072A07300443"
OTHER_MATRICULE = "295109912611193"
DOUT, FICT, HOMA = IdentityAttribute.DOUT, IdentityAttribute.FICT, IdentityAttribute.HOMA
PASSPORT = DocumentCheck(DocumentType.PASSPORT)


def typed(born: date = date(1953, 7, 9)) -> TypedTraits:
    return TypedTraits(
        birth_name="Martin",
        birth_first_names="Anne Marie",
        birth_date=born,
        sex=Sex.FEMALE,
        birth_place_code="2B073",
    )


def insi_traits(born: date = date(1953, 7, 9)) -> InsiTraits:
    return InsiTraits.from_insi(
        birth_name="MARTIN",
        birth_first_names="ANNE MARIE",
        birth_date=born,
        sex=Sex.FEMALE,
        birth_place_code="2B073",
    )


def found(
    matricule: str = MATRICULE,
    previous: tuple[Ins, ...] = (),
    operation: InsiOperation = InsiOperation.SEARCH_BY_TRAITS,
    born: date = date(1953, 7, 9),
) -> InsiResult:
    returned = InsiIdentity(parse_matricule(matricule), InsOid.NIR, insi_traits(born), previous)
    return InsiResult(operation, InsiResultCode.FOUND, "insi-call-1", returned)


def verification(code: InsiResultCode, returned: InsiIdentity | None = None) -> InsiResult:
    return InsiResult(InsiOperation.VERIFY, code, "insi-call-v", returned)


def apcv(matricule: str = MATRICULE) -> ApcvIdentity:
    return ApcvIdentity(parse_matricule(matricule), InsOid.NIR, insi_traits())


def fresh() -> Identity:
    return new_identity(typed(), by_rpps=RPPS, at=AT).identity


def retrieved() -> Identity:
    return record_insi_result(fresh(), found(), by_rpps=RPPS, at=AT).identity


def validated() -> Identity:
    return record_document_check(fresh(), PASSPORT, by_rpps=RPPS, at=AT).identity


def qualified() -> Identity:
    return record_insi_result(validated(), found(), by_rpps=RPPS, at=AT).identity


def from_apcv() -> Identity:
    return qualify_from_apcv(fresh(), apcv(), by_rpps=RPPS, at=AT, session_reference="apcv-1").identity


def error_code(operation: Callable[..., object], *args: object, **kwargs: object) -> ErrorCode:
    with pytest.raises(DomainError) as caught:
        operation(*args, **kwargs)
    return caught.value.code


# Creation


def test_a_new_identity_is_provisional_and_manual() -> None:
    identity, transition = new_identity(typed(), by_rpps=RPPS, at=AT)
    assert identity.status is InsStatus.PROV
    assert identity.collection_method is CollectionMethod.MANUAL
    assert identity.ins is None and identity.insi_traits is None
    assert (transition.kind, transition.previous_status, transition.new_status) == (
        TransitionKind.CREATED,
        None,
        InsStatus.PROV,
    )
    assert (transition.by_rpps, transition.at) == (RPPS, AT)
    assert not transition.is_downgrade


@pytest.mark.parametrize("rpps", ["", "1000345678", "100034567890", "1000345678X"])
def test_every_transition_names_an_rpps(rpps: str) -> None:
    assert error_code(lambda: new_identity(typed(), by_rpps=rpps, at=AT)) is ErrorCode.INVALID_RPPS
    assert error_code(lambda: record_refusal(fresh(), by_rpps=rpps, at=AT)) is ErrorCode.INVALID_RPPS


def test_transition_times_carry_their_offset() -> None:
    with pytest.raises(ValueError, match="offset"):
        new_identity(typed(), by_rpps=RPPS, at=datetime(2025, 3, 10, 9, 30))
    paris = timezone(timedelta(hours=1))
    assert new_identity(typed(), by_rpps=RPPS, at=AT.astimezone(paris)).transition.at == AT


def test_identities_are_immutable_and_transitions_pure() -> None:
    before = fresh()
    after = record_document_check(before, PASSPORT, by_rpps=RPPS, at=AT).identity
    assert before.status is InsStatus.PROV and after.status is InsStatus.VALI
    with pytest.raises(FrozenInstanceError):
        after.verification_refused = True  # type: ignore[misc]


# INSi results


def test_search_by_traits_00_retrieves_the_ins() -> None:
    identity, transition = record_insi_result(fresh(), found(), by_rpps=RPPS, at=AT)
    assert identity.status is InsStatus.RECUP
    assert identity.ins == Ins(matricule=MATRICULE, oid=InsOid.NIR)
    assert identity.insi_traits == insi_traits()
    assert identity.typed_traits == typed()
    assert identity.collection_method is CollectionMethod.INSI
    assert transition.kind is TransitionKind.INSI_RESULT
    assert (transition.insi_operation, transition.insi_result_code) == (
        InsiOperation.SEARCH_BY_TRAITS,
        InsiResultCode.FOUND,
    )
    assert transition.insi_call_reference == "insi-call-1"
    assert (transition.previous_status, transition.new_status) == (InsStatus.PROV, InsStatus.RECUP)
    assert transition.collection_method is CollectionMethod.INSI


def test_search_by_carte_vitale_00_records_method_cv() -> None:
    result = found(operation=InsiOperation.SEARCH_BY_CARTE_VITALE)
    assert record_insi_result(fresh(), result, by_rpps=RPPS, at=AT).identity.collection_method is (
        CollectionMethod.CARTE_VITALE
    )


@pytest.mark.parametrize(
    ("code", "operation"),
    [
        (InsiResultCode.NOT_FOUND, InsiOperation.SEARCH_BY_TRAITS),
        (InsiResultCode.SEVERAL_FOUND, InsiOperation.SEARCH_BY_TRAITS),
        (InsiResultCode.NOT_FOUND, InsiOperation.SEARCH_BY_CARTE_VITALE),
    ],
)
@pytest.mark.parametrize("start", [fresh, validated, retrieved, qualified])
def test_unsuccessful_searches_change_nothing_but_are_traced(
    code: InsiResultCode, operation: InsiOperation, start: Callable[[], Identity]
) -> None:
    before = start()
    after, transition = record_insi_result(
        before, InsiResult(operation, code, "insi-call-2"), by_rpps=RPPS, at=AT
    )
    assert after == before
    assert not transition.status_changed
    assert (transition.insi_result_code, transition.insi_call_reference) == (code, "insi-call-2")


def test_insi_on_a_validated_identity_qualifies_it() -> None:
    identity, transition = record_insi_result(validated(), found(), by_rpps=RPPS, at=AT)
    assert identity.status is InsStatus.QUAL
    assert transition.reached_qualified
    assert identity.may_reference_health_data
    assert identity.shareable_ins == Ins(matricule=MATRICULE, oid=InsOid.NIR)


def test_both_orders_reach_qual() -> None:
    via_document_last = record_document_check(retrieved(), PASSPORT, by_rpps=RPPS, at=AT)
    assert via_document_last.identity.status is InsStatus.QUAL
    assert via_document_last.transition.reached_qualified
    assert via_document_last.identity == qualified()


@pytest.mark.parametrize("start", [fresh, retrieved, validated])
def test_only_qual_may_reference_health_data(start: Callable[[], Identity]) -> None:
    identity = start()
    assert not identity.may_reference_health_data
    assert identity.shareable_ins is None


def test_a_new_matricule_replaces_a_previous_one_insi_lists() -> None:
    previous = (Ins(matricule=OLD_MATRICULE, oid=InsOid.NIR),)
    holding_old = record_insi_result(fresh(), found(OLD_MATRICULE), by_rpps=RPPS, at=AT).identity
    identity = record_insi_result(holding_old, found(MATRICULE, previous), by_rpps=RPPS, at=AT).identity
    assert identity.ins == Ins(matricule=MATRICULE, oid=InsOid.NIR)
    assert identity.previous_ins == previous


def test_a_search_returning_another_person_is_refused() -> None:
    code = error_code(record_insi_result, retrieved(), found(OTHER_MATRICULE), by_rpps=RPPS, at=AT)
    assert code is ErrorCode.INS_MISMATCH


def test_verification_00_keeps_qual() -> None:
    identity, transition = record_insi_result(
        qualified(), verification(InsiResultCode.FOUND), by_rpps=RPPS, at=AT
    )
    assert identity.status is InsStatus.QUAL
    assert not transition.status_changed and not transition.is_downgrade


def test_failed_verification_downgrades_qual_and_says_so() -> None:
    identity, transition = record_insi_result(
        qualified(), verification(InsiResultCode.NOT_FOUND), by_rpps=OTHER_RPPS, at=AT
    )
    assert identity.status is InsStatus.VALI
    assert identity.ins == Ins(matricule=MATRICULE, oid=InsOid.NIR)
    assert not identity.may_reference_health_data
    assert transition.is_downgrade and transition.left_qualified
    assert "downgrade" in transition.reason and "QUAL -> VALI" in transition.reason
    assert transition.by_rpps == OTHER_RPPS


def test_failed_verification_downgrades_recup_to_prov() -> None:
    identity, transition = record_insi_result(
        retrieved(), verification(InsiResultCode.NOT_FOUND), by_rpps=RPPS, at=AT
    )
    assert identity.status is InsStatus.PROV
    assert transition.is_downgrade and not transition.left_qualified


def test_a_later_successful_verification_restores_qual() -> None:
    downgraded = record_insi_result(qualified(), verification(InsiResultCode.NOT_FOUND), by_rpps=RPPS, at=AT)
    identity, transition = record_insi_result(
        downgraded.identity, verification(InsiResultCode.FOUND), by_rpps=RPPS, at=AT
    )
    assert identity.status is InsStatus.QUAL and transition.reached_qualified


def test_only_a_held_ins_can_be_verified() -> None:
    result = verification(InsiResultCode.FOUND)
    code = error_code(record_insi_result, validated(), result, by_rpps=RPPS, at=AT)
    assert code is ErrorCode.NO_INS_TO_VERIFY


def test_a_verification_of_another_ins_is_refused() -> None:
    other = found(OTHER_MATRICULE).identity
    result = verification(InsiResultCode.FOUND, other)
    code = error_code(record_insi_result, qualified(), result, by_rpps=RPPS, at=AT)
    assert code is ErrorCode.INS_MISMATCH


# Document checks


def test_document_check_validates_and_records_how() -> None:
    identity, transition = record_document_check(fresh(), PASSPORT, by_rpps=RPPS, at=AT)
    assert identity.status is InsStatus.VALI
    assert identity.validation_mode is ValidationMode.PASSPORT
    assert transition.kind is TransitionKind.DOCUMENT_CHECKED
    assert (transition.validation_mode, transition.document_check) == (ValidationMode.PASSPORT, PASSPORT)


def test_the_carte_vitale_is_refused_and_nothing_changes() -> None:
    before = fresh()
    with pytest.raises(CarteVitaleNotProof):
        record_document_check(before, DocumentCheck(DocumentType.CARTE_VITALE), by_rpps=RPPS, at=AT)
    assert before.status is InsStatus.PROV


def test_minority_is_judged_on_the_check_date() -> None:
    child = new_identity(typed(born=date(2010, 5, 1)), by_rpps=RPPS, at=AT).identity
    extract = DocumentCheck(DocumentType.BIRTH_CERTIFICATE_EXTRACT, guardian_document=DocumentType.PASSPORT)
    assert record_document_check(child, extract, by_rpps=RPPS, at=AT).identity.validation_mode is (
        ValidationMode.MINOR_BIRTH_EXTRACT
    )
    grown_up = datetime(2028, 5, 1, tzinfo=UTC)
    code = error_code(record_document_check, child, extract, by_rpps=RPPS, at=grown_up)
    assert code is ErrorCode.DOCUMENT_NOT_ACCEPTED


def test_minority_uses_the_insi_birth_date_when_known() -> None:
    typed_adult = new_identity(typed(born=date(1990, 5, 1)), by_rpps=RPPS, at=AT).identity
    child = record_insi_result(typed_adult, found(born=date(2010, 5, 1)), by_rpps=RPPS, at=AT).identity
    extract = DocumentCheck(DocumentType.FAMILY_RECORD_BOOK, guardian_document=DocumentType.PASSPORT)
    assert record_document_check(child, extract, by_rpps=RPPS, at=AT).identity.status is InsStatus.QUAL


# Attributes


@pytest.mark.parametrize("attribute", [DOUT, FICT])
@pytest.mark.parametrize("start", [retrieved, validated, qualified, from_apcv])
def test_dout_and_fict_send_the_status_to_prov(
    attribute: IdentityAttribute, start: Callable[[], Identity]
) -> None:
    before = start()
    identity, transition = set_attribute(before, attribute, by_rpps=RPPS, at=AT)
    assert identity.status is InsStatus.PROV
    assert transition.is_downgrade
    assert transition.left_qualified is (before.status is InsStatus.QUAL)
    assert (transition.kind, transition.attribute) == (TransitionKind.ATTRIBUTE_SET, attribute)
    assert attribute in transition.attributes


@pytest.mark.parametrize("attribute", [DOUT, FICT])
def test_dout_and_fict_forbid_insi(attribute: IdentityAttribute) -> None:
    identity = set_attribute(retrieved(), attribute, by_rpps=RPPS, at=AT).identity
    assert error_code(lambda: check_insi_allowed(identity)) is ErrorCode.ATTRIBUTE_FORBIDS_OPERATION
    for result in (found(), verification(InsiResultCode.FOUND)):
        code = error_code(record_insi_result, identity, result, by_rpps=RPPS, at=AT)
        assert code is ErrorCode.ATTRIBUTE_FORBIDS_OPERATION


def test_homa_alone_changes_nothing() -> None:
    identity, transition = set_attribute(qualified(), HOMA, by_rpps=RPPS, at=AT)
    assert identity.status is InsStatus.QUAL
    assert not transition.status_changed
    check_insi_allowed(identity)


def test_dout_and_homa_combine() -> None:
    identity = set_attribute(
        set_attribute(fresh(), DOUT, by_rpps=RPPS, at=AT).identity, HOMA, by_rpps=RPPS, at=AT
    )
    assert identity.identity.attributes == {DOUT, HOMA}


@pytest.mark.parametrize(("first", "second"), [(DOUT, FICT), (FICT, DOUT), (FICT, HOMA), (HOMA, FICT)])
def test_conflicting_attributes_are_refused(first: IdentityAttribute, second: IdentityAttribute) -> None:
    identity = set_attribute(fresh(), first, by_rpps=RPPS, at=AT).identity
    assert (
        error_code(lambda: set_attribute(identity, second, by_rpps=RPPS, at=AT))
        is ErrorCode.ATTRIBUTE_CONFLICT
    )


def test_an_attribute_is_set_once_and_cleared_once() -> None:
    identity = set_attribute(fresh(), HOMA, by_rpps=RPPS, at=AT).identity
    assert (
        error_code(lambda: set_attribute(identity, HOMA, by_rpps=RPPS, at=AT))
        is ErrorCode.ATTRIBUTE_ALREADY_SET
    )
    cleared = clear_attribute(identity, HOMA, by_rpps=RPPS, at=AT).identity
    assert (
        error_code(lambda: clear_attribute(cleared, HOMA, by_rpps=RPPS, at=AT)) is ErrorCode.ATTRIBUTE_NOT_SET
    )


def test_clearing_dout_derives_the_status_again() -> None:
    doubtful = set_attribute(qualified(), DOUT, by_rpps=RPPS, at=AT).identity
    identity, transition = clear_attribute(doubtful, DOUT, by_rpps=RPPS, at=AT)
    assert identity.status is InsStatus.QUAL
    assert transition.kind is TransitionKind.ATTRIBUTE_CLEARED and transition.reached_qualified


def test_a_document_check_on_a_doubtful_identity_is_kept_but_status_stays_prov() -> None:
    doubtful = set_attribute(fresh(), DOUT, by_rpps=RPPS, at=AT).identity
    identity = record_document_check(doubtful, PASSPORT, by_rpps=RPPS, at=AT).identity
    assert identity.status is InsStatus.PROV
    assert clear_attribute(identity, DOUT, by_rpps=RPPS, at=AT).identity.status is InsStatus.VALI


def test_a_fictitious_identity_cannot_be_checked_against_a_document() -> None:
    fictitious = set_attribute(fresh(), FICT, by_rpps=RPPS, at=AT).identity
    code = error_code(record_document_check, fictitious, PASSPORT, by_rpps=RPPS, at=AT)
    assert code is ErrorCode.ATTRIBUTE_FORBIDS_OPERATION


# Refusal


def test_refusal_forbids_insi_but_allows_vali() -> None:
    refused, transition = record_refusal(fresh(), by_rpps=RPPS, at=AT)
    assert refused.verification_refused and transition.kind is TransitionKind.REFUSAL_RECORDED
    assert error_code(lambda: check_insi_allowed(refused)) is ErrorCode.VERIFICATION_REFUSED
    code = error_code(record_insi_result, refused, found(), by_rpps=RPPS, at=AT)
    assert code is ErrorCode.VERIFICATION_REFUSED
    assert record_document_check(refused, PASSPORT, by_rpps=RPPS, at=AT).identity.status is InsStatus.VALI


def test_refusal_on_a_qualified_identity_leaves_qual_and_says_so() -> None:
    identity, transition = record_refusal(qualified(), by_rpps=RPPS, at=AT)
    assert identity.status is InsStatus.VALI
    assert transition.left_qualified and transition.is_downgrade
    assert "downgrade" in transition.reason


def test_refused_identity_cannot_be_qualified_from_the_apcv() -> None:
    refused = record_refusal(validated(), by_rpps=RPPS, at=AT).identity
    code = error_code(qualify_from_apcv, refused, apcv(), by_rpps=RPPS, at=AT, session_reference="apcv-1")
    assert code is ErrorCode.VERIFICATION_REFUSED


def test_refusal_is_recorded_once_and_can_be_withdrawn() -> None:
    refused = record_refusal(qualified(), by_rpps=RPPS, at=AT).identity
    assert (
        error_code(lambda: record_refusal(refused, by_rpps=RPPS, at=AT)) is ErrorCode.REFUSAL_ALREADY_RECORDED
    )
    identity, transition = withdraw_refusal(refused, by_rpps=RPPS, at=AT)
    assert identity.status is InsStatus.QUAL
    assert transition.kind is TransitionKind.REFUSAL_WITHDRAWN
    check_insi_allowed(identity)
    assert (
        error_code(lambda: withdraw_refusal(identity, by_rpps=RPPS, at=AT)) is ErrorCode.NO_REFUSAL_RECORDED
    )


# e-carte Vitale app


@pytest.mark.parametrize("start", [fresh, validated])
def test_apcv_identities_are_qualified_with_method_av(start: Callable[[], Identity]) -> None:
    identity, transition = qualify_from_apcv(start(), apcv(), by_rpps=RPPS, at=AT, session_reference="apcv-1")
    assert identity.status is InsStatus.QUAL
    assert identity.collection_method is CollectionMethod.APCV
    assert identity.validation_mode is ValidationMode.APCV
    assert identity.ins == Ins(matricule=MATRICULE, oid=InsOid.NIR)
    assert identity.insi_traits == insi_traits()
    assert transition.kind is TransitionKind.APCV_QUALIFIED
    assert (transition.collection_method, transition.apcv_session_reference) == (
        CollectionMethod.APCV,
        "apcv-1",
    )
    assert transition.insi_call_reference is None and transition.reached_qualified


def test_insi_is_never_called_for_an_apcv_identity() -> None:
    identity = from_apcv()
    assert error_code(lambda: check_insi_allowed(identity)) is ErrorCode.INSI_NOT_FOR_APCV_IDENTITY
    result = verification(InsiResultCode.FOUND)
    code = error_code(record_insi_result, identity, result, by_rpps=RPPS, at=AT)
    assert code is ErrorCode.INSI_NOT_FOR_APCV_IDENTITY


def test_apcv_with_another_ins_than_held_is_refused() -> None:
    read = apcv(OTHER_MATRICULE)
    code = error_code(qualify_from_apcv, retrieved(), read, by_rpps=RPPS, at=AT, session_reference="apcv-1")
    assert code is ErrorCode.INS_MISMATCH


@pytest.mark.parametrize("attribute", [DOUT, FICT])
def test_apcv_cannot_qualify_a_doubtful_or_fictitious_identity(attribute: IdentityAttribute) -> None:
    blocked = set_attribute(fresh(), attribute, by_rpps=RPPS, at=AT).identity
    code = error_code(qualify_from_apcv, blocked, apcv(), by_rpps=RPPS, at=AT, session_reference="apcv-1")
    assert code is ErrorCode.ATTRIBUTE_FORBIDS_OPERATION


def test_apcv_identity_marked_doubtful_leaves_qual() -> None:
    transition = set_attribute(from_apcv(), DOUT, by_rpps=RPPS, at=AT).transition
    assert transition.left_qualified and transition.new_status is InsStatus.PROV


# Any sequence of operations keeps the invariants.

OPERATIONS: dict[str, Callable[[Identity], Transitioned]] = {
    "found": lambda i: record_insi_result(i, found(), by_rpps=RPPS, at=AT),
    "not-found": lambda i: record_insi_result(
        i, InsiResult(InsiOperation.SEARCH_BY_TRAITS, InsiResultCode.NOT_FOUND, "c"), by_rpps=RPPS, at=AT
    ),
    "verified": lambda i: record_insi_result(i, verification(InsiResultCode.FOUND), by_rpps=RPPS, at=AT),
    "unverified": lambda i: record_insi_result(
        i, verification(InsiResultCode.NOT_FOUND), by_rpps=RPPS, at=AT
    ),
    "document": lambda i: record_document_check(i, PASSPORT, by_rpps=RPPS, at=AT),
    "apcv": lambda i: qualify_from_apcv(i, apcv(), by_rpps=RPPS, at=AT, session_reference="s"),
    "refuse": lambda i: record_refusal(i, by_rpps=RPPS, at=AT),
    "withdraw": lambda i: withdraw_refusal(i, by_rpps=RPPS, at=AT),
    **{f"set-{a}": partial(set_attribute, attribute=a, by_rpps=RPPS, at=AT) for a in IdentityAttribute},
    **{f"clear-{a}": partial(clear_attribute, attribute=a, by_rpps=RPPS, at=AT) for a in IdentityAttribute},
}


@given(st.lists(st.sampled_from(sorted(OPERATIONS)), max_size=12))
def test_invariants_hold_after_any_sequence(names: list[str]) -> None:
    identity = fresh()
    for name in names:
        try:
            identity_after, transition = OPERATIONS[name](identity)
        except DomainError:
            continue
        assert transition.previous_status is identity.status
        assert transition.new_status is identity_after.status
        assert transition.attributes == identity_after.attributes
        identity = identity_after
        if identity.verification_refused:
            assert identity.status is not InsStatus.QUAL
        if identity.attributes & {DOUT, FICT}:
            assert identity.status is InsStatus.PROV
        assert not {DOUT, FICT} <= identity.attributes
        assert not {FICT, HOMA} <= identity.attributes
        assert identity.may_reference_health_data is (identity.status is InsStatus.QUAL)
        assert transition.is_downgrade is ("(downgrade)" in transition.reason)


# Creation with a typed INS, homonyms, verification refreshing traits


def test_a_typed_ins_is_held_but_not_confirmed() -> None:
    ins = Ins(matricule=MATRICULE, oid=InsOid.NIR)
    identity, transition = new_identity(typed(), by_rpps=RPPS, at=AT, ins=ins)
    assert (identity.ins, identity.ins_confirmed, identity.status) == (ins, False, InsStatus.PROV)
    assert identity.shareable_ins is None
    assert transition.reason == "identity created"


def test_a_homonym_is_created_with_homa() -> None:
    identity, transition = new_identity(typed(), by_rpps=RPPS, at=AT, attributes=frozenset({HOMA}))
    assert identity.attributes == {HOMA}
    assert transition.reason == "identity created with attributes HOMA"


def test_creation_refuses_attributes_that_do_not_combine() -> None:
    assert (
        error_code(new_identity, typed(), by_rpps=RPPS, at=AT, attributes=frozenset({FICT, HOMA}))
        is ErrorCode.ATTRIBUTE_CONFLICT
    )


def test_a_verification_00_stores_the_traits_insi_returned() -> None:
    ins = Ins(matricule=MATRICULE, oid=InsOid.NIR)
    held = new_identity(typed(), by_rpps=RPPS, at=AT, ins=ins).identity
    returned = InsiIdentity(parse_matricule(MATRICULE), InsOid.NIR, insi_traits())
    identity = record_insi_result(
        held, verification(InsiResultCode.FOUND, returned), by_rpps=RPPS, at=AT
    ).identity
    assert (identity.status, identity.insi_traits) == (InsStatus.RECUP, insi_traits())
