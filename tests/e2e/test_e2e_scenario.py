"""The whole platform through the gateway alone (issue 8): INS → DMP → apCV → care sheet →
tele-expertise → billing → DMP filing → the yearly cap → the audit trail."""

from typing import Any

import httpx
import pytest

from gateway.adapters.psc_sandbox import sandbox_professional
from gateway.sandbox_client import SandboxPractice
from servicekit.testing import (
    GATEWAY,
    SANDBOX_MATRICULE,
    SANDBOX_PATIENT,
    SANDBOX_TYPED_TRAITS,
    expect,
    key,
    until,
)

pytestmark = pytest.mark.e2e

MATRICULE, PATIENT, TYPED_TRAITS = SANDBOX_MATRICULE, SANDBOX_PATIENT, SANDBOX_TYPED_TRAITS
REQUERANT = "ehpad-dentist"  # a dentist employed by the EHPAD: RQD is paid to dentists only
REQUIS = "dentist-known"  # the dentist who did the residents' entry check-up


class Api:
    """Calls through the gateway as one sandbox professional or another, with fresh tokens each time."""

    def __init__(self, practice: SandboxPractice) -> None:
        self.practice = practice

    async def get(self, path: str, who: str = "dentist") -> httpx.Response:
        return await self.practice.http.get(path, headers=await self.practice.headers(who))

    async def post(self, path: str, body: Any, who: str = "dentist") -> httpx.Response:
        headers = await self.practice.headers(who, idempotency_key=key())
        return await self.practice.http.post(path, json=body, headers=headers)


async def test_the_full_scenario_through_the_gateway() -> None:
    async with SandboxPractice.open(GATEWAY) as practice:
        api = Api(practice)

        # 1. INS: typed traits → INSi lookup (RECUP) → passport checked (QUAL).
        identity = expect(await api.post("/v1/identities", TYPED_TRAITS), 201)
        assert identity["status"] == "PROV"
        identity_url = f"/v1/identities/{identity['id']}"
        expect(await api.post(f"{identity_url}/insi-lookups", {"method": "traits"}), 200)
        recup = expect(await api.get(identity_url), 200)
        assert recup["status"] == "RECUP"
        assert recup["ins"]["matricule"] == MATRICULE
        expect(await api.post(f"{identity_url}/document-checks", {"document": "passport"}), 200)
        qualified = expect(await api.get(identity_url), 200)
        assert qualified["status"] == "QUAL"
        assert qualified["may_reference_health_data"] is True

        # 2. The DMP record exists once IdentityQualified has crossed Kafka.
        documents_url = f"/v1/patients/{MATRICULE}/documents"
        await until(lambda: api.get(documents_url), lambda r: r.status_code == 200, what="the DMP record")

        # 3. e-carte Vitale: a sandbox app payload opens the 30-minute session.
        minted = expect(await api.post("/v1/sandbox/apcv-payloads", {"patient": "dartagnan-single"}), 201)
        session = expect(
            await api.post(
                "/v1/apcv-sessions",
                {"payload": minted["payload"], "beneficiary_nir": MATRICULE, "reading_mode": "qr"},
            ),
            201,
        )
        assert session["status"] == "open"

        # 4. A care sheet inside the window (billing learns of the session from Kafka).
        await until(
            lambda: api.post("/v1/care-sheets", {"session_id": session["id"], "lines": [{"act_code": "C"}]}),
            lambda r: r.status_code == 201,
            what="a care sheet in the open session",
        )

        # 5. Tele-expertise for an EHPAD resident, to the dentist who knows her.
        requis = sandbox_professional(REQUIS)
        expect(
            await api.post(
                "/v1/care-relationships",
                {"patient": PATIENT, "dentist_rpps": requis.rpps, "kind": "entry_checkup"},
                REQUERANT,
            ),
            201,
        )

        async def one_expertise(number: int) -> str:
            request = {
                "patient": PATIENT,
                "situation": "ehpad_resident",
                "requis": {"rpps": requis.rpps, "profession": "dentist"},
                "reasons": f"Douleur sous prothèse, résidente d'EHPAD (demande {number}).",
            }
            created = await until(
                lambda: api.post("/v1/tele-expertises", request, REQUERANT),
                lambda r: r.status_code == 201,
                what="telemed to know the qualified patient",
            )
            base = f"/v1/tele-expertises/{created.json()['id']}"
            expect(await api.post(f"{base}/acceptance", {}, REQUIS), 200)
            expect(
                await api.post(
                    f"{base}/report",
                    {
                        "text": f"Blessure muqueuse par la prothèse : retouche à prévoir (avis {number}).",
                        "acts": ["Retouche de prothèse amovible"],
                        "prescriptions": [],
                    },
                    REQUIS,
                ),
                200,
            )
            return base

        first = await one_expertise(1)
        expertise = expect(await api.get(first, REQUERANT), 200)
        assert expertise["status"] == "answered"
        assert sorted(act["code"] for act in expertise["acts"]) == ["RQD", "TE2"]

        # 6. Billing: RQD 10.00 € and TE2 20.00 €, and telemed shows them billed.
        invoices = await until(
            lambda: api.get("/v1/invoices"),
            lambda r: r.status_code == 200 and len(r.json()["items"]) >= 2,
            what="two invoice lines",
        )
        amounts = {line["act_code"]: (line["status"], line["amount"]) for line in invoices.json()["items"]}
        assert amounts == {"RQD": ("billed", "10.00"), "TE2": ("billed", "20.00")}
        await until(
            lambda: api.get(first, REQUERANT),
            lambda r: all(act["billing"]["status"] == "billed" for act in r.json()["acts"]),
            what="telemed to show both acts billed",
        )

        # 7. The report is filed in the patient's DMP, once.
        filed = await until(
            lambda: api.get(documents_url),
            lambda r: (
                r.status_code == 200 and any(doc["source"] == "tele_expertise" for doc in r.json()["items"])
            ),
            what="the report in the DMP",
        )
        assert sum(doc["source"] == "tele_expertise" for doc in filed.json()["items"]) == 1

        # 8. Four more in the same year: the 5th requérant act is over the cap.
        for number in range(2, 6):
            await one_expertise(number)
        lines = await until(
            lambda: api.get("/v1/invoices?limit=50"),
            lambda r: len(r.json()["items"]) >= 10,
            what="ten billing decisions",
        )
        requerant_lines = [line for line in lines.json()["items"] if line["act_code"] == "RQD"]
        assert sorted(line["status"] for line in requerant_lines) == ["billed"] * 4 + ["rejected"]
        rejected = next(line for line in requerant_lines if line["status"] == "rejected")
        assert rejected["rejection_reason"] == "yearly_cap_reached"
        assert rejected["amount"] is None

        # 9. The audit trail shows who touched this patient's data, and how.
        audit = expect(await api.get("/v1/audit-events?limit=200", "auditor"), 200)
        operations = {event["operation"] for event in audit["items"]}
        for wanted in (
            "POST /v1/identities",
            "POST /v1/apcv-sessions",
            "POST /v1/care-sheets",
            "POST /v1/tele-expertises",
            "GET /v1/patients/{ins}/documents",
        ):
            assert any(operation.startswith(wanted) for operation in operations), (wanted, sorted(operations))
        assert {event["practice_id"] for event in audit["items"]} == {practice.practice_id}
        assert any(event["patient_ins"] == MATRICULE for event in audit["items"])
