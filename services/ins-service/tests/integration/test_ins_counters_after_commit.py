"""Domain counters count committed changes only: a rolled-back request or consumer attempt counts nothing."""

import re
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from dentalink_contracts import Ins, InsOid, Sex, patient_key
from dentalink_contracts.events import ApcvBeneficiary, ApcvSessionOpened
from dentalink_contracts.sealing import development_field_keys
from ins_service.adapters import SandboxInsi
from ins_service.context import InsContext
from ins_service.domain import TypedTraits
from ins_service.settings import Settings
from ins_service.store import IdentityStore, SqlIdentityStore
from ins_service.workflows import create_identity, qualify_from_session
from servicekit import UnitOfWork, unit_of_work_in
from servicekit.db import Database
from servicekit.settings import DEV_PSEUDONYM_SECRET
from servicekit.testing import unique_group

pytestmark = pytest.mark.integration
KEYS = development_field_keys()

SOURCE = "/dentalink/ins-service"
NIR = "280012A00400712"


def context_in(session: AsyncSession) -> InsContext:
    """A context whose units of work run in the test's transaction: the test commits or rolls back."""

    @asynccontextmanager
    async def units() -> AsyncIterator[UnitOfWork[IdentityStore]]:
        yield unit_of_work_in(session, SqlIdentityStore, SOURCE)

    return InsContext(
        settings=Settings(),
        units_of_work=units,
        insi=SandboxInsi(),
        pseudonym_secret=DEV_PSEUDONYM_SECRET.encode(),
        source=SOURCE,
    )


class RolledBack(Exception):
    """Raised inside the transaction, after the change, to undo it."""


async def counted(http: httpx.AsyncClient, name: str) -> float:
    metrics = (await http.get("/metrics")).text
    return sum(float(value) for value in re.findall(rf"^{name}_total(?:{{[^}}]*}})? (\S+)$", metrics, re.M))


async def rolled_back_then_committed(
    database_url: str, change: Callable[[AsyncSession], Awaitable[object]]
) -> None:
    database = Database(database_url)

    async def undone() -> None:
        async with database.transaction() as session:
            await change(session)
            raise RolledBack

    try:
        with pytest.raises(RolledBack):
            await undone()
        async with database.transaction() as session:
            await change(session)
    finally:
        await database.close()


async def test_a_rolled_back_creation_is_not_counted(
    ins_http: httpx.AsyncClient, ins_database_url: str
) -> None:
    practice_id = unique_group("cab")
    traits = TypedTraits(
        birth_name="Compteur", birth_first_names="Anne", birth_date=date(1980, 1, 30), sex=Sex.FEMALE
    )

    async def create(session: AsyncSession) -> object:
        return await create_identity(
            context_in(session), practice_id=practice_id, by_rpps="10001234567", typed=traits, ins=None
        )

    before = await counted(ins_http, "dentalink_ins_identities_created")
    await rolled_back_then_committed(ins_database_url, create)
    assert await counted(ins_http, "dentalink_ins_identities_created") == before + 1


async def test_a_rolled_back_apcv_qualification_is_not_counted(
    ins_http: httpx.AsyncClient, ins_database_url: str
) -> None:
    opened = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    event = ApcvSessionOpened(
        session_id=uuid.uuid4(),
        practice_id=unique_group("cab"),
        practitioner_rpps="10009876543",
        patient_key=patient_key(NIR, DEV_PSEUDONYM_SECRET.encode()),
        beneficiary=KEYS.seal(
            ApcvBeneficiary(
                nir=NIR,
                birth_name="COMPTEUR",
                first_names="ANNE",
                birth_date=date(1980, 1, 30),
                sex="F",
                quality="ouvrant_droit",
                insurer="011200000",
                ins=Ins(matricule=NIR, oid=InsOid.NIR_TEST),
            ),
            ApcvSessionOpened,
            "beneficiary",
        ),
        opened_at=opened,
        expires_at=opened + timedelta(minutes=30),
    )

    async def qualify(session: AsyncSession) -> object:
        uow = unit_of_work_in(session, SqlIdentityStore, SOURCE)
        await qualify_from_session(uow, context_in(session), event)
        return None

    before = await counted(ins_http, "dentalink_ins_identities_qualified")
    await rolled_back_then_committed(ins_database_url, qualify)
    assert await counted(ins_http, "dentalink_ins_identities_qualified") == before + 1
