"""INSi result model and the trait-search retry strategy (DOMAIN.md §3)."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dentalink_contracts import Ins, InsOid, Sex
from ins_service.domain import (
    DomainError,
    ErrorCode,
    InsiIdentity,
    InsiOperation,
    InsiResult,
    InsiResultCode,
    InsiTraits,
    TraitSearchCriteria,
    TypedTraits,
    first_trait_search_criteria,
    next_trait_search_criteria,
    parse_matricule,
)

FOUND, NOT_FOUND, SEVERAL = InsiResultCode.FOUND, InsiResultCode.NOT_FOUND, InsiResultCode.SEVERAL_FOUND
RETRY_CODES = [NOT_FOUND, SEVERAL]


def insi_identity() -> InsiIdentity:
    traits = InsiTraits.from_insi(
        birth_name="MARTIN", birth_first_names="ANNE", birth_date=date(1953, 7, 9), sex=Sex.FEMALE
    )
    previous = (Ins(matricule="253072A07300443", oid=InsOid.NIA),)
    return InsiIdentity(parse_matricule("253072B07300470"), InsOid.NIR_TEST, traits, previous)


def typed(first_names: str = "Anne Marie Louise", place: str | None = "2B073") -> TypedTraits:
    return TypedTraits(
        birth_name="Martin",
        birth_first_names=first_names,
        birth_date=date(1953, 7, 9),
        sex=Sex.FEMALE,
        birth_place_code=place,
    )


def test_result_codes_are_insi_codes() -> None:
    assert [code.value for code in InsiResultCode] == ["00", "01", "02"]


def test_found_identity_exposes_its_ins() -> None:
    assert insi_identity().ins == Ins(matricule="253072B07300470", oid=InsOid.NIR_TEST)


@pytest.mark.parametrize("operation", [InsiOperation.SEARCH_BY_CARTE_VITALE, InsiOperation.SEARCH_BY_TRAITS])
def test_a_found_search_returns_the_identity(operation: InsiOperation) -> None:
    assert InsiResult(operation, FOUND, "call-1", insi_identity()).identity is not None
    with pytest.raises(DomainError) as caught:
        InsiResult(operation, FOUND, "call-1")
    assert caught.value.code is ErrorCode.INVALID_INSI_RESULT


@pytest.mark.parametrize("operation", list(InsiOperation))
@pytest.mark.parametrize("code", RETRY_CODES)
def test_only_00_carries_an_identity(operation: InsiOperation, code: InsiResultCode) -> None:
    with pytest.raises(DomainError) as caught:
        InsiResult(operation, code, "call-1", insi_identity())
    assert caught.value.code is ErrorCode.INVALID_INSI_RESULT


@pytest.mark.parametrize("operation", [InsiOperation.SEARCH_BY_CARTE_VITALE, InsiOperation.VERIFY])
def test_02_comes_only_from_a_trait_search(operation: InsiOperation) -> None:
    assert InsiResult(InsiOperation.SEARCH_BY_TRAITS, SEVERAL, "call-1").code is SEVERAL
    with pytest.raises(DomainError) as caught:
        InsiResult(operation, SEVERAL, "call-1")
    assert caught.value.code is ErrorCode.INVALID_INSI_RESULT


def test_a_verification_answer_may_omit_the_identity() -> None:
    assert InsiResult(InsiOperation.VERIFY, FOUND, "call-1").identity is None


def test_a_result_names_its_call() -> None:
    with pytest.raises(DomainError) as caught:
        InsiResult(InsiOperation.VERIFY, FOUND, " ")
    assert caught.value.code is ErrorCode.INVALID_INSI_RESULT


def test_first_attempt_uses_the_first_first_name_and_no_place() -> None:
    assert first_trait_search_criteria(typed()) == TraitSearchCriteria(
        birth_name="Martin", first_names="Anne", sex=Sex.FEMALE, birth_date=date(1953, 7, 9)
    )


@pytest.mark.parametrize("first_code", RETRY_CODES)
@pytest.mark.parametrize("second_code", RETRY_CODES)
def test_retry_adds_the_other_first_names_then_the_place_then_stops(
    first_code: InsiResultCode, second_code: InsiResultCode
) -> None:
    traits = typed()
    first = first_trait_search_criteria(traits)
    second = next_trait_search_criteria(first, first_code, traits)
    assert second is not None
    assert (second.first_names, second.birth_place_code) == ("Anne Marie Louise", None)
    third = next_trait_search_criteria(second, second_code, traits)
    assert third is not None
    assert (third.first_names, third.birth_place_code) == ("Anne Marie Louise", "2B073")
    assert next_trait_search_criteria(third, NOT_FOUND, traits) is None
    assert next_trait_search_criteria(third, SEVERAL, traits) is None


def test_found_stops_at_any_step() -> None:
    traits = typed()
    first = first_trait_search_criteria(traits)
    second = next_trait_search_criteria(first, NOT_FOUND, traits)
    assert second is not None
    assert next_trait_search_criteria(first, FOUND, traits) is None
    assert next_trait_search_criteria(second, FOUND, traits) is None


def test_a_single_first_name_goes_straight_to_the_place() -> None:
    traits = typed(first_names="Anne")
    retry = next_trait_search_criteria(first_trait_search_criteria(traits), SEVERAL, traits)
    assert retry is not None
    assert (retry.first_names, retry.birth_place_code) == ("Anne", "2B073")


def test_without_place_the_strategy_stops_after_the_first_names() -> None:
    traits = typed(place=None)
    retry = next_trait_search_criteria(first_trait_search_criteria(traits), NOT_FOUND, traits)
    assert retry is not None
    assert next_trait_search_criteria(retry, NOT_FOUND, traits) is None


def test_nothing_to_add_means_no_retry() -> None:
    traits = typed(first_names="Anne", place=None)
    assert next_trait_search_criteria(first_trait_search_criteria(traits), NOT_FOUND, traits) is None


@given(
    st.lists(st.sampled_from(RETRY_CODES), min_size=5, max_size=5),
    st.sampled_from(["Anne", "Anne Marie", "Anne  Marie Louise"]),
    st.sampled_from([None, "2B073"]),
)
def test_the_strategy_never_makes_more_than_three_attempts(
    codes: list[InsiResultCode], first_names: str, place: str | None
) -> None:
    traits = typed(first_names=first_names, place=place)
    attempts = [first_trait_search_criteria(traits)]
    for code in codes:
        following = next_trait_search_criteria(attempts[-1], code, traits)
        if following is None:
            break
        assert following != attempts[-1]
        attempts.append(following)
    assert len(attempts) <= 3
    assert len(set(attempts)) == len(attempts)
