"""TeleExpertiseStatusChanged on real PostgreSQL and Kafka: one event per transition, through the outbox,
keyed by the file, naming the practices that take part and nothing about the patient."""

import uuid
from datetime import datetime

import pytest

from dentalink_contracts.events.telemed import TeleExpertiseStatus, TeleExpertiseStatusChanged
from servicekit.testing import EventProbe
from telemed_service.domain import ExpertiseStatus, status_event_id
from telemed_service.testing import REPORT, Parties, Service, new_parties, open_request

pytestmark = pytest.mark.integration

REQUESTED, ACCEPTED, ANSWERED = (
    TeleExpertiseStatus.REQUESTED,
    TeleExpertiseStatus.ACCEPTED,
    TeleExpertiseStatus.ANSWERED,
)


def of(parties: Parties) -> EventProbe:
    return EventProbe(TeleExpertiseStatusChanged, lambda e: e.requerant_practice_id == parties.practice)


def transitions(
    probe: EventProbe,
) -> list[tuple[TeleExpertiseStatus | None, TeleExpertiseStatus, str | None]]:
    return [(e.previous_status, e.new_status, e.requis_practice_id) for e in probe.seen]


def assert_keyed_and_identified(probe: EventProbe, expertise_id: str) -> None:
    """Each event is keyed by the file (its transitions stay ordered) and its id derives from the status
    reached (a consumer dedups a re-emission); no patient data travels."""
    for event, envelope in zip(probe.seen, probe.envelopes, strict=True):
        assert envelope.key == expertise_id
        assert envelope.id == status_event_id(
            uuid.UUID(expertise_id), ExpertiseStatus(event.new_status.value)
        )
        assert set(envelope.data) == {
            "expertise_id",
            "previous_status",
            "new_status",
            "requerant_practice_id",
            "requis_practice_id",
            "changed_at",
        }


async def test_request_accept_report_each_announce_their_status_once(service: Service) -> None:
    parties = await new_parties(service)
    async with of(parties) as probe:
        expertise = await open_request(service, parties)
        path = f"/v1/tele-expertises/{expertise['id']}"
        await probe.wait_for(1)
        for _ in range(2):  # a retried acceptance changes nothing: announced once
            accepted = await service.http.post(f"{path}/acceptance", headers=parties.requis)
            assert accepted.status_code == 200, accepted.text
        reported = await service.http.post(f"{path}/report", json=REPORT, headers=parties.requis)
        assert reported.status_code == 200, reported.text
        await probe.wait_for(3)
        await probe.settle()

    requis = parties.requis_practice
    assert transitions(probe) == [
        (None, REQUESTED, None),
        (REQUESTED, ACCEPTED, requis),
        (ACCEPTED, ANSWERED, requis),
    ]
    assert {str(event.expertise_id) for event in probe.seen} == {expertise["id"]}
    assert probe.seen[-1].changed_at == datetime.fromisoformat(reported.json()["closed_at"])
    assert_keyed_and_identified(probe, expertise["id"])
    assert parties.ins.matricule not in str([envelope.data for envelope in probe.envelopes])


async def test_a_refusal_names_the_practice_the_requis_refused_from(service: Service) -> None:
    parties = await new_parties(service)
    async with of(parties) as probe:
        expertise = await open_request(service, parties)
        refused = await service.http.post(
            f"/v1/tele-expertises/{expertise['id']}/refusal",
            json={"reason": "outside_expertise", "detail": "Relève de la chirurgie orale."},
            headers=parties.requis,
        )
        assert refused.status_code == 200, refused.text
        await probe.wait_for(2)
        await probe.settle()

    assert transitions(probe) == [
        (None, REQUESTED, None),
        (REQUESTED, TeleExpertiseStatus.REFUSED, parties.requis_practice),
    ]
    assert_keyed_and_identified(probe, expertise["id"])
    assert "chirurgie" not in str([envelope.data for envelope in probe.envelopes])
    # Announced, not recorded: the refusal does not open the file to the requis's practice.
    assert refused.json()["requis"]["practice_id"] is None


async def test_a_cancellation_before_acceptance_names_the_requerant_s_practice_only(service: Service) -> None:
    parties = await new_parties(service)
    async with of(parties) as probe:
        expertise = await open_request(service, parties)
        cancelled = await service.http.post(
            f"/v1/tele-expertises/{expertise['id']}/cancellation",
            json={"reason": "Patient hospitalisé."},
            headers=parties.requerant,
        )
        assert cancelled.status_code == 200, cancelled.text
        await probe.wait_for(2)
        await probe.settle()

    assert transitions(probe) == [(None, REQUESTED, None), (REQUESTED, TeleExpertiseStatus.CANCELLED, None)]
    assert_keyed_and_identified(probe, expertise["id"])
