"""Identity-vigilance duplicates: same matricule, or same normalised traits (DOMAIN.md §2)."""

from datetime import UTC, date, datetime
from uuid import UUID, uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dentalink_contracts import Ins, InsOid, Sex
from ins_service.domain import (
    DuplicateMatch,
    Fingerprint,
    Identity,
    InsiIdentity,
    InsiOperation,
    InsiResult,
    InsiResultCode,
    InsiTraits,
    MatchReason,
    TypedTraits,
    find_duplicates,
    name_key,
    new_identity,
    parse_matricule,
    record_insi_result,
    to_ins_form,
)

AT = datetime(2025, 3, 10, 9, 30, tzinfo=UTC)
RPPS = "10003456789"
MATRICULE = "253072B07300470"
OLD_MATRICULE = "253072A07300443"


def typed(
    name: str = "Martin",
    first_names: str = "Anne Marie",
    born: date = date(1953, 7, 9),
    sex: Sex = Sex.FEMALE,
) -> TypedTraits:
    return TypedTraits(birth_name=name, birth_first_names=first_names, birth_date=born, sex=sex)


def existing(traits: TypedTraits, with_ins: bool = False) -> Identity:
    identity = new_identity(traits, by_rpps=RPPS, at=AT).identity
    if not with_ins:
        return identity
    returned = InsiIdentity(
        parse_matricule(MATRICULE),
        InsOid.NIR,
        InsiTraits.from_insi(
            birth_name="D'ARTAGNAN",
            birth_first_names="ANNE-MARIE",
            birth_date=traits.birth_date,
            sex=traits.sex,
        ),
        (Ins(matricule=OLD_MATRICULE, oid=InsOid.NIA),),
    )
    result = InsiResult(InsiOperation.SEARCH_BY_TRAITS, InsiResultCode.FOUND, "call", returned)
    return record_insi_result(identity, result, by_rpps=RPPS, at=AT).identity


def matches(candidate: Fingerprint, *identities: Identity) -> list[DuplicateMatch]:
    return find_duplicates(
        candidate, [(UUID(int=n), Fingerprint.of_identity(i)) for n, i in enumerate(identities)]
    )


@pytest.mark.parametrize(
    ("name", "first_names"),
    [
        ("MARTIN", "ANNE"),
        ("martin", "anne"),
        ("  Martin ", "Anne  Claire"),
        ("Mártin", "Anné"),
    ],
)
def test_same_traits_up_to_case_spacing_and_accents(name: str, first_names: str) -> None:
    found = matches(Fingerprint.of_candidate(typed(name, first_names)), existing(typed()))
    assert found == [DuplicateMatch(UUID(int=0), frozenset({MatchReason.SAME_TRAITS}))]


@pytest.mark.parametrize(
    ("typed_name", "other_name"),
    [("D'Artagnan", "D ARTAGNAN"), ("D\u2019Artagnan", "D'ARTAGNAN"), ("Saint-Exupéry", "SAINT EXUPERY")],
)
def test_hyphens_and_apostrophes_do_not_hide_a_duplicate(typed_name: str, other_name: str) -> None:
    assert matches(Fingerprint.of_candidate(typed(typed_name)), existing(typed(other_name)))


def test_ligatures_do_not_hide_a_duplicate() -> None:
    assert matches(Fingerprint.of_candidate(typed("Lœtitia")), existing(typed("LOETITIA")))


@pytest.mark.parametrize(
    "candidate",
    [
        typed(name="Martine"),
        typed(first_names="Marie Anne"),
        typed(born=date(1953, 7, 10)),
        typed(sex=Sex.MALE),
    ],
)
def test_any_differing_trait_is_not_a_duplicate(candidate: TypedTraits) -> None:
    assert matches(Fingerprint.of_candidate(candidate), existing(typed())) == []


@pytest.mark.parametrize("text", [MATRICULE, "2 53 07 2b 073 004 70", OLD_MATRICULE])
def test_same_matricule_current_or_previous(text: str) -> None:
    found = matches(Fingerprint.of_candidate(matricule=text), existing(typed(), with_ins=True))
    assert found == [DuplicateMatch(UUID(int=0), frozenset({MatchReason.SAME_MATRICULE}))]


def test_insi_traits_of_an_existing_identity_count_too() -> None:
    candidate = Fingerprint.of_candidate(typed(name="d'Artagnan", first_names="Anne-Marie"))
    assert matches(candidate, existing(typed(), with_ins=True))


def test_both_reasons_are_given() -> None:
    candidate = Fingerprint.of_candidate(typed(), matricule=MATRICULE)
    assert matches(candidate, existing(typed(), with_ins=True))[0].reasons == {
        MatchReason.SAME_MATRICULE,
        MatchReason.SAME_TRAITS,
    }


def test_every_match_is_listed_in_input_order() -> None:
    ids = [uuid4() for _ in range(3)]
    known = [
        (ids[0], Fingerprint.of_identity(existing(typed()))),
        (ids[1], Fingerprint.of_identity(existing(typed(name="Durand")))),
        (ids[2], Fingerprint.of_identity(existing(typed("MARTIN")))),
    ]
    found = find_duplicates(Fingerprint.of_candidate(typed()), known)
    assert [match.identity_id for match in found] == [ids[0], ids[2]]


def test_an_empty_candidate_or_practice_matches_nothing() -> None:
    assert matches(Fingerprint.of_candidate(), existing(typed(), with_ins=True)) == []
    assert find_duplicates(Fingerprint.of_candidate(typed()), []) == []


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèêëàâçôöîïûüÉÈÇ '-", min_size=1, max_size=25))
def test_typed_and_ins_forms_of_a_name_compare_equal(name: str) -> None:
    assert name_key(to_ins_form(name)) == name_key(name)
