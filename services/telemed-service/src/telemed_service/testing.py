"""telemed-service's test harness: an in-memory store and context for the workflows' unit tests, and
the helpers of the integration tests (real PostgreSQL and Kafka).

Integration tests use their own practice ids and random INS, so tests (and other runs on the same
broker) never see each other's data; qualification is per practice, so another run cannot qualify ours.
"""

import copy
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import asyncpg
import httpx
from fastapi import FastAPI
from opentelemetry.metrics import Counter
from sqlmodel import SQLModel

from dentalink_contracts.events.ins import (
    BirthTraits,
    IdentityQualified,
    IdentityStatus,
    IdentityStatusChanged,
)
from dentalink_contracts.events.telemed import ActRole
from dentalink_contracts.sealing import development_field_keys
from dentalink_contracts.values import Ins, InsOid, Profession, Role, Sex, patient_key
from servicekit.clock import Clock
from servicekit.fakes import InMemoryUnits
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
from telemed_service.context import TelemedContext
from telemed_service.domain import Act, ExpertiseStatus, FiledExpertise, PartyFilter, Report, TraceEntry
from telemed_service.domain.report_document import ReportDocument
from telemed_service.domain.states import OPEN_STATUSES
from telemed_service.models import (
    ActRow,
    AttachmentRow,
    CareRelationship,
    ExpertiseRow,
    QualifiedIdentity,
    ReportRow,
    TraceRow,
)
from telemed_service.settings import Settings
from telemed_service.store import (
    QUALIFIED,
    BillingOutcome,
    DecodedFile,
    ExpertiseFile,
    IdentityStatusFact,
    StalePublication,
    act_rows,
    billing_values,
    file_rows,
    new_row,
    report_row,
    to_domain,
    trace_row,
    write_state,
)

# ---------------------------------------------------------------- workflows against memory

# Integration tests publish as the producers do, under the ring services use outside production.
FIELD_KEYS = development_field_keys()


@dataclass
class InMemoryTelemedStore:
    """`TelemedStore` in dictionaries of rows, mapped with the SQL store's own functions.

    Files listed in `locked_elsewhere` behave as rows another instance holds: `claim` and `overdue`
    skip them. `stale_publications` stands for the outbox rows the relay failed to publish."""

    identities: dict[uuid.UUID, QualifiedIdentity] = field(default_factory=dict)
    care_relationships: list[CareRelationship] = field(default_factory=list)
    rows: dict[uuid.UUID, ExpertiseRow] = field(default_factory=dict)
    attachments: dict[uuid.UUID, AttachmentRow] = field(default_factory=dict)
    reports: dict[uuid.UUID, ReportRow] = field(default_factory=dict)
    acts: dict[uuid.UUID, ActRow] = field(default_factory=dict)
    entries: list[TraceRow] = field(default_factory=list)
    stale_publications: list[StalePublication] = field(default_factory=list)
    locked_elsewhere: set[uuid.UUID] = field(default_factory=set)

    def state(self) -> dict[str, Any]:
        """Everything the store holds, as plain values: compare two to tell whether anything changed."""

        def plain(value: Any) -> Any:
            if isinstance(value, dict):
                return {key: plain(item) for key, item in value.items()}
            if isinstance(value, set):
                return sorted(value, key=str)
            if isinstance(value, list):
                return [plain(item) for item in value]
            if isinstance(value, SQLModel):
                return value.model_dump()
            return value

        return {name: plain(value) for name, value in vars(self).items()}

    async def project_identity_status(self, fact: IdentityStatusFact) -> None:
        known = self.identities.get(fact.identity_id)
        matricule = fact.ins.matricule if fact.ins else None
        oid = fact.ins.oid.value if fact.ins else None
        if known is None:
            self.identities[fact.identity_id] = QualifiedIdentity(
                identity_id=fact.identity_id,
                practice_id=fact.practice_id,
                matricule=matricule,
                oid=oid,
                status=fact.status,
                status_at=fact.at,
            )
            return
        known.practice_id = fact.practice_id
        known.matricule = matricule or known.matricule
        known.oid = oid or known.oid
        if known.status_at <= fact.at:
            known.status = fact.status
        known.status_at = max(known.status_at, fact.at)

    async def holds_qualified(self, practice_id: str, patient: Ins) -> bool:
        return any(
            (row.practice_id, row.matricule, row.oid, row.status)
            == (practice_id, patient.matricule, patient.oid.value, QUALIFIED)
            for row in self.identities.values()
        )

    async def knows(self, practice_id: str, patient: Ins, dentist_rpps: str) -> bool:
        return any(
            (row.practice_id, row.patient_matricule, row.patient_oid, row.dentist_rpps)
            == (practice_id, patient.matricule, patient.oid.value, dentist_rpps)
            for row in self.care_relationships
        )

    async def declare_care_relationship(self, declared: CareRelationship) -> tuple[CareRelationship, bool]:
        def same(row: CareRelationship) -> tuple[str, ...]:
            return (row.practice_id, row.patient_matricule, row.patient_oid, row.dentist_rpps, row.kind)

        for row in self.care_relationships:
            if same(row) == same(declared):
                return copy.deepcopy(row), False
        self.care_relationships.append(copy.deepcopy(declared))
        return copy.deepcopy(declared), True

    async def add(self, filed: FiledExpertise) -> None:
        if filed.expertise.id in self.rows:
            raise ValueError("duplicate key value violates unique constraint tele_expertises_pkey")
        self.rows[filed.expertise.id] = new_row(filed)

    def _filed(self, row: ExpertiseRow) -> FiledExpertise:
        return to_domain(row, self._attachments_of(row.id), self.reports.get(row.id))

    async def get(self, expertise_id: uuid.UUID, *, for_update: bool = False) -> FiledExpertise | None:
        row = self.rows.get(expertise_id)
        return None if row is None else self._filed(row)

    async def claim(self, expertise_id: uuid.UUID) -> FiledExpertise | None:
        if expertise_id in self.locked_elsewhere:
            return None
        return await self.get(expertise_id)

    async def overdue(self, requested_before: datetime, limit: int) -> list[FiledExpertise]:
        open_statuses = {status.value for status in OPEN_STATUSES}
        rows = sorted(
            (
                row
                for row in self.rows.values()
                if row.status in open_statuses
                and row.requested_at < requested_before
                and row.id not in self.locked_elsewhere
            ),
            key=lambda row: row.requested_at,
        )
        return [self._filed(row) for row in rows[:limit]]

    async def save(self, filed: FiledExpertise) -> None:
        write_state(self.rows[filed.expertise.id], filed)

    async def add_files(
        self, expertise_id: uuid.UUID, part: str, files: Sequence[DecodedFile], by_rpps: str, at: datetime
    ) -> None:
        for row in file_rows(expertise_id, part, files, by_rpps, at):
            self.attachments[row.id] = row

    async def add_report(
        self, expertise_id: uuid.UUID, report: Report, document: ReportDocument, by_rpps: str, at: datetime
    ) -> None:
        if expertise_id in self.reports:
            raise ValueError("duplicate key value violates unique constraint expertise_reports_pkey")
        self.reports[expertise_id] = report_row(expertise_id, report, document, by_rpps, at)

    async def add_acts(self, acts: Sequence[Act], practices: dict[ActRole, str]) -> None:
        for row in act_rows(acts, practices):
            if row.act_id in self.acts:
                raise ValueError("duplicate key value violates unique constraint expertise_acts_pkey")
            self.acts[row.act_id] = row

    async def append_trace(
        self, entry: TraceEntry, *, actor_practice_id: str | None, incident_ref: str | None = None
    ) -> TraceRow:
        seq = 1 + max((row.seq for row in self.entries if row.expertise_id == entry.expertise_id), default=0)
        row = trace_row(entry, seq, actor_practice_id, incident_ref)
        row.id = len(self.entries) + 1
        self.entries.append(row)
        return copy.deepcopy(row)

    async def incident_traced(self, expertise_id: uuid.UUID, reference: str) -> bool:
        return any(row.expertise_id == expertise_id and row.incident_ref == reference for row in self.entries)

    async def show_billing(self, act_id: uuid.UUID, expertise_id: uuid.UUID, outcome: BillingOutcome) -> bool:
        row = self.acts.get(act_id)
        if row is None or row.expertise_id != expertise_id:
            return False
        if row.billing_at is not None and row.billing_at > outcome.at:
            return False
        for name, value in billing_values(outcome).items():
            setattr(row, name, value)
        return True

    async def stale_act_publications(self, before: datetime, limit: int) -> list[StalePublication]:
        stale = sorted(
            (item for item in self.stale_publications if item.since < before), key=lambda i: i.since
        )
        return stale[:limit]

    def _attachments_of(self, expertise_id: uuid.UUID) -> list[AttachmentRow]:
        files = [row for row in self.attachments.values() if row.expertise_id == expertise_id]
        return sorted(files, key=lambda row: (row.part, row.position))

    async def file(self, expertise_id: uuid.UUID) -> ExpertiseFile:
        acts = sorted(
            (row for row in self.acts.values() if row.expertise_id == expertise_id), key=lambda r: r.code
        )
        return copy.deepcopy(
            ExpertiseFile(
                self.rows[expertise_id],
                self._attachments_of(expertise_id),
                self.reports.get(expertise_id),
                acts,
            )
        )

    async def expertises(
        self,
        *,
        practice_id: str,
        rpps: str,
        party: PartyFilter | None,
        status: ExpertiseStatus | None,
        after: tuple[datetime, uuid.UUID] | None,
        limit: int,
    ) -> list[ExpertiseRow]:
        def included(row: ExpertiseRow) -> bool:
            requerant_side = row.requerant_practice_id == practice_id
            requis_side = row.requis_rpps == rpps or row.requis_practice_id == practice_id
            if party is PartyFilter.REQUERANT:
                seen = requerant_side
            elif party is PartyFilter.REQUIS:
                seen = requis_side
            else:
                seen = requerant_side or requis_side
            return (
                seen
                and (status is None or row.status == status.value)
                and (after is None or (row.created_at, row.id) > after)
            )

        rows = sorted(filter(included, self.rows.values()), key=lambda row: (row.created_at, row.id))
        return copy.deepcopy(rows[:limit])

    async def attachment(self, attachment_id: uuid.UUID) -> AttachmentRow | None:
        return copy.deepcopy(self.attachments.get(attachment_id))

    async def trace(self, expertise_id: uuid.UUID) -> list[TraceRow]:
        return copy.deepcopy(
            sorted((r for r in self.entries if r.expertise_id == expertise_id), key=lambda r: r.seq)
        )


def memory_context(
    clock: Clock, store: InMemoryTelemedStore | None = None, **settings: Any
) -> tuple[TelemedContext, InMemoryUnits[InMemoryTelemedStore]]:
    """A context whose units of work run over an in-memory store, and those units (for their outbox)."""
    units = InMemoryUnits(store or InMemoryTelemedStore())
    context = TelemedContext(
        settings=Settings(**settings),
        units_of_work=units.factory,
        source="/dentalink/telemed-service",
        pseudonym_secret=DEV_PSEUDONYM_SECRET.encode(),
        clock=clock,
    )
    return context, units


def counted(units: InMemoryUnits[Any], counter: Counter) -> list[tuple[float, dict[str, str]]]:
    """What committed units added to one counter (amount, labels), in order."""
    # RecordingOutbox names a counter by its `name`, which OpenTelemetry's proxy instruments (no SDK
    # configured) keep as `_name`: it then falls back to the counter's repr. Any of them is this counter.
    names = {str(counter), getattr(counter, "name", None), getattr(counter, "_name", None)} - {None}
    return [(amount, labels) for name, amount, labels in units.outbox.counted if name in names]


# ---------------------------------------------------------------- integration tests

KEYS = GatewayKeys.generate()
REQUIS_RPPS_SPECIALIST = "10003456789"
EHPAD_FINESS = "750712184"


@dataclass
class Service:
    """One running app under test, its database and the clock it was given."""

    http: httpx.AsyncClient
    url: str
    app: FastAPI
    clock: MovableClock

    @property
    def context(self) -> TelemedContext:
        """The running app's context: what its routes, event handlers and jobs receive."""
        context: TelemedContext = self.app.state.runtime.context
        return context


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


def _between(low: int, high: int) -> int:
    return low + secrets.randbelow(high - low + 1)


def random_ins() -> Ins:
    """A fresh, well-formed test INS (NIR key = 97 - N mod 97) on the TEST OID."""
    body = (
        secrets.choice("12")
        + f"{_between(0, 99):02d}"
        + f"{_between(1, 12):02d}"
        + f"{secrets.choice([d for d in range(1, 96) if d != 20]):02d}"
        + f"{_between(1, 999):03d}"
        + f"{_between(1, 999):03d}"
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
    return f"1{secrets.randbelow(10**10):010d}"


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
        ins=FIELD_KEYS.seal(ins, IdentityQualified, "ins"),
        traits=FIELD_KEYS.seal(
            BirthTraits(birth_date=datetime(1980, 1, 1).date(), sex=Sex.FEMALE), IdentityQualified, "traits"
        ),
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
        ins=FIELD_KEYS.seal(ins, IdentityStatusChanged, "ins"),
        previous_status=IdentityStatus.QUAL,
        new_status=IdentityStatus.VALI,
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
