"""Helpers of telemed-service's integration tests (real PostgreSQL and Kafka).

Each test uses its own practice ids and random INS, so tests (and other runs on the same broker)
never see each other's data; qualification is per practice, so another run cannot qualify ours.
"""

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import asyncpg
import httpx
from fastapi import FastAPI

from dentalink_contracts.events.ins import IdentityQualified, IdentityStatus, IdentityStatusChanged, InsTraits
from dentalink_contracts.values import Ins, InsOid, Profession, Role, patient_key
from servicekit.settings import DEV_PSEUDONYM_SECRET
from servicekit.testing import (
    GatewayKeys,
    MovableClock,
    caller,
    database_connection,
    eventually,
    send_event,
    unique_group,
)
from telemed_service.settings import Settings

KEYS = GatewayKeys.generate()
REQUIS_RPPS_SPECIALIST = "10003456789"
EHPAD_FINESS = "750712184"


@dataclass
class Service:
    http: httpx.AsyncClient
    url: str
    app: FastAPI
    clock: MovableClock


def settings_for(url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": url,
        "internal_token_public_key": KEYS.public_pem,
        "consumer_group_suffix": "-" + unique_group("t"),
        "consumer_start_new_group_at_end": True,
        "outbox_safety_poll_seconds": 0.5,
        "consumer_retry_base_seconds": 0.05,
        # Jobs are driven explicitly by the tests that need them.
        "expiry_interval_seconds": 3600,
        "publication_watch_interval_seconds": 3600,
    }
    values.update(overrides)
    return Settings(**values)


def random_ins() -> Ins:
    """A fresh, well-formed test INS (NIR key = 97 - N mod 97) on the TEST OID."""
    body = (
        random.choice("12")
        + f"{random.randint(0, 99):02d}"
        + f"{random.randint(1, 12):02d}"
        + f"{random.choice([d for d in range(1, 96) if d != 20]):02d}"
        + f"{random.randint(1, 999):03d}"
        + f"{random.randint(1, 999):03d}"
    )
    key = 97 - int(body) % 97
    return Ins(matricule=f"{body}{key:02d}", oid=InsOid.NIR_TEST)


def key_of(ins: Ins) -> str:
    return patient_key(ins.matricule, DEV_PSEUDONYM_SECRET.encode())


def practice() -> str:
    return unique_group("cab")


def headers(
    practice_id: str,
    rpps: str,
    *,
    role: Role = Role.DENTIST,
    profession: Profession = Profession.DENTIST,
    specialty: str | None = None,
    finess: str | None = None,
) -> dict[str, str]:
    return KEYS.headers(
        caller(
            practice_id=practice_id,
            rpps=rpps,
            role=role,
            profession=profession,
            specialty=specialty,
            finess=finess,
        )
    )


def random_rpps() -> str:
    return f"1{random.randint(0, 10**10 - 1):010d}"


async def fetch(url: str, query: str, *args: object) -> list[asyncpg.Record]:
    async with database_connection(url) as connection:
        return list(await connection.fetch(query, *args))


async def execute(url: str, query: str, *args: object) -> str:
    async with database_connection(url) as connection:
        return str(await connection.execute(query, *args))


async def wait_for_status(url: str, identity_id: uuid.UUID, status: str) -> None:
    async def projected() -> None:
        rows = await fetch(url, "SELECT status FROM identity_statuses WHERE identity_id = $1", identity_id)
        assert rows and rows[0]["status"] == status, rows

    await eventually(projected, timeout=30)


async def qualify(service: Service, practice_id: str, ins: Ins) -> uuid.UUID:
    """ins-service says: this practice qualified this INS. Returns the identity id once projected."""
    identity_id = uuid.uuid4()
    event = IdentityQualified(
        identity_id=identity_id,
        practice_id=practice_id,
        patient_key=key_of(ins),
        ins=ins,
        traits=InsTraits(
            birth_name="TEST",
            birth_first_names="PATIENT",
            first_birth_first_name="PATIENT",
            birth_date=datetime(1980, 1, 1).date(),
            sex="F",
        ),
        collection_method="IDENTITY_DOCUMENT",
        qualified_at=datetime.now(UTC),
    )
    await send_event(event, key=key_of(ins))
    await wait_for_status(service.url, identity_id, IdentityStatus.QUAL.value)
    return identity_id


async def downgrade(service: Service, identity_id: uuid.UUID, practice_id: str, ins: Ins) -> None:
    event = IdentityStatusChanged(
        identity_id=identity_id,
        practice_id=practice_id,
        patient_key=key_of(ins),
        ins=ins,
        previous_status=IdentityStatus.QUAL,
        new_status=IdentityStatus.VALI,
        reason="INSi verification failed",
        changed_at=datetime.now(UTC),
    )
    await send_event(event, key=key_of(ins))
    await wait_for_status(service.url, identity_id, IdentityStatus.VALI.value)


@dataclass
class Parties:
    """A requérant dentist in one practice, a specialist requis in another, and their qualified patient."""

    practice: str
    rpps: str
    requis_practice: str
    requis_rpps: str
    ins: Ins
    identity_id: uuid.UUID

    @property
    def requerant(self) -> dict[str, str]:
        return headers(self.practice, self.rpps)

    @property
    def requis(self) -> dict[str, str]:
        return headers(
            self.requis_practice, self.requis_rpps, role=Role.SPECIALIST, specialty="oral_medicine"
        )

    def request_body(self, **overrides: Any) -> dict[str, Any]:
        body: dict[str, Any] = {
            "patient": self.ins.model_dump(mode="json"),
            "situation": "suspected_oral_cancer",
            "requis": {"rpps": self.requis_rpps, "profession": "dentist", "specialty": "oral_medicine"},
            "reasons": "Ulcération linguale indurée persistant depuis 3 semaines.",
        }
        body.update(overrides)
        return body


async def new_parties(service: Service) -> Parties:
    practice_id, ins = practice(), random_ins()
    identity_id = await qualify(service, practice_id, ins)
    return Parties(practice_id, random_rpps(), practice(), random_rpps(), ins, identity_id)


async def open_request(service: Service, parties: Parties, **overrides: Any) -> dict[str, Any]:
    response = await service.http.post(
        "/v1/tele-expertises", json=parties.request_body(**overrides), headers=parties.requerant
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


REPORT = {
    "text": "Lésion suspecte : biopsie à programmer sous 15 jours.",
    "acts": ["Biopsie de la langue (HAQA001)"],
    "prescriptions": ["Bain de bouche sans alcool, 3 fois par jour, 10 jours"],
}


async def answered(service: Service, parties: Parties) -> dict[str, Any]:
    expertise = await open_request(service, parties)
    path = f"/v1/tele-expertises/{expertise['id']}"
    accepted = await service.http.post(f"{path}/acceptance", headers=parties.requis)
    assert accepted.status_code == 200, accepted.text
    reported = await service.http.post(f"{path}/report", json=REPORT, headers=parties.requis)
    assert reported.status_code == 200, reported.text
    body: dict[str, Any] = reported.json()
    return body
