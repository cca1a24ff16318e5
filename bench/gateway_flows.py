"""Flows through the gateway that bench/http_paths.py measures end to end: a filed report until billing
has decided its acts, and identities created and brought to QUAL by concurrent clients.
"""

import asyncio
import itertools
import math
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import asyncpg
from cpu_meter import CpuMeter, shares
from gateway_calls import REPORT, REQUERANT, REQUIS, Client, Unexpected, expertise_request
from isolated_platform import SERVICE_DATABASES, Platform, until

from dentalink_contracts.values import Role
from gateway import admin
from gateway.adapters.psc_sandbox import sandbox_professional
from gateway.manage import in_transaction
from gateway.sandbox_client import ADMIN, SandboxPractice
from ins_service.adapters.insi_sandbox_dataset import INTERMITTENT_NAME, SANDBOX_PERSONS

CALLER_LABEL = ADMIN  # the sandbox dentist, who may create and qualify identities
# Identities per second no run comes near: how many practices to prepare (one identity per sandbox
# person per practice, as a practice never holds two identities of one person).
MOST_IDENTITIES_PER_SECOND = 300


# --- report -> billing decision -------------------------------------------------------------------


async def report_to_invoice(platform: Platform, practice: SandboxPractice, samples: int) -> list[float]:
    """Seconds from a report's 200 to both its acts' decisions in billing, one expertise at a time."""
    client = Client(practice)
    billing = await asyncpg.connect(platform.database_url("billing"), timeout=5)
    lags = []
    try:
        for number in range(samples):
            created = await client.post("/v1/tele-expertises", expertise_request(number), REQUERANT, 201)
            base = f"/v1/tele-expertises/{created['id']}"
            await client.post(f"{base}/acceptance", {}, REQUIS, 200)
            await client.post(f"{base}/report", REPORT, REQUIS, 200)
            filed = time.monotonic()
            expertise = uuid.UUID(created["id"])

            async def decided(expertise: uuid.UUID = expertise) -> bool:
                query = "SELECT count(*) FROM tele_expertise_invoices WHERE expertise_id = $1"
                return bool(await billing.fetchval(query, expertise) >= 2)

            if not await until(decided, 60, every=0.005):
                raise RuntimeError(f"no billing decision 60 s after report {number}")
            lags.append(time.monotonic() - filed)
    finally:
        await billing.close()
    return lags


# --- identities to QUAL ---------------------------------------------------------------------------


def qualifiable_persons() -> list[dict[str, str | None]]:
    """The typed traits of the sandbox persons INSi finds (00) and verifies, one per set of traits a
    practice would take for a duplicate."""
    persons: dict[tuple[str, str, str, str], dict[str, str | None]] = {}
    for person in SANDBOX_PERSONS:
        traits = person.traits
        if person.verification_fails or traits.birth_name == INTERMITTENT_NAME:
            continue
        same = (traits.birth_name, traits.first_birth_first_name, traits.birth_date.isoformat(), traits.sex)
        persons.setdefault(
            same,
            {
                "birth_name": traits.birth_name,
                "birth_first_names": traits.birth_first_names,
                "birth_date": traits.birth_date.isoformat(),
                "sex": traits.sex.value,
                "birth_place_code": traits.birth_place_code,
            },
        )
    return list(persons.values())


async def more_practices(platform: Platform, practice: SandboxPractice, count: int) -> list[str]:
    """`count` new practices the client acts for, each with the sandbox dentist on its roster."""
    names = [f"{practice.practice_id}-{uuid.uuid4().hex[:8]}" for _ in range(count)]
    rpps = sandbox_professional(CALLER_LABEL).rpps

    async def register(session: Any) -> None:
        await admin.add_client_practices(session, client_id=practice.client_id, practices=names)
        for name in names:
            await admin.add_member(session, practice_id=name, rpps=rpps, roles=[Role.DENTIST], by="bench")

    url = platform.database_url("gateway").replace("postgresql:", "postgresql+asyncpg:")
    await in_transaction(url, register, migrate=False)
    return names


@dataclass
class Qualified:
    clients: int
    seconds: float
    durations: list[float]  # per identity, its three calls
    not_qual: int
    failures: list[str]
    ran_out: bool
    cpu: dict[str, float]

    @property
    def per_second(self) -> float:
        return len(self.durations) / self.seconds


async def qualify(
    platform: Platform, practice: SandboxPractice, meter: CpuMeter, clients: int, seconds: float
) -> Qualified:
    """`clients` dental softwares each creating an identity and bringing it to QUAL (three calls),
    then the next, for `seconds`: each identity in a practice that holds none of that person yet."""
    persons = qualifiable_persons()
    practices = await more_practices(
        platform, practice, math.ceil(seconds * MOST_IDENTITIES_PER_SECOND / len(persons))
    )
    slots: Iterator[tuple[str, dict[str, str | None]]] = itertools.product(practices, persons)
    durations: list[float] = []
    failures: list[str] = []
    not_qual = 0
    ran_out = False

    async def work(client: Client, deadline: float) -> None:
        nonlocal not_qual, ran_out
        while time.monotonic() < deadline:
            slot = next(slots, None)
            if slot is None:
                ran_out = True
                return
            practice_id, traits = slot
            began = time.monotonic()
            try:
                created = await client.post(
                    "/v1/identities", traits, CALLER_LABEL, 201, practice_id=practice_id
                )
                url = f"/v1/identities/{created['id']}"
                lookup = {"method": "traits"}
                await client.post(f"{url}/insi-lookups", lookup, CALLER_LABEL, 200, practice_id=practice_id)
                check = {"document": "passport"}
                change = await client.post(
                    f"{url}/document-checks", check, CALLER_LABEL, 200, practice_id=practice_id
                )
            except Unexpected as error:
                failures.append(str(error))
                continue
            if change["identity"]["status"] == "QUAL":
                durations.append(time.monotonic() - began)
            else:
                not_qual += 1

    before, started = meter.sample(), time.monotonic()
    deadline = started + seconds
    await asyncio.gather(*(work(Client(practice), deadline) for _ in range(clients)))
    wall = time.monotonic() - started
    return Qualified(
        clients, wall, durations, not_qual, failures, ran_out, shares(before, meter.sample(), wall)
    )


async def drained(platform: Platform) -> bool:
    """Every service's outbox sent: what one phase set in motion does not load the next."""
    for name in SERVICE_DATABASES:
        connection = await asyncpg.connect(platform.database_url(name), timeout=5)
        try:
            if await connection.fetchval("SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL"):
                return False
        finally:
            await connection.close()
    return True
