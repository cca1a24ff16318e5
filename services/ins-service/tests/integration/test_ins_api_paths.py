"""The paths to QUAL through the API, with their events (issue 3)."""

import pytest

from dentalink_contracts.events import IdentityQualified, IdentityStatusChanged
from dentalink_contracts.sealing import development_field_keys
from ins_service.testing import Practice
from servicekit.testing import EventProbe

pytestmark = pytest.mark.integration
KEYS = development_field_keys()

LEGRAND = {
    "birth_name": "Legrand",
    "birth_first_names": "Paul André",
    "birth_date": "1985-03-14",
    "sex": "M",
    "birth_place_code": "75113",
}


async def test_prov_recup_qual_emits_one_identity_qualified(practice: Practice) -> None:
    mine = lambda event: event.practice_id == practice.practice_id  # noqa: E731
    async with (
        EventProbe(IdentityQualified, mine) as qualified,
        EventProbe(IdentityStatusChanged, mine) as changed,
    ):
        created = await practice.create(**LEGRAND)
        assert created["status"] == "PROV"
        identity = f"/v1/identities/{created['id']}"
        found = await practice.post(f"{identity}/insi-lookups", {"method": "traits"})
        assert found["result_code"] == "00"
        assert found["identity"]["status"] == "RECUP"
        assert found["identity"]["ins"] == {
            "matricule": "185037511312392",
            "oid": "1.2.250.1.213.1.4.10",
            "confirmed": True,
        }
        assert found["identity"]["insi_traits"]["birth_first_names"] == "PAUL ANDRE"
        assert found["identity"]["typed_traits"]["birth_first_names"] == "Paul André"
        checked = await practice.post(f"{identity}/document-checks", {"document": "passport"})
        assert checked["identity"]["status"] == "QUAL"
        assert checked["transition"]["validation_mode"] == "PA"
        assert checked["transition"]["by_rpps"] == "10001234567"
        await qualified.wait_for(1)
        events = await qualified.settle()
    assert len(events) == 1
    assert KEYS.open(events[0].ins, events[0], "ins").matricule == "185037511312392"
    # Creation is keyed before the INS is known, the lookup after: two keys, so two partitions whose
    # events a reader may see in either order. The statuses' own instants order them.
    ordered = sorted(changed.seen, key=lambda event: event.changed_at)
    assert [(e.previous_status, e.new_status) for e in ordered] == [(None, "PROV"), ("PROV", "RECUP")]


async def test_prov_vali_qual_uses_the_retry_strategy_and_emits_one_identity_qualified(
    practice: Practice,
) -> None:
    mine = lambda event: event.practice_id == practice.practice_id  # noqa: E731
    async with EventProbe(IdentityQualified, mine) as qualified:
        created = await practice.create(
            birth_name="Dupont", birth_first_names="Marie Claire", birth_date="1970-01-01", sex="F"
        )
        identity = f"/v1/identities/{created['id']}"
        checked = await practice.post(
            f"{identity}/document-checks", {"document": "national-id-card", "holder_nationality": "fr"}
        )
        assert checked["identity"]["status"] == "VALI"
        assert checked["identity"]["validation_mode"] == "CN"
        found = await practice.post(f"{identity}/insi-lookups", {})
        # "MARIE" alone finds both DUPONT sisters (02); all first names find one (00).
        assert [(c["first_names"], c["result_code"]) for c in found["calls"]] == [
            ("Marie", "02"),
            ("Marie Claire", "00"),
        ]
        assert found["identity"]["status"] == "QUAL"
        assert found["identity"]["may_reference_health_data"] is True
        await qualified.wait_for(1)
        assert len(await qualified.settle()) == 1


async def test_a_failed_verification_downgrades_qual_and_says_so(practice: Practice) -> None:
    def downgrade(event: IdentityStatusChanged) -> bool:
        return event.practice_id == practice.practice_id and event.previous_status == "QUAL"

    created = await practice.create(
        birth_name="Roussel", birth_first_names="Nathalie", birth_date="1975-09-30", sex="F"
    )
    identity = f"/v1/identities/{created['id']}"
    await practice.post(f"{identity}/insi-lookups", {})
    await practice.post(f"{identity}/document-checks", {"document": "residence-permit"})
    async with EventProbe(IdentityStatusChanged, downgrade) as changed:
        verified = await practice.post(f"{identity}/insi-verifications")
        assert verified["result_code"] == "01"
        assert verified["identity"]["status"] == "VALI"
        assert verified["identity"]["ins"]["confirmed"] is False
        assert verified["transition"]["downgrade"] is True
        assert "downgrade" in verified["transition"]["reason"]
        await changed.wait_for(1)
        (event,) = await changed.settle()
    assert (event.previous_status, event.new_status) == ("QUAL", "VALI")
    assert event.ins is None  # the matricule is shared only while QUAL


async def test_a_verification_00_keeps_qual_without_a_new_event(practice: Practice) -> None:
    created = await practice.create(
        birth_name="Papadopoulou", birth_first_names="Eleni", birth_date="1995-10-02", sex="F"
    )
    identity = f"/v1/identities/{created['id']}"
    await practice.post(f"{identity}/insi-lookups", {})
    await practice.post(f"{identity}/document-checks", {"document": "passport"})
    verified = await practice.post(f"{identity}/insi-verifications")
    assert (verified["result_code"], verified["identity"]["status"]) == ("00", "QUAL")
    assert verified["identity"]["matricule_flags"] == []


async def test_carte_vitale_search_tells_twins_apart_by_birth_rank(practice: Practice) -> None:
    created = await practice.create(
        birth_name="Bernard", birth_first_names="Emma", birth_date="2019-06-15", sex="F"
    )
    found = await practice.post(
        f"/v1/identities/{created['id']}/insi-lookups",
        {"method": "carte-vitale", "carte_vitale": {"matricule": "290051320501812", "birth_rank": 2}},
    )
    assert found["result_code"] == "00"
    assert found["identity"]["ins"]["matricule"] == "219061320506268"
    assert found["identity"]["collection_method"] == "CV"
    assert found["transition"]["insi_operation"] == "search-by-carte-vitale"


async def test_doubtful_identity_cannot_call_insi(practice: Practice) -> None:
    created = await practice.create(**LEGRAND)
    identity = f"/v1/identities/{created['id']}"
    await practice.post(f"{identity}/attributes", {"attribute": "DOUT"})
    response = await practice.http.post(f"{identity}/insi-lookups", json={}, headers=practice.headers())
    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "https://dentalink.fr/problems/attribute-forbids-operation"
    after = await practice.get(identity)
    assert (after["status"], after["ins"]) == ("PROV", None)
    history = await practice.get(f"{identity}/history")
    assert [entry["kind"] for entry in history["items"]] == ["created", "attribute-set"]


async def test_dout_on_a_qualified_identity_leaves_qual(practice: Practice) -> None:
    created = await practice.create(**LEGRAND)
    identity = f"/v1/identities/{created['id']}"
    await practice.post(f"{identity}/insi-lookups", {})
    await practice.post(f"{identity}/document-checks", {"document": "passport"})
    doubtful = await practice.post(f"{identity}/attributes", {"attribute": "DOUT"})
    assert doubtful["identity"]["status"] == "PROV"
    assert doubtful["transition"]["downgrade"] is True
    cleared = await practice.http.delete(f"{identity}/attributes/DOUT", headers=practice.headers())
    assert cleared.json()["identity"]["status"] == "QUAL"


async def test_a_refusal_blocks_insi_and_qual_until_withdrawn(practice: Practice) -> None:
    created = await practice.create(**LEGRAND)
    identity = f"/v1/identities/{created['id']}"
    await practice.post(f"{identity}/insi-lookups", {})
    refused = await practice.post(f"{identity}/verification-refusals")
    assert refused["identity"]["status"] == "PROV"
    response = await practice.http.post(f"{identity}/insi-verifications", headers=practice.headers())
    assert response.json()["type"] == "https://dentalink.fr/problems/verification-refused"
    withdrawn = await practice.http.delete(f"{identity}/verification-refusals", headers=practice.headers())
    assert withdrawn.json()["identity"]["status"] == "RECUP"


async def test_the_carte_vitale_alone_is_refused_as_proof(practice: Practice) -> None:
    created = await practice.create(**LEGRAND)
    response = await practice.http.post(
        f"/v1/identities/{created['id']}/document-checks",
        json={"document": "carte-vitale"},
        headers=practice.headers(),
    )
    assert response.status_code == 422
    problem = response.json()
    assert problem["type"] == "https://dentalink.fr/problems/carte-vitale-not-proof"
    assert problem["errors"][0]["field"] == "document"


async def test_a_document_number_is_never_accepted(practice: Practice) -> None:
    created = await practice.create(**LEGRAND)
    response = await practice.http.post(
        f"/v1/identities/{created['id']}/document-checks",
        json={"document": "passport", "document_number": "12AB34567"},
        headers=practice.headers(),
    )
    assert response.status_code == 422
    assert "12AB34567" not in response.text
