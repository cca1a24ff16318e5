"""The INSi sandbox: a documented dataset, 00/01/02, the retry strategy, injected faults (DOMAIN.md §3)."""

from datetime import date

import pytest

from dentalink_contracts import Ins, InsOid, Sex
from dentalink_contracts.nir import has_valid_nir_key
from ins_service.adapters import (
    CarteVitaleQuery,
    InsiTimeout,
    InsiUnavailable,
    SandboxInsi,
    VerificationQuery,
    search_by_traits_with_strategy,
)
from ins_service.adapters.insi_sandbox_dataset import SANDBOX_PERSONS, TEST_OID
from ins_service.domain import (
    BirthPlaceKind,
    InsiResultCode,
    TraitSearchCriteria,
    TypedTraits,
    check_consistency,
    parse_matricule,
)
from ins_service.settings import SandboxFault

FOUND, NOT_FOUND, SEVERAL = InsiResultCode.FOUND, InsiResultCode.NOT_FOUND, InsiResultCode.SEVERAL_FOUND
PERSONS = {person.label: person for person in SANDBOX_PERSONS}


def typed(name: str, first_names: str, born: date, sex: Sex, place: str | None = None) -> TypedTraits:
    return TypedTraits(
        birth_name=name, birth_first_names=first_names, birth_date=born, sex=sex, birth_place_code=place
    )


def test_every_sandbox_matricule_is_valid_and_agrees_with_its_traits() -> None:
    assert len({person.label for person in SANDBOX_PERSONS}) == len(SANDBOX_PERSONS)
    for person in SANDBOX_PERSONS:
        matricule = parse_matricule(person.matricule)
        assert check_consistency(matricule, person.traits) == [], person.label
        assert person.ins.oid is TEST_OID is InsOid.NIR_TEST
        assert all(has_valid_nir_key(previous) for previous in person.previous)


def test_the_dataset_covers_what_the_issue_lists() -> None:
    kinds = {parse_matricule(person.matricule).place_kind for person in SANDBOX_PERSONS}
    assert kinds == set(BirthPlaceKind)
    assert any(person.previous for person in SANDBOX_PERSONS)
    assert any("'" in person.traits.birth_name for person in SANDBOX_PERSONS)
    assert any("-" in person.traits.birth_first_names for person in SANDBOX_PERSONS)
    assert any(" " in person.traits.birth_name for person in SANDBOX_PERSONS)


async def test_a_plain_search_finds_one_identity_with_its_traits() -> None:
    criteria = TraitSearchCriteria("legrand", "Paul", Sex.MALE, date(1985, 3, 14))
    result = await SandboxInsi().search_by_traits(criteria)
    assert result.code is FOUND and result.identity is not None
    assert result.identity.ins == Ins(matricule="185037511312392", oid=InsOid.NIR_TEST)
    assert result.identity.traits.birth_first_names == "PAUL ANDRE"
    assert result.call_reference.startswith("SANDBOX-")


async def test_names_compare_without_case_accents_or_apostrophes() -> None:
    criteria = TraitSearchCriteria("D ARTAGNAN DE L HÉRAULT", "marie-hélène", Sex.FEMALE, date(1980, 1, 30))
    result = await SandboxInsi().search_by_traits(criteria)
    assert result.identity is not None
    assert result.identity.traits.birth_name == "D'ARTAGNAN DE L'HERAULT"


async def test_an_unknown_person_is_01() -> None:
    result = await SandboxInsi().search_by_traits(
        TraitSearchCriteria("Inconnu", "Jean", Sex.MALE, date(1990, 1, 1))
    )
    assert (result.code, result.identity) == (NOT_FOUND, None)


async def test_strategy_adds_the_other_first_names_after_02() -> None:
    attempts = await search_by_traits_with_strategy(
        SandboxInsi(), typed("Dupont", "Marie Louise", date(1970, 1, 1), Sex.FEMALE)
    )
    assert [(a.criteria.first_names, a.result.code) for a in attempts] == [
        ("Marie", SEVERAL),
        ("Marie Louise", FOUND),
    ]
    assert attempts[-1].result.identity is not None
    assert attempts[-1].result.identity.matricule.value == "270011305504665"


async def test_strategy_adds_the_birth_place_when_first_names_do_not_separate() -> None:
    attempts = await search_by_traits_with_strategy(
        SandboxInsi(), typed("Lefebvre", "Camille", date(2001, 5, 20), Sex.FEMALE, "59512")
    )
    assert [(a.criteria.birth_place_code, a.result.code) for a in attempts] == [
        (None, SEVERAL),
        ("59512", FOUND),
    ]


async def test_strategy_stops_at_02_without_a_birth_place() -> None:
    attempts = await search_by_traits_with_strategy(
        SandboxInsi(), typed("Lefebvre", "Camille", date(2001, 5, 20), Sex.FEMALE)
    )
    assert [a.result.code for a in attempts] == [SEVERAL]


async def test_strategy_retries_01_with_all_first_names() -> None:
    attempts = await search_by_traits_with_strategy(
        SandboxInsi(), typed("Abadie", "Louis Marie", date(1947, 12, 2), Sex.MALE)
    )
    assert [a.result.code for a in attempts] == [NOT_FOUND, FOUND]


async def test_carte_vitale_search_finds_a_child_on_the_holder_card_by_rank() -> None:
    sandbox = SandboxInsi()
    twins = [
        await sandbox.search_by_carte_vitale(
            CarteVitaleQuery("290051320501812", "BERNARD", date(2019, 6, 15), rank)
        )
        for rank in (1, 2)
    ]
    assert [twin.identity.traits.first_birth_first_name for twin in twins if twin.identity] == [
        "NOAH",
        "EMMA",
    ]
    missing = await sandbox.search_by_carte_vitale(
        CarteVitaleQuery("290051320501812", "BERNARD", date(2019, 6, 15), 3)
    )
    assert missing.code is NOT_FOUND


async def test_a_previous_matricule_finds_the_active_ins_and_its_history() -> None:
    query = CarteVitaleQuery("488119913401217", "Garcia Lopez", date(1988, 11, 5))
    result = await SandboxInsi().search_by_carte_vitale(query)
    assert result.identity is not None
    assert result.identity.matricule.value == "288119913407752"
    assert result.identity.previous == (Ins(matricule="488119913401217", oid=InsOid.NIR_TEST),)


def verification_of(label: str, **changes: object) -> VerificationQuery:
    person = PERSONS[label]
    fields: dict[str, object] = {
        "ins": person.ins,
        "birth_name": person.traits.birth_name,
        "first_names": person.traits.birth_first_names,
        "sex": person.traits.sex,
        "birth_date": person.traits.birth_date,
        **changes,
    }
    return VerificationQuery(**fields)  # type: ignore[arg-type]


async def test_verification_confirms_matching_traits_only() -> None:
    sandbox = SandboxInsi()
    assert (await sandbox.verify(verification_of("santoni"))).code is FOUND
    assert (await sandbox.verify(verification_of("santoni", birth_date=date(1953, 7, 9)))).code is NOT_FOUND
    other_oid = Ins(matricule="253072B07300470", oid=InsOid.NIR)
    assert (await sandbox.verify(verification_of("santoni", ins=other_oid))).code is NOT_FOUND
    assert (await sandbox.verify(verification_of("roussel"))).code is NOT_FOUND


@pytest.mark.parametrize("fault", [SandboxFault.UNAVAILABLE])
async def test_the_configured_fault_applies_to_every_call(fault: SandboxFault) -> None:
    with pytest.raises(InsiUnavailable):
        await SandboxInsi(fault=fault).verify(verification_of("santoni"))


async def test_magic_birth_names_inject_faults_per_call() -> None:
    sandbox = SandboxInsi(hang_seconds=0.0)
    with pytest.raises(InsiTimeout):
        await sandbox.search_by_traits(TraitSearchCriteria("Delai", "Jean", Sex.MALE, date(1990, 1, 1)))
    with pytest.raises(InsiUnavailable):
        await sandbox.search_by_traits(TraitSearchCriteria("Panne", "Jean", Sex.MALE, date(1990, 1, 1)))
    intermittent = TraitSearchCriteria("Intermittent", "Alex", Sex.MALE, date(1999, 9, 9))
    with pytest.raises(InsiUnavailable):
        await sandbox.search_by_traits(intermittent)
    assert (await sandbox.search_by_traits(intermittent)).code is FOUND
