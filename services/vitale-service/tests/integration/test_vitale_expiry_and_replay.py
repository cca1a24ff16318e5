"""Expiry with two instances on one database, replay across a restart, sandbox switched off (issue 4)."""

import pytest
from joserfc.jwk import ECKey

from dentalink_contracts.events import ApcvSessionClosed
from servicekit.testing import EventProbe, FrozenClock, eventually, fresh_database, unique_group
from vitale_service.testing import fetch_value, service_on

pytestmark = pytest.mark.integration

FAMILY = ("178044410901264", "280096938302710", "212024410904579", "115114410903341")


async def test_expiry_is_emitted_once_even_with_two_instances_sweeping() -> None:
    practice, clock = unique_group("cab"), FrozenClock()
    async with (
        fresh_database("vitale") as url,
        service_on(url, clock) as first,
        service_on(url, clock) as second,
    ):
        ids: set[str] = set()
        for nir in FAMILY * 3:
            instance = first if len(ids) % 2 else second
            response = await instance.open(practice, await instance.mint(practice, "martin-family"), nir)
            assert response.status_code == 201, response.text
            ids.add(response.json()["id"])
        async with EventProbe(ApcvSessionClosed, lambda e: e.practice_id == practice) as probe:
            # No request touches the sessions: both instances' sweeps race to expire them.
            clock.advance(minutes=30)
            await probe.wait_for(len(ids))
            events = await probe.settle(2.0)
        assert sorted(str(event.session_id) for event in events) == sorted(ids)
        assert {event.reason for event in events} == {"expired"}
        some_id = next(iter(ids))
        read = await second.http.get(f"/v1/apcv-sessions/{some_id}", headers=second.headers(practice))
        assert read.json()["status"] == "expired"


async def test_a_replay_after_a_restart_is_still_refused() -> None:
    practice, clock = unique_group("cab"), FrozenClock()
    # The deployment shares the issuer key through configuration, so it survives the restart.
    key_pem = ECKey.generate_key("P-256", private=True).as_pem(private=True).decode()
    async with fresh_database("vitale") as url:
        async with service_on(url, clock, issuer=None, sandbox_issuer_key=key_pem) as before:
            payload = await before.mint(practice, "dartagnan-single")
            assert (await before.open(practice, payload, None)).status_code == 201
        async with service_on(url, clock, issuer=None, sandbox_issuer_key=key_pem) as after:
            replay = await after.open(practice, payload, None)
            assert replay.status_code == 409, replay.text
            assert replay.json()["type"].endswith("/apcv-replayed")
            # The same key verifies fresh payloads: the refusal is the replay, not the key.
            assert (
                await after.open(practice, await after.mint(practice, "dartagnan-single"), None)
            ).status_code == 201


async def test_spent_nonces_are_purged_once_their_payload_cannot_verify() -> None:
    practice, clock = unique_group("cab"), FrozenClock()
    async with fresh_database("vitale") as url, service_on(url, clock, nonce_purge_seconds=0.1) as service:
        assert (
            await service.open(practice, await service.mint(practice, "dartagnan-single"), None)
        ).status_code == 201
        spent = "SELECT count(*) FROM apcv_seen_nonces"
        assert await fetch_value(url, spent) == 1
        clock.advance(minutes=3)  # 2-minute payload + 30 s leeway

        async def purged() -> None:
            assert await fetch_value(url, spent) == 0

        await eventually(purged)


async def test_the_sandbox_routes_answer_404_when_the_sandbox_is_off() -> None:
    async with (
        fresh_database("vitale") as url,
        service_on(url, FrozenClock(), sandbox_enabled=False) as service,
    ):
        headers = service.headers("cab-off")
        minted = await service.http.post(
            "/v1/sandbox/apcv-payloads", json={"patient": "martin-family"}, headers=headers
        )
        assert minted.status_code == 404
        assert (
            await service.http.get("/v1/sandbox/apcv-issuer/jwks.json", headers=headers)
        ).status_code == 404
        openapi = (await service.http.get("/openapi.json")).json()
        assert not [path for path in openapi["paths"] if "sandbox" in path]
