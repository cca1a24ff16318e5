"""Background jobs with two instances on one database: expiry after the delay, traced publication failures."""

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from dentalink_contracts.events.telemed import ActRecorded, TeleExpertiseStatus, TeleExpertiseStatusChanged
from servicekit.testing import EventProbe, MovableClock, eventually, fresh_database, running, unique_group
from telemed_service.main import build
from telemed_service.testing import Service, answered, execute, new_parties, open_request, settings_for
from telemed_service.workflows import trace_publication_failures

pytestmark = pytest.mark.integration


@pytest.fixture
async def two_instances() -> AsyncIterator[tuple[Service, Service]]:
    """Two instances of the service on one database, sweeping for expired requests every 0.2 s."""
    async with fresh_database("telemed_jobs") as url:
        clock = MovableClock()
        suffix = "-" + unique_group("t")
        apps = [
            build(settings_for(url, consumer_group_suffix=suffix, expiry_interval_seconds=0.2), clock=clock)
            for _ in range(2)
        ]
        async with running(apps[0]) as first, running(apps[1]) as second:
            yield Service(first, url, apps[0], clock), Service(second, url, apps[1], clock)


async def test_unanswered_requests_expire_once_after_the_delay(
    two_instances: tuple[Service, Service],
) -> None:
    service, other = two_instances
    parties = await new_parties(service)
    requested = await open_request(service, parties)
    accepted = await open_request(service, parties)
    await other.http.post(f"/v1/tele-expertises/{accepted['id']}/acceptance", headers=parties.requis)
    done = await answered(service, parties)
    ids = [requested["id"], accepted["id"], done["id"]]

    # Both sweepers run meanwhile: nothing is due before the 7-day deadline.
    await asyncio.sleep(0.5)
    before = [
        (await service.http.get(f"/v1/tele-expertises/{i}", headers=parties.requerant)).json() for i in ids
    ]
    assert [body["status"] for body in before] == ["requested", "accepted", "answered"]

    def expiry(event: TeleExpertiseStatusChanged) -> bool:
        return (
            event.requerant_practice_id == parties.practice
            and event.new_status is TeleExpertiseStatus.EXPIRED
        )

    async with EventProbe(TeleExpertiseStatusChanged, expiry) as expiries_announced:
        service.clock.offset = timedelta(days=7, minutes=1)

        async def expired() -> None:
            for expertise_id in ids[:2]:
                body = (
                    await other.http.get(f"/v1/tele-expertises/{expertise_id}", headers=parties.requerant)
                ).json()
                assert body["status"] == "expired"

        await eventually(expired)
        await asyncio.sleep(0.5)  # let both sweepers run again: nothing more may happen
        await expiries_announced.wait_for(2)
        await expiries_announced.settle()
    # Each expiry announced once, by whichever sweeper expired it, naming the requis's practice once known.
    announced = sorted(
        ((str(e.expertise_id), e.previous_status, e.requis_practice_id) for e in expiries_announced.seen),
        key=lambda one: ids.index(one[0]),
    )
    assert announced == [
        (ids[0], TeleExpertiseStatus.REQUESTED, None),
        (ids[1], TeleExpertiseStatus.ACCEPTED, parties.requis_practice),
    ]
    for expertise_id in ids[:2]:
        trace = (
            await service.http.get(f"/v1/tele-expertises/{expertise_id}/trace", headers=parties.requis)
        ).json()
        expiries = [entry for entry in trace["entries"] if entry["action"] == "expire"]
        assert len(expiries) == 1
        assert (expiries[0]["actor_role"], expiries[0]["actor_rpps"]) == ("system", None)
        assert "deadline" in expiries[0]["details"]
    answered_trace = (
        await service.http.get(f"/v1/tele-expertises/{ids[2]}/trace", headers=parties.requis)
    ).json()
    assert answered_trace["status"] == "answered"
    assert "expire" not in [entry["action"] for entry in answered_trace["entries"]]

    late = await service.http.post(f"/v1/tele-expertises/{ids[0]}/acceptance", headers=parties.requis)
    assert late.status_code == 409


async def test_a_failing_act_publication_is_traced_once_as_an_incident(service: Service) -> None:
    parties = await new_parties(service)
    expertise = await open_request(service, parties)
    # The relay's view of an event Kafka kept refusing: unsent, leased, with its last error, 10 minutes old.
    await execute(
        service.url,
        "INSERT INTO outbox_messages (id, topic, message_key, event_type, payload, created_at, lease_until,"
        " attempts, last_error) VALUES ($1, $2, $3, $4, $5::jsonb, now() - interval '10 minutes',"
        " now() + interval '1 hour', 7, 'KafkaConnectionError')",
        uuid.uuid4(),
        ActRecorded.topic,
        "pk_" + "0" * 32,
        ActRecorded.event_type,
        json.dumps(
            {"source": "/dentalink/tests", "data": {"expertise_id": expertise["id"], "act_code": "TE2"}}
        ),
    )
    context = service.context
    recorded = await asyncio.gather(trace_publication_failures(context), trace_publication_failures(context))
    assert sum(recorded) == 1
    assert await trace_publication_failures(context) == 0

    trace = (
        await service.http.get(f"/v1/tele-expertises/{expertise['id']}/trace", headers=parties.requerant)
    ).json()
    [incident] = [entry for entry in trace["entries"] if entry["action"] == "record_incident"]
    assert (incident["actor_role"], incident["actor_rpps"]) == ("system", None)
    assert "KafkaConnectionError" in incident["details"]
    assert trace["status"] == "requested"
