"""ins-service against the real PostgreSQL and Kafka: one app for the session, a practice per test."""

from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from dentalink_contracts.values import Role
from ins_service.main import build
from ins_service.settings import Settings
from servicekit.testing import GatewayKeys, caller, fresh_database, running, unique_group

KEYS = GatewayKeys.generate()
RPPS = "10001234567"


@dataclass
class Practice:
    """One test's practice: headers for its professionals and shortcuts to the API."""

    http: httpx.AsyncClient
    practice_id: str

    def headers(self, role: Role = Role.DENTIST, rpps: str = RPPS) -> dict[str, str]:
        return KEYS.headers(caller(practice_id=self.practice_id, role=role, rpps=rpps))

    async def create(self, expected: int = 201, **fields: Any) -> dict[str, Any]:
        response = await self.http.post("/v1/identities", json=fields, headers=self.headers())
        assert response.status_code == expected, response.text
        body: dict[str, Any] = response.json()
        return body

    async def post(self, path: str, body: Any = None, expected: int = 200) -> dict[str, Any]:
        response = await self.http.post(path, json=body, headers=self.headers())
        assert response.status_code == expected, response.text
        result: dict[str, Any] = response.json()
        return result

    async def get(self, path: str, **params: Any) -> dict[str, Any]:
        response = await self.http.get(path, params=params, headers=self.headers())
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        return result


# Per module: an ins app left running would qualify identities from later suites' apCV events.
@pytest.fixture(scope="module")
async def ins_database_url():
    async with fresh_database("ins") as url:
        yield url


@pytest.fixture(scope="module")
async def ins_http(ins_database_url: str):
    settings = Settings(
        database_url=ins_database_url,
        internal_token_public_key=KEYS.public_pem,
        consumer_group_suffix="-" + unique_group("t"),
        consumer_start_new_group_at_end=True,
        outbox_safety_poll_seconds=0.5,
        insi_timeout_seconds=0.3,
        insi_max_attempts=2,
        insi_retry_base_seconds=0.01,
        consumer_retry_base_seconds=0.05,
    )
    async with running(build(settings)) as http:
        yield http


@pytest.fixture
def practice(ins_http: httpx.AsyncClient) -> Practice:
    return Practice(ins_http, unique_group("cab"))
