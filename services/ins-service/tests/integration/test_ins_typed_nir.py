"""A NIR is accepted compact or spaced as printed on the carte Vitale wherever one is typed (issue 16):
the identity's matricule, the search by matricule and the carte Vitale search."""

import pytest

from ins_service.testing import Practice

pytestmark = pytest.mark.integration

CORSICAN = "280012A00400712"
AS_ON_THE_CARD = "2 80 01 2a 004 007 12"


async def test_an_ins_typed_with_spaces_is_stored_and_found_compact(practice: Practice) -> None:
    created = await practice.create(
        birth_name="d'Artagnan de l'Hérault",
        birth_first_names="Marie-Hélène",
        birth_date="1980-01-30",
        sex="F",
        birth_place_code="2A004",
        matricule=AS_ON_THE_CARD,
        oid="1.2.250.1.213.1.4.10",
    )
    assert created["ins"]["matricule"] == CORSICAN

    for typed in (CORSICAN, AS_ON_THE_CARD, " ".join(CORSICAN)):
        found = await practice.get("/v1/identities", matricule=typed)
        assert [identity["id"] for identity in found["items"]] == [created["id"]], typed


async def test_the_carte_vitale_search_takes_the_matricule_as_printed(practice: Practice) -> None:
    created = await practice.create(
        birth_name="Bernard", birth_first_names="Emma", birth_date="2019-06-15", sex="F"
    )
    found = await practice.post(
        f"/v1/identities/{created['id']}/insi-lookups",
        {"method": "carte-vitale", "carte_vitale": {"matricule": "2 90 05 13 205 018 12", "birth_rank": 2}},
    )
    assert found["result_code"] == "00"
    assert found["identity"]["ins"]["matricule"] == "219061320506268"


async def test_a_matricule_too_long_however_spaced_is_refused_naming_the_field(practice: Practice) -> None:
    response = await practice.http.post(
        "/v1/identities",
        json={
            "birth_name": "Legrand",
            "birth_first_names": "Paul",
            "birth_date": "1985-03-14",
            "sex": "M",
            "matricule": "  ".join(CORSICAN),
            "oid": "1.2.250.1.213.1.4.10",
        },
        headers=practice.headers(),
    )
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["matricule"]
