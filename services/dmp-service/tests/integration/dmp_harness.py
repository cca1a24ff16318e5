"""Helpers of the dmp-service integration tests: events as their producers send them, fresh INS, clock."""

import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import httpx
from sqlalchemy import text

from dentalink_contracts.events import (
    ActCode,
    ActRecorded,
    ActRole,
    IdentityQualified,
    IdentityStatus,
    IdentityStatusChanged,
    InsTraits,
    ReportReference,
)
from dentalink_contracts.values import Ins, InsOid, Role, Sex, patient_key
from dmp_service.adapters.email import SandboxMailer
from dmp_service.adapters.national_dmp import SandboxNationalDmp
from dmp_service.domain import content_digest
from dmp_service.wiring import Dmp, dmp_of
from servicekit.settings import DEV_PSEUDONYM_SECRET
from servicekit.testing import GatewayKeys, MovableClock, caller, eventually, send_event

KEYS = GatewayKeys.generate()


def new_matricule() -> str:
    """A fictitious NIR with a valid key (97 − number mod 97)."""
    body = (
        f"{random.choice('12')}{random.randint(0, 99):02d}{random.randint(1, 12):02d}"
        f"{random.choice([1, 13, 33, 59, 69, 75]):02d}"
        f"{random.randint(1, 999):03d}{random.randint(1, 999):03d}"
    )
    return f"{body}{97 - int(body) % 97:02d}"


def new_rpps() -> str:
    return f"10{random.randint(0, 10**9 - 1):09d}"


def key_of(matricule: str) -> str:
    return patient_key(matricule, DEV_PSEUDONYM_SECRET.encode())


@dataclass
class Harness:
    http: httpx.AsyncClient
    clock: MovableClock
    national: SandboxNationalDmp
    app: Any
    # One identity per patient and practice, as in ins-service (its matricule is unique per practice).
    identities: dict[tuple[str, str], uuid.UUID] = field(default_factory=dict)

    def identity_id(self, matricule: str, practice: str) -> uuid.UUID:
        return self.identities.setdefault((matricule, practice), uuid.uuid4())

    @property
    def dmp(self) -> Dmp:
        return dmp_of(self.app.state.runtime)

    @property
    def mailer(self) -> SandboxMailer:
        mailer = self.dmp.mailer
        assert isinstance(mailer, SandboxMailer)
        return mailer

    def headers(self, *, practice: str, rpps: str, role: Role = Role.DENTIST) -> dict[str, str]:
        return KEYS.headers(caller(practice_id=practice, rpps=rpps, role=role))

    async def rows(self, sql: str, **params: Any) -> list[Any]:
        async with self.dmp.database.transaction() as session:
            return list((await session.execute(text(sql), params)).all())

    async def qualify(
        self,
        matricule: str,
        *,
        practice: str,
        birth_date: date = date(1985, 3, 14),
        sex: Sex = Sex.FEMALE,
        at: datetime | None = None,
        wait: bool = True,
        identity_id: uuid.UUID | None = None,
    ) -> None:
        """Publish IdentityQualified as ins-service would, and wait until the record answers."""
        event = IdentityQualified(
            identity_id=identity_id or self.identity_id(matricule, practice),
            practice_id=practice,
            patient_key=key_of(matricule),
            ins=Ins(matricule=matricule, oid=InsOid.NIR_TEST),
            traits=InsTraits(
                birth_name="MARTIN",
                birth_first_names="CLAIRE MARIE",
                first_birth_first_name="CLAIRE",
                birth_date=birth_date,
                sex=sex,
                birth_place_code="75056",
            ),
            collection_method="INSi",
            qualified_at=at or datetime.now(UTC),
            qualified_by_rpps=None,
        )
        await send_event(event, key=key_of(matricule))
        if wait:
            await self.wait_until_qualified(matricule, practice)

    async def wait_until_qualified(self, matricule: str, practice: str) -> None:
        """Until the record is QUAL and `practice` holds the identity QUAL (it then reaches the record)."""

        async def record_exists() -> None:
            rows = await self.rows(
                "SELECT identity_status FROM patient_records WHERE matricule = :m", m=matricule
            )
            assert rows and rows[0][0] == "QUAL", f"record not yet qualified: {rows}"
            here = await self.rows(
                "SELECT status FROM practice_identity_statuses WHERE matricule = :m AND practice_id = :p",
                m=matricule,
                p=practice,
            )
            assert [row[0] for row in here] == ["QUAL"], f"not yet qualified in {practice}: {here}"

        await eventually(record_exists, timeout=30)

    async def downgrade(
        self,
        matricule: str,
        *,
        practice: str,
        to: IdentityStatus,
        at: datetime,
        identity_id: uuid.UUID | None = None,
    ) -> None:
        """Publish IdentityStatusChanged leaving QUAL exactly as ins-service does: without the INS, which
        an identity that is not qualified may not share (ins-service `Identity.shareable_ins`)."""
        await send_event(
            IdentityStatusChanged(
                identity_id=identity_id or self.identity_id(matricule, practice),
                practice_id=practice,
                patient_key=key_of(matricule),
                ins=None,
                previous_status=IdentityStatus.QUAL,
                new_status=to,
                attributes=["DOUT"],
                reason="doubt on the identity",
                changed_at=at,
            ),
            key=key_of(matricule),
        )

    async def act_recorded(
        self,
        matricule: str,
        *,
        practice: str,
        requis: str,
        expertise_id: uuid.UUID,
        role: ActRole = ActRole.REQUIS,
        event_id: uuid.UUID | None = None,
        report_text: str = "Compte rendu : lésion bénigne, surveillance à 3 mois.\n",
    ) -> uuid.UUID:
        act = ActRecorded(
            act_id=uuid.uuid5(expertise_id, role.value),
            expertise_id=expertise_id,
            practice_id=practice,
            role=role,
            practitioner_rpps=requis,
            patient_ins=Ins(matricule=matricule, oid=InsOid.NIR_TEST),
            patient_key=key_of(matricule),
            act_code=ActCode.TE2 if role is ActRole.REQUIS else ActCode.RQD,
            performed_at=datetime(2025, 6, 2, 16, 30, tzinfo=UTC),
            report=ReportReference(
                title="Compte rendu de télé-expertise bucco-dentaire",
                content_type="text/plain",
                content=report_text,
                sha256=content_digest(report_text.encode()),
            ),
        )
        return await send_event(act, key=key_of(matricule), event_id=event_id)
