"""INSi technical faults: a problem, bounded retries, and the identity unchanged (issue 3)."""

from typing import Any

import pytest

from ins_service.testing import Practice

pytestmark = pytest.mark.integration


async def _state(practice: Practice, identity_id: str) -> tuple[dict[str, Any], list[str]]:
    identity = await practice.get(f"/v1/identities/{identity_id}")
    history = await practice.get(f"/v1/identities/{identity_id}/history")
    return identity, [entry["kind"] for entry in history["items"]]


async def test_an_insi_timeout_is_a_504_problem_and_changes_nothing(practice: Practice) -> None:
    created = await practice.create(
        birth_name="Delai", birth_first_names="Jean", birth_date="1990-01-01", sex="M"
    )
    before = await _state(practice, created["id"])
    response = await practice.http.post(
        f"/v1/identities/{created['id']}/insi-lookups", json={}, headers=practice.headers()
    )
    assert response.status_code == 504
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "https://dentalink.fr/problems/insi-timeout"
    assert await _state(practice, created["id"]) == before
    assert before[0]["status"] == "PROV"


async def test_an_insi_service_error_is_a_503_problem_and_changes_nothing(practice: Practice) -> None:
    created = await practice.create(
        birth_name="Panne", birth_first_names="Anne", birth_date="1990-01-01", sex="F"
    )
    before = await _state(practice, created["id"])
    response = await practice.http.post(
        f"/v1/identities/{created['id']}/insi-lookups", json={}, headers=practice.headers()
    )
    assert response.status_code == 503
    assert response.json()["type"] == "https://dentalink.fr/problems/insi-unavailable"
    assert response.headers["retry-after"] == "30"
    assert await _state(practice, created["id"]) == before


async def test_a_fault_on_one_attempt_is_retried(practice: Practice) -> None:
    created = await practice.create(
        birth_name="Intermittent", birth_first_names="Alex", birth_date="1999-09-09", sex="M"
    )
    found = await practice.post(f"/v1/identities/{created['id']}/insi-lookups", {})
    assert (found["result_code"], found["identity"]["status"]) == ("00", "RECUP")


async def test_a_verification_timeout_is_not_a_mismatch(practice: Practice) -> None:
    # A held INS that INSi cannot check now is not "no longer matches": nothing is recorded.
    created = await practice.create(
        birth_name="Delai",
        birth_first_names="Jean",
        birth_date="1985-03-14",
        sex="M",
        matricule="185037511312392",
        oid="1.2.250.1.213.1.4.10",
    )
    response = await practice.http.post(
        f"/v1/identities/{created['id']}/insi-verifications", headers=practice.headers()
    )
    assert response.status_code == 504
    identity, kinds = await _state(practice, created["id"])
    assert (identity["status"], kinds) == ("PROV", ["created"])
