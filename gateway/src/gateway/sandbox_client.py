"""A sandbox practice on a running gateway, for end-to-end tests and integrators' first steps.

    async with SandboxPractice.open("http://127.0.0.1:8000") as practice:
        headers = await practice.headers("dentist")
        response = await practice.http.post("/v1/identities", json=..., headers=headers)

`open` registers a client (directly in the gateway's database, as `python -m gateway.manage
register-client` does) for a new practice, seeds its first admin (the sandbox `dentist`, who is
also practice admin), gets an OAuth2 token, then puts every other sandbox professional on the
roster with their usual role through the API (`POST /v1/practices/{id}/members`).
`headers(label)` gives what a call needs: Authorization, X-Pro-Sante-Connect-Token, X-Practice-Id.
"""

import time
import uuid
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from dentalink_contracts.values import Role
from gateway.adapters.psc import PSC_HEADER
from gateway.adapters.psc_sandbox import SANDBOX_PROFESSIONALS, sandbox_professional
from gateway.domain.calls import ACTING_ROLE_HEADER, PRACTICE_HEADER
from gateway.manage import in_transaction
from gateway.settings import Settings

ADMIN = "dentist"


def default_roster() -> dict[str, list[Role]]:
    """Every sandbox professional with its usual role; the `dentist` also administers the practice."""
    roster = {p.label: [p.usual_role] for p in SANDBOX_PROFESSIONALS}
    roster[ADMIN] = [Role.DENTIST, Role.PRACTICE_ADMIN]
    return roster


@dataclass
class SandboxPractice:
    http: httpx.AsyncClient
    practice_id: str
    client_id: str
    client_secret: str
    _token: str = ""
    _token_expires: float = 0.0
    _psc: dict[str, tuple[str, float]] = field(default_factory=dict)

    @classmethod
    @asynccontextmanager
    async def open(
        cls,
        base_url: str = "http://127.0.0.1:8000",
        *,
        practice_id: str | None = None,
        other_practices: Sequence[str] = (),
        roster: Mapping[str, Sequence[Role]] | None = None,
        scopes: str = "*",
        rate_limit: str | None = None,
        database_url: str | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> AsyncIterator["SandboxPractice"]:
        from gateway import admin

        practice = practice_id or f"cab-{uuid.uuid4().hex[:10]}"
        client_id = f"vendor-{uuid.uuid4().hex[:10]}"
        members = dict(roster if roster is not None else default_roster())
        admin_roles = members.pop(ADMIN, [Role.DENTIST, Role.PRACTICE_ADMIN])
        url = database_url or Settings().resolved_database_url()

        async def register(session: AsyncSession) -> str:
            secret: str = await admin.register_client(
                session,
                client_id=client_id,
                practices=[practice, *other_practices],
                scopes=scopes,
                rate_limit=rate_limit,
            )
            await admin.add_member(
                session,
                practice_id=practice,
                rpps=sandbox_professional(ADMIN).rpps,
                roles=admin_roles,
                by="sandbox",
            )
            return secret

        secret = await in_transaction(url, register, migrate=False)
        async with httpx.AsyncClient(base_url=base_url, transport=transport, timeout=30.0) as http:
            sandbox = cls(http, practice, client_id, secret)
            for label, roles in members.items():
                response = await http.post(
                    f"/v1/practices/{practice}/members",
                    json={"rpps": sandbox_professional(label).rpps, "roles": [Role(r).value for r in roles]},
                    headers=await sandbox.headers(ADMIN, role=Role.PRACTICE_ADMIN),
                )
                response.raise_for_status()
            yield sandbox

    async def token(self) -> str:
        """A valid OAuth2 access token (client_secret_basic), renewed shortly before it expires."""
        if time.time() > self._token_expires - 30:
            response = await self.http.post(
                "/v1/oauth/token",
                data={"grant_type": "client_credentials"},
                auth=(self.client_id, self.client_secret),
            )
            response.raise_for_status()
            body = response.json()
            self._token, self._token_expires = body["access_token"], time.time() + body["expires_in"]
        return self._token

    async def psc_token(self, professional: str, *, expired: bool = False) -> str:
        """A sandbox Pro Santé Connect ID token for a professional (label or RPPS)."""
        cached = self._psc.get(professional)
        if cached is not None and not expired and time.time() < cached[1] - 60:
            return cached[0]
        response = await self.http.post(
            "/v1/sandbox/psc-tokens",
            json={"professional": professional, "expired": expired},
            headers={"Authorization": f"Bearer {await self.token()}"},
        )
        response.raise_for_status()
        body = response.json()
        token = str(body["id_token"])
        if not expired:
            self._psc[professional] = (token, datetime.fromisoformat(body["expires_at"]).timestamp())
        return token

    async def headers(
        self, professional: str = ADMIN, *, role: Role | None = None, idempotency_key: str | None = None
    ) -> dict[str, str]:
        headers = {
            "Authorization": f"Bearer {await self.token()}",
            PSC_HEADER: await self.psc_token(professional),
            PRACTICE_HEADER: self.practice_id,
        }
        if role is not None:
            headers[ACTING_ROLE_HEADER] = role.value
        if idempotency_key is not None:
            headers["Idempotency-Key"] = idempotency_key
        return headers
