"""Signed webhooks for the scenario (issue 16): a receiver on loopback registered through the gateway
gets every event of the scenario's steps — the tele-expertise lifecycle (requested, accepted, refused,
cancelled, reported) and DMP filings included — each signature verified with the `standardwebhooks`
package and each payload as the OpenAPI document's `webhooks` section describes it; with the receiver
down for a minute, nothing is lost once it is back (the e2e stack compresses the back-off).

`tele-expertise.expired` is not in the scenario: expiry comes 7 days after a request, one setting for
the whole e2e stack; telemed's jobs test and webhook-service's routing test show it announced and
delivered."""

import asyncio
import json
from typing import Any

import httpx
import pytest
from standardwebhooks import Webhook

from dentalink_contracts.values import Role
from gateway.adapters.psc_sandbox import sandbox_professional
from gateway.sandbox_client import SandboxPractice
from servicekit.testing import (
    GATEWAY,
    SANDBOX_MATRICULE,
    SANDBOX_PATIENT,
    SANDBOX_TYPED_TRAITS,
    eventually,
    expect,
    key,
    until,
)
from webhook_service.api.webhooks import payload_model
from webhook_service.domain import WebhookEventType
from webhook_service.testing import Received, Receiver

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]

REQUERANT = "ehpad-dentist"  # as in test_e2e_scenario: RQD is paid to dentists only
# A requis no other e2e test bills with: the caps count per practitioner and patient over the whole
# session (every test uses the sandbox patient), so his TE2 acts are billed whatever ran before, and
# act.billed is seen; the requérant's RQD acts are over the cap by then (act.billing-rejected).
REQUIS = "orthodontist"
OUTAGE_SECONDS = 60.0
NOT_IN_SCENARIO = {WebhookEventType.TELE_EXPERTISE_EXPIRED.value}
EXPECTED = {kind.value for kind in WebhookEventType} - NOT_IN_SCENARIO


class Api:
    """Calls through the gateway as one sandbox professional or another (test_e2e_scenario's Api)."""

    def __init__(self, practice: SandboxPractice) -> None:
        self.practice = practice

    async def get(self, path: str, who: str = "dentist", role: Role | None = None) -> httpx.Response:
        return await self.practice.http.get(path, headers=await self.practice.headers(who, role=role))

    async def post(
        self, path: str, body: Any, who: str = "dentist", role: Role | None = None
    ) -> httpx.Response:
        headers = await self.practice.headers(who, role=role, idempotency_key=key())
        return await self.practice.http.post(path, json=body, headers=headers)


def verified(secret: str, received: list[Received]) -> list[dict[str, Any]]:
    """Each body verified with standardwebhooks and validated against its documented schema."""
    bodies = []
    for one in received:
        body: dict[str, Any] = Webhook(secret).verify(one.body, one.headers)
        payload_model(WebhookEventType(body["type"])).model_validate(body)
        bodies.append(body)
    return bodies


async def qualify_identity(api: Api) -> None:
    identity = expect(await api.post("/v1/identities", SANDBOX_TYPED_TRAITS), 201)
    url = f"/v1/identities/{identity['id']}"
    expect(await api.post(f"{url}/insi-lookups", {"method": "traits"}), 200)
    expect(await api.post(f"{url}/document-checks", {"document": "passport"}), 200)


async def open_and_close_session(api: Api) -> None:
    minted = expect(await api.post("/v1/sandbox/apcv-payloads", {"patient": "dartagnan-single"}), 201)
    body = {"payload": minted["payload"], "beneficiary_nir": SANDBOX_MATRICULE, "reading_mode": "qr"}
    session = expect(await api.post("/v1/apcv-sessions", body), 201)
    expect(await api.post(f"/v1/apcv-sessions/{session['id']}/close", {}), 200)


async def requested_expertise(api: Api, number: int) -> str:
    """A new request's path."""
    requis = sandbox_professional(REQUIS)
    request = {
        "patient": SANDBOX_PATIENT,
        "situation": "ehpad_resident",
        "requis": {"rpps": requis.rpps, "profession": "dentist"},
        "reasons": f"Douleur sous prothèse (webhooks, demande {number}).",
    }
    created = await until(
        lambda: api.post("/v1/tele-expertises", request, REQUERANT),
        lambda r: r.status_code == 201,
        what="telemed to know the qualified patient",
    )
    return f"/v1/tele-expertises/{created.json()['id']}"


async def refused_and_cancelled_expertises(api: Api) -> dict[str, set[str]]:
    """One request the requis refuses, one the requérant cancels once accepted: the webhook types
    each one's id must reach the practice with."""
    refused = await requested_expertise(api, 6)
    expect(await api.post(f"{refused}/refusal", {"reason": "outside_expertise"}, REQUIS), 200)
    cancelled = await requested_expertise(api, 7)
    expect(await api.post(f"{cancelled}/acceptance", {}, REQUIS), 200)
    expect(await api.post(f"{cancelled}/cancellation", {"reason": "Patient transféré."}, REQUERANT), 200)
    return {
        refused.rsplit("/", 1)[1]: {"tele-expertise.requested", "tele-expertise.refused"},
        cancelled.rsplit("/", 1)[1]: {
            "tele-expertise.requested",
            "tele-expertise.accepted",
            "tele-expertise.cancelled",
        },
    }


async def answered_expertise(api: Api, number: int) -> None:
    base = await requested_expertise(api, number)
    expect(await api.post(f"{base}/acceptance", {}, REQUIS), 200)
    report = {"text": f"Retouche à prévoir (avis {number}).", "acts": ["Retouche"], "prescriptions": []}
    expect(await api.post(f"{base}/report", report, REQUIS), 200)


async def test_the_scenario_s_webhooks_arrive_signed_and_survive_a_receiver_outage() -> None:
    receiver = Receiver().start()
    try:
        async with SandboxPractice.open(GATEWAY) as practice:
            api = Api(practice)
            registration = {
                "url": receiver.url,
                "event_types": sorted(kind.value for kind in WebhookEventType),
            }
            endpoint = expect(
                await api.post("/v1/webhook-endpoints", registration, role=Role.PRACTICE_ADMIN), 201
            )
            secret = endpoint["secret"]

            await qualify_identity(api)
            await until(
                lambda: api.get(f"/v1/patients/{SANDBOX_MATRICULE}/documents"),
                lambda r: r.status_code == 200,
                what="the DMP record",
            )
            await open_and_close_session(api)
            expect(
                await api.post(
                    "/v1/care-relationships",
                    {"patient": SANDBOX_PATIENT, "dentist_rpps": sandbox_professional(REQUIS).rpps,
                     "kind": "entry_checkup"},
                    REQUERANT,
                ),
                201,
            )  # fmt: skip
            # Five answered requests: the requérant's fifth RQD in the year is over the cap (rejected).
            for number in range(1, 6):
                await answered_expertise(api, number)
            steps = await refused_and_cancelled_expertises(api)

            def about(expertise_id: str, bodies: list[dict[str, Any]]) -> set[str]:
                return {body["type"] for body in bodies if body["data"].get("expertise_id") == expertise_id}

            def every_type_seen() -> None:
                received = [json.loads(one.body) for one in receiver.received]
                seen = {body["type"] for body in received}
                assert seen >= EXPECTED, sorted(EXPECTED - seen)
                # Deliveries run concurrently: wait for each step of the refused and cancelled files too.
                for expertise_id, types in steps.items():
                    assert about(expertise_id, received) >= types, expertise_id

            await eventually(every_type_seen, timeout=90)
            bodies = verified(secret, receiver.received)
            assert {body["data"]["practice_id"] for body in bodies} == {practice.practice_id}
            assert SANDBOX_MATRICULE not in json.dumps(bodies)
            for expertise_id, types in steps.items():
                assert about(expertise_id, bodies) == types, expertise_id  # nothing more
            filed = [body["data"] for body in bodies if body["type"] == "dmp.document-filed"]
            assert all(one["status"] == "filed" and one["version"] >= 1 for one in filed)

            # The receiver goes down for a minute while the platform keeps producing events.
            before = len(receiver.received)
            receiver.stop()
            await open_and_close_session(api)
            log_url = f"/v1/webhook-endpoints/{endpoint['id']}/deliveries?limit=200"
            await until(
                lambda: api.get(log_url, role=Role.PRACTICE_ADMIN),
                lambda r: any(one["last_error"] == "connection-failed" for one in r.json()["items"]),
                what="failed attempts while the receiver is down",
            )
            await asyncio.sleep(OUTAGE_SECONDS)
            receiver.start()
            log = await until(
                lambda: api.get(log_url, role=Role.PRACTICE_ADMIN),
                lambda r: all(one["status"] == "delivered" for one in r.json()["items"]),
                timeout=60,
                what="every delivery delivered once the receiver is back",
            )
            items = log.json()["items"]
            assert len(items) >= len(EXPECTED) + 2
            received_ids = {one.headers["webhook-id"] for one in receiver.received}
            assert {one["webhook_id"] for one in items} <= received_ids  # nothing lost
            after = verified(secret, receiver.received[before:])
            assert {"apcv-session.opened", "apcv-session.closed"} <= {body["type"] for body in after}
            state = expect(
                await api.get(f"/v1/webhook-endpoints/{endpoint['id']}", role=Role.PRACTICE_ADMIN), 200
            )
            assert state["enabled"] is True
            assert state["failing_since"] is None
    finally:
        receiver.stop()
