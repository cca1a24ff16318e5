"""Domain counters count committed changes only: a rolled-back request or consumer attempt counts nothing."""

import re
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from dentalink_contracts import Ins, InsOid, Sex, patient_key
from dentalink_contracts.events import ApcvBeneficiary, ApcvSessionOpened, ReadingMode
from ins_service.adapters import SandboxInsi
from ins_service.context import InsContext
from ins_service.domain import TypedTraits
from ins_service.events import qualify_from_session
from ins_service.identities import create_identity
from servicekit.db import Database
from servicekit.settings import DEV_PSEUDONYM_SECRET
from servicekit.testing import unique_group

pytestmark = pytest.mark.integration

CONTEXT = InsContext(insi=SandboxInsi(), pseudonym_secret=DEV_PSEUDONYM_SECRET.encode())
NIR = "280012A00400712"


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


async def test_a_rolled_back_creation_is_not_counted(ins_http, ins_database_url) -> None:
    practice_id = unique_group("cab")
    traits = TypedTraits(
        birth_name="Compteur", birth_first_names="Anne", birth_date=date(1980, 1, 30), sex=Sex.FEMALE
    )

    async def create(session: AsyncSession) -> object:
        return await create_identity(
            session, CONTEXT, practice_id=practice_id, by_rpps="10001234567", typed=traits, ins=None
        )

    before = await counted(ins_http, "dentalink_ins_identities_created")
    await rolled_back_then_committed(ins_database_url, create)
    assert await counted(ins_http, "dentalink_ins_identities_created") == before + 1


async def test_a_rolled_back_apcv_qualification_is_not_counted(ins_http, ins_database_url) -> None:
    opened = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    event = ApcvSessionOpened(
        session_id=uuid.uuid4(),
        practice_id=unique_group("cab"),
        practitioner_rpps="10009876543",
        patient_key=patient_key(NIR, DEV_PSEUDONYM_SECRET.encode()),
        beneficiary=ApcvBeneficiary(
            nir=NIR,
            birth_name="COMPTEUR",
            first_names="ANNE",
            birth_date=date(1980, 1, 30),
            sex="F",
            quality="ouvrant_droit",
            insurer="011200000",
            ins=Ins(matricule=NIR, oid=InsOid.NIR_TEST),
        ),
        reading_mode=ReadingMode.QR,
        opened_at=opened,
        expires_at=opened + timedelta(minutes=30),
    )

    async def qualify(session: AsyncSession) -> object:
        await qualify_from_session(session, CONTEXT, event)
        return None

    before = await counted(ins_http, "dentalink_ins_identities_qualified")
    await rolled_back_then_committed(ins_database_url, qualify)
    assert await counted(ins_http, "dentalink_ins_identities_qualified") == before + 1
