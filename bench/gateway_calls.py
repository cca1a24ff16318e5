"""A dental software's calls through the gateway, for the benches: a client that retries a 503 after
its Retry-After and counts what it saw, one tele-expertise from request to report, and a sandbox
practice whose patient is qualified and known to telemed.
"""

import asyncio
import contextlib
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx
from isolated_platform import Platform, until

from gateway.adapters.psc_sandbox import sandbox_professional
from gateway.sandbox_client import SandboxPractice
from servicekit.testing import SANDBOX_PATIENT, SANDBOX_TYPED_TRAITS

# The sandbox patient, and the scenario's two dentists (tests/e2e/test_e2e_scenario.py).
PATIENT, TRAITS = SANDBOX_PATIENT, SANDBOX_TYPED_TRAITS
REQUERANT, REQUIS = "ehpad-dentist", "dentist-known"
CALL_DEADLINE = 120.0


@dataclass
class Seen:
    """The answers of one phase, by kind: `2xx`, `503` (a problem with Retry-After), `refused`
    (no connection to the gateway) and anything else by status and problem type."""

    answers: Counter[str] = field(default_factory=Counter)

    def record(self, kind: str) -> None:
        self.answers[kind] += 1


class Unexpected(Exception):
    """An answer a client must never get, whatever the fault."""


def kind_of(answer: httpx.Response) -> str:
    if answer.is_success:
        return "2xx"
    problem = "problem+json" in answer.headers.get("content-type", "")
    kind = answer.json().get("type", "").rsplit("/", 1)[-1] if problem else "not-a-problem"
    retry_after = answer.headers.get("retry-after", "")
    if answer.status_code == 503 and problem and retry_after.isdigit():
        return "503"
    return f"{answer.status_code} {kind}{'' if retry_after else ' (no Retry-After)'}"


class Client:
    """A dental software's calls through the gateway: a POST carries one Idempotency-Key across its
    retries; a 503 or a refused connection is retried after Retry-After (or half a second)."""

    def __init__(self, practice: SandboxPractice) -> None:
        self.practice = practice
        self.seen = Seen()

    async def post(
        self, path: str, body: Any, who: str, wanted: int, *, practice_id: str | None = None
    ) -> Any:
        """The answer's body; `practice_id` acts for another practice of the client than its first."""
        key = str(uuid.uuid4())
        deadline = time.monotonic() + CALL_DEADLINE
        while True:
            try:
                headers = await self.practice.headers(who, idempotency_key=key)
                if practice_id is not None:
                    headers["X-Practice-Id"] = practice_id
                answer = await self.practice.http.post(path, json=body, headers=headers)
            except httpx.HTTPStatusError as error:  # the token calls raise for status
                answer = error.response
            except httpx.TransportError as error:
                # No answer: refused (no connection) or dropped (the connection broke), by its kind.
                connected = not isinstance(error, httpx.ConnectError)
                self.seen.record(f"dropped:{type(error).__name__}" if connected else "refused")
                if time.monotonic() > deadline:
                    raise Unexpected(f"POST {path}: no connection for {CALL_DEADLINE} s") from None
                await asyncio.sleep(0.5)
                continue
            kind = kind_of(answer)
            self.seen.record(kind)
            if kind == "2xx" and answer.status_code == wanted:
                return answer.json()
            if kind != "503" or time.monotonic() > deadline:
                raise Unexpected(f"POST {path}: {kind}")
            await asyncio.sleep(min(float(answer.headers["retry-after"]), 5.0))


REPORT = {
    "text": "Blessure muqueuse par la prothèse : retouche à prévoir.",
    "acts": ["Retouche de prothèse amovible"],
    "prescriptions": [],
}


def expertise_request(number: int) -> dict[str, Any]:
    """The requérant's request for the sandbox patient, to the requis."""
    return {
        "patient": PATIENT,
        "situation": "ehpad_resident",
        "requis": {"rpps": sandbox_professional(REQUIS).rpps, "profession": "dentist"},
        "reasons": f"Douleur sous prothèse, résidente d'EHPAD (demande {number}).",
    }


async def one_expertise(client: Client, number: int) -> None:
    """Request, accept and answer one tele-expertise: two acts (RQD, TE2) to bill."""
    created = await client.post("/v1/tele-expertises", expertise_request(number), REQUERANT, 201)
    base = f"/v1/tele-expertises/{created['id']}"
    await client.post(f"{base}/acceptance", {}, REQUIS, 200)
    await client.post(f"{base}/report", REPORT, REQUIS, 200)


@contextlib.asynccontextmanager
async def prepared_practice(
    platform: Platform, *, rate_limit: str = "100000/minute"
) -> AsyncIterator[SandboxPractice]:
    """A practice whose patient is qualified (QUAL) and known to telemed, with its care relationship."""
    async with SandboxPractice.open(
        platform.gateway_url(),
        database_url=platform.database_url("gateway").replace("postgresql:", "postgresql+asyncpg:"),
        rate_limit=rate_limit,
    ) as practice:
        setup = Client(practice)
        identity = await setup.post("/v1/identities", TRAITS, "dentist", 201)
        url = f"/v1/identities/{identity['id']}"
        await setup.post(f"{url}/insi-lookups", {"method": "traits"}, "dentist", 200)
        await setup.post(f"{url}/document-checks", {"document": "passport"}, "dentist", 200)
        relationship = {
            "patient": PATIENT,
            "dentist_rpps": sandbox_professional(REQUIS).rpps,
            "kind": "entry_checkup",
        }
        await setup.post("/v1/care-relationships", relationship, REQUERANT, 201)

        async def telemed_knows_the_patient() -> bool:
            await one_expertise(setup, 0)
            return True

        if not await until(telemed_knows_the_patient, 60, every=0.5):
            raise RuntimeError("telemed never learnt of the qualified patient")
        yield practice
