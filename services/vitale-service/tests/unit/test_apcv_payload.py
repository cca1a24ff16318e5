"""Shape of the apCV content and choice of the beneficiary (DOMAIN.md §4)."""

from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from dentalink_contracts.events.vitale import ApcvBeneficiary
from vitale_service.domain import (
    AmoBeneficiary,
    ApcvContent,
    ApcvPayload,
    ErrorCode,
    MissingBeneficiary,
    UnknownBeneficiary,
    choose_beneficiary,
    sandbox_patient,
)

FAMILY = sandbox_patient("martin-family").content
TWINS = sandbox_patient("bernard-twins").content
SINGLE = sandbox_patient("dartagnan-single").content
STRANGER_NIR = "299037511405573"


def payload_of(content: ApcvContent) -> ApcvPayload:
    instant = datetime(2025, 3, 14, 10, 0, tzinfo=UTC)
    return ApcvPayload(
        issuer="iss",
        audience="aud",
        key_id="k",
        nonce="n" * 16,
        issued_at=instant,
        not_before=instant,
        expires_at=instant,
        content=content,
    )


def test_with_a_single_beneficiary_the_choice_may_be_omitted() -> None:
    assert choose_beneficiary(payload_of(SINGLE), None) == SINGLE.beneficiaries[0]


def test_with_a_single_beneficiary_a_choice_must_still_name_them() -> None:
    assert choose_beneficiary(payload_of(SINGLE), SINGLE.holder_nir) == SINGLE.beneficiaries[0]
    with pytest.raises(UnknownBeneficiary):
        choose_beneficiary(payload_of(SINGLE), STRANGER_NIR)


def test_with_several_beneficiaries_the_caller_must_choose() -> None:
    with pytest.raises(MissingBeneficiary) as refused:
        choose_beneficiary(payload_of(FAMILY), None)
    assert refused.value.code is ErrorCode.MISSING_BENEFICIARY


@pytest.mark.parametrize("index", range(4))
def test_each_family_member_can_be_chosen_by_nir(index: int) -> None:
    member = FAMILY.beneficiaries[index]
    assert choose_beneficiary(payload_of(FAMILY), member.nir) == member


def test_twins_are_told_apart_by_their_nir() -> None:
    chosen = choose_beneficiary(payload_of(TWINS), "219061320506268")
    assert (chosen.first_names, chosen.birth_rank) == ("EMMA", 2)


def test_a_nir_typed_with_spaces_or_lower_case_is_recognised() -> None:
    assert choose_beneficiary(payload_of(FAMILY), "1 78 04 44 109 012 64").nir == "178044410901264"
    assert choose_beneficiary(payload_of(SINGLE), "2 80 01 2a 004 007 12").nir == "280012A00400712"


def test_a_nir_absent_from_the_app_is_an_unknown_beneficiary() -> None:
    with pytest.raises(UnknownBeneficiary) as refused:
        choose_beneficiary(payload_of(FAMILY), STRANGER_NIR)
    assert refused.value.code is ErrorCode.UNKNOWN_BENEFICIARY
    assert STRANGER_NIR not in str(refused.value)


def _family(**changes: Any) -> dict[str, Any]:
    return FAMILY.model_dump(mode="json") | changes


def _members(*changes: dict[str, Any]) -> list[dict[str, Any]]:
    members: list[dict[str, Any]] = _family()["beneficiaries"]
    return [member | change for member, change in zip(members, changes, strict=False)] + members[
        len(changes) :
    ]


INCONSISTENT = {
    "holder not on the card": _family(holder_nir="299037511405573"),
    "same NIR twice": _family(beneficiaries=[*_members(), _members()[1]]),
    "two ouvrants droit": _family(
        beneficiaries=_members({}, {"quality": "ouvrant_droit", "ouvrant_droit_nir": None})
    ),
    "child of someone else": _family(
        beneficiaries=_members({}, {}, {"ouvrant_droit_nir": "299037511405573"})
    ),
    "beneficiary without ouvrant droit": _family(beneficiaries=_members({}, {"ouvrant_droit_nir": None})),
    "beneficiary as own ouvrant droit": _family(
        beneficiaries=_members({}, {"ouvrant_droit_nir": "280096938302710"})
    ),
    "ouvrant droit pointing elsewhere": _family(
        beneficiaries=_members({"ouvrant_droit_nir": "299037511405573"})
    ),
    "holder INS differs": _family(ins={"matricule": "299037511405573", "oid": "1.2.250.1.213.1.4.10"}),
    "insurer not 9 digits": _family(beneficiaries=_members({"insurer": "CPAM44"})),
    "birth rank 0": _family(beneficiaries=_members({}, {}, {"birth_rank": 0})),
    "name with trailing space": _family(beneficiaries=_members({"birth_name": "MARTIN "})),
    # ins-service keeps names within 100-300 characters: longer ones would dead-letter its consumer.
    "birth name over 100 characters": _family(beneficiaries=_members({"birth_name": "M" * 101})),
    "first names over 100 characters": _family(beneficiaries=_members({"first_names": "ANNE " * 20 + "X"})),
    "birth place not a COG code": _family(beneficiaries=_members({"birth_place_code": "NANTES"})),
}


@pytest.mark.parametrize("raw", INCONSISTENT.values(), ids=INCONSISTENT.keys())
def test_inconsistent_amo_data_is_refused(raw: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        ApcvContent.model_validate(raw)


def test_a_teenager_holding_their_own_app_needs_no_ouvrant_droit_entry() -> None:
    lea = FAMILY.beneficiaries[2]
    content = ApcvContent.model_validate(
        _family(holder_nir=lea.nir, ins=None, beneficiaries=[lea.model_dump(mode="json")])
    )
    assert content.holder == lea


def test_the_content_has_no_field_for_medical_data() -> None:
    for model in (ApcvContent, AmoBeneficiary):
        with pytest.raises(ValidationError):
            model.model_validate(
                _family(treatments=["x"])
                if model is ApcvContent
                else FAMILY.beneficiaries[0].model_dump() | {"treatments": ["x"]}
            )


def test_names_up_to_100_characters_are_accepted() -> None:
    longest = _members({"birth_name": "D'É" + "A" * 97, "first_names": "ÉLO " * 24 + "ÉLOÉ"})
    content = ApcvContent.model_validate(_family(beneficiaries=longest))
    ouvrant_droit = content.beneficiaries[0]
    assert (len(ouvrant_droit.birth_name), len(ouvrant_droit.first_names)) == (100, 100)


def test_the_first_first_name_is_kept_on_its_own() -> None:
    assert FAMILY.civil_status.first_name == "PIERRE-ALAIN"


def test_a_chosen_beneficiary_maps_onto_the_session_opened_event() -> None:
    sophie = FAMILY.beneficiaries[1]
    event = ApcvBeneficiary.model_validate(sophie.model_dump())
    assert (event.nir, event.ouvrant_droit_nir, event.usage_name) == (sophie.nir, "178044410901264", "MARTIN")
    assert (event.quality, event.insurer, event.ins) == ("conjoint", "014410000", sophie.ins)
