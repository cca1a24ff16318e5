"""The tele-expertise lifecycle (the report included) and DMP filings on real Kafka and PostgreSQL:
each webhook reaches the subscribed endpoints of the practices the event names (both parties of a
tele-expertise once the requis acted), and no other practice."""

import json
import uuid
from datetime import UTC, datetime

import pytest
from standardwebhooks import Webhook

from dentalink_contracts.events import DocumentFiled, TeleExpertiseStatus, TeleExpertiseStatusChanged
from servicekit.testing import eventually, send_event
from webhook_service.testing import Receiver, Service

pytestmark = pytest.mark.integration
KEY = "pk_" + "0" * 32
LIFECYCLE = [
    "tele-expertise.requested",
    "tele-expertise.accepted",
    "tele-expertise.refused",
    "tele-expertise.cancelled",
    "tele-expertise.expired",
]


def changed(
    expertise: uuid.UUID,
    previous: TeleExpertiseStatus | None,
    status: TeleExpertiseStatus,
    requerant: str,
    requis: str | None,
) -> TeleExpertiseStatusChanged:
    return TeleExpertiseStatusChanged(
        expertise_id=expertise,
        previous_status=previous,
        new_status=status,
        requerant_practice_id=requerant,
        requis_practice_id=requis,
        changed_at=datetime.now(UTC),
    )


async def test_lifecycle_webhooks_reach_both_parties_practices_and_filings_the_filer_s(
    service: Service, practice: str, receiver: Receiver
) -> None:
    requis_practice, bystander = practice + "-requis", practice + "-other"
    types = [*LIFECYCLE, "tele-expertise.reported", "dmp.document-filed"]
    requerant_endpoint = await service.register(practice, receiver.url, types)
    requis_endpoint = await service.register(requis_practice, receiver.url, types)
    bystander_endpoint = await service.register(bystander, receiver.url, types)
    expertise = uuid.uuid4()
    key = str(expertise)  # as telemed keys them: one file's transitions in order
    await send_event(changed(expertise, None, TeleExpertiseStatus.REQUESTED, practice, None), key=key)
    await send_event(
        changed(
            expertise, TeleExpertiseStatus.REQUESTED, TeleExpertiseStatus.ACCEPTED, practice, requis_practice
        ),
        key=key,
    )
    await send_event(
        changed(
            expertise, TeleExpertiseStatus.ACCEPTED, TeleExpertiseStatus.EXPIRED, practice, requis_practice
        ),
        key=key,
    )
    answered = uuid.uuid4()
    await send_event(
        changed(
            answered, TeleExpertiseStatus.ACCEPTED, TeleExpertiseStatus.ANSWERED, practice, requis_practice
        ),
        key=str(answered),
    )
    filed = DocumentFiled(
        document_id=uuid.uuid4(),
        version_id=uuid.uuid4(),
        version=1,
        practice_id=requis_practice,
        patient_key=KEY,
        identity_id=None,
        filed_at=datetime.now(UTC),
    )
    await send_event(filed, key=KEY)

    async def all_received() -> None:
        assert len(receiver.received) == 8

    await eventually(all_received)
    secrets = {practice: requerant_endpoint["secret"], requis_practice: requis_endpoint["secret"]}
    seen = []
    for one in receiver.received:
        practice_id = json.loads(one.body)["data"]["practice_id"]
        body = Webhook(secrets[practice_id]).verify(one.body, one.headers)
        seen.append((body["type"], practice_id, body["data"].get("status")))
    assert sorted(seen) == sorted(
        [
            ("tele-expertise.requested", practice, "requested"),
            ("tele-expertise.accepted", practice, "accepted"),
            ("tele-expertise.accepted", requis_practice, "accepted"),
            ("tele-expertise.expired", practice, "expired"),
            ("tele-expertise.expired", requis_practice, "expired"),
            ("tele-expertise.reported", practice, "answered"),
            ("tele-expertise.reported", requis_practice, "answered"),
            ("dmp.document-filed", requis_practice, "filed"),
        ]
    )
    # The requis's practice is told of the request only once he acted from it; a bystander never.
    assert await service.deliveries(bystander, bystander_endpoint["id"]) == []
    assert len(await service.deliveries(requis_practice, requis_endpoint["id"])) == 4
