"""billing-service's test harness: the running service of the integration tests, and the in-memory
store the workflow unit tests run against (`servicekit.fakes.InMemoryUnits`)."""

import copy
import secrets
import uuid
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import httpx
from aiokafka import AIOKafkaProducer
from fastapi import FastAPI

from billing_service.context import BillingContext
from billing_service.domain import (
    DEFAULT_CAP,
    ApcvSession,
    CareSheetStatus,
    FiledCareSheet,
    Invoice,
    InvoiceStatus,
    SignedCareLine,
    TakenSlot,
)
from billing_service.main import billing_context
from billing_service.settings import Settings
from billing_service.store import WINDOW_REACH, InvoiceFilter, PageAfter
from dentalink_contracts.envelope import Envelope, to_kafka
from dentalink_contracts.events.base import DomainEvent
from dentalink_contracts.events.telemed import ActCode
from dentalink_contracts.values import Role
from servicekit import Kit
from servicekit.clock import Clock, system_clock
from servicekit.db import Database
from servicekit.fakes import InMemoryUnits
from servicekit.testing import GatewayKeys, MovableClock, caller, kafka_bootstrap, topic, unique_group

KEYS = GatewayKeys.generate()


# --- The running service (integration tests) --------------------------------------------------


@dataclass
class Billing:
    """One billing-service app running on a fresh database, and what a test needs to drive it."""

    http: httpx.AsyncClient
    app: FastAPI
    url: str
    clock: MovableClock
    settings: Settings

    def context_over(self, database: Database) -> BillingContext:
        """The context the app runs with, over another connection pool: to call workflows directly."""
        return billing_context(self.settings, clock=self.clock)(
            Kit(settings=self.settings, database=database)
        )


def practice() -> str:
    return unique_group("cab")


def new_patient_key() -> str:
    return "pk_" + secrets.token_hex(16)


def new_rpps() -> str:
    return "".join(str(secrets.randbelow(10)) for _ in range(11))


def headers(practice_id: str, rpps: str = "10001234567", role: Role = Role.DENTIST) -> dict[str, str]:
    return KEYS.headers(caller(practice_id=practice_id, rpps=rpps, role=role))


async def send_all(events: list[tuple[DomainEvent, str, uuid.UUID | None]]) -> list[uuid.UUID]:
    """Put events on Kafka at once through one producer: (event, key, event id or None)."""
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap(), enable_idempotence=True, acks="all")
    await producer.start()
    ids: list[uuid.UUID] = []
    try:
        pending = []
        for event, key, event_id in events:
            envelope = Envelope.wrap(event, id=event_id or uuid.uuid4(), source="/dentalink/tests", key=key)
            message_key, value, kafka_headers = to_kafka(envelope)
            pending.append(
                await producer.send(topic(type(event)), value=value, key=message_key, headers=kafka_headers)
            )
            ids.append(envelope.id)
        for future in pending:
            await future
    finally:
        await producer.stop()
    return ids


# --- In memory (workflow unit tests) ------------------------------------------------------------


class ConstraintViolation(Exception):
    """What PostgreSQL would refuse with an IntegrityError (a unique key, a check, a trigger)."""


def _after(item: Any, after: PageAfter | None) -> bool:
    return after is None or (item.created_at, item.id) > after


@dataclass
class InMemoryBillingStore:
    """`BillingStore` in dictionaries, with the database's uniqueness rules and triggers (models.py,
    migration 0002) so that a workflow that broke one fails here as it would in PostgreSQL."""

    invoices_by_id: dict[uuid.UUID, Invoice] = field(default_factory=dict)
    sessions: dict[uuid.UUID, ApcvSession] = field(default_factory=dict)
    sheets: dict[uuid.UUID, FiledCareSheet] = field(default_factory=dict)
    # Cap counters locked (the SQL store takes a transaction-scoped advisory lock) and sheets read
    # for update, in order: a test can check a decision was serialised.
    locked_counters: list[tuple[str, str, ActCode]] = field(default_factory=list)
    locked_sheets: list[uuid.UUID] = field(default_factory=list)

    async def lock_cap_counter(self, practitioner_rpps: str, patient_key: str, act_code: ActCode) -> None:
        self.locked_counters.append((practitioner_rpps, patient_key, act_code))

    async def invoice_of_act(self, act_id: uuid.UUID) -> Invoice | None:
        return next((item for item in self.invoices_by_id.values() if item.act_id == act_id), None)

    async def billed_slots(
        self, practitioner_rpps: str, patient_key: str, act_code: ActCode, around: date
    ) -> list[TakenSlot]:
        return [
            (item.performed_on, item.cap_window_key, item.cap_slot)
            for item in self.invoices_by_id.values()
            if (item.practitioner_rpps, item.patient_key, item.act_code)
            == (practitioner_rpps, patient_key, act_code)
            and item.status is InvoiceStatus.BILLED
            and around - WINDOW_REACH <= item.performed_on <= around + WINDOW_REACH
        ]

    async def add_invoice(self, invoice: Invoice) -> None:
        if invoice.id in self.invoices_by_id or await self.invoice_of_act(invoice.act_id) is not None:
            raise ConstraintViolation("tele_expertise_invoices_act_uq")
        if invoice.cap_slot is not None:
            if not 1 <= invoice.cap_slot <= DEFAULT_CAP:
                raise ConstraintViolation("tele_expertise_invoices_slot_range")
            slot_key = (
                invoice.practitioner_rpps,
                invoice.patient_key,
                invoice.act_code,
                invoice.cap_window_key,
                invoice.cap_slot,
            )
            taken = {
                (item.practitioner_rpps, item.patient_key, item.act_code, item.cap_window_key, item.cap_slot)
                for item in self.invoices_by_id.values()
            }
            if slot_key in taken:
                raise ConstraintViolation("tele_expertise_invoices_cap_slot_uq")
        self.invoices_by_id[invoice.id] = invoice

    async def invoice(self, invoice_id: uuid.UUID) -> Invoice | None:
        return self.invoices_by_id.get(invoice_id)

    def _of_practice(
        self, practice_id: str, practitioner_rpps: str | None, start: date | None, end: date | None
    ) -> list[Invoice]:
        return [
            item
            for item in self.invoices_by_id.values()
            if item.practice_id == practice_id
            and (practitioner_rpps is None or item.practitioner_rpps == practitioner_rpps)
            and (start is None or item.performed_on >= start)
            and (end is None or item.performed_on <= end)
        ]

    async def invoices(
        self, practice_id: str, where: InvoiceFilter, after: PageAfter | None, limit: int
    ) -> list[Invoice]:
        found = [
            item
            for item in self._of_practice(practice_id, where.practitioner_rpps, where.start, where.end)
            if (where.patient_key is None or item.patient_key == where.patient_key)
            and (where.status is None or item.status is where.status)
            and _after(item, after)
        ]
        return sorted(found, key=lambda item: (item.created_at, item.id))[: limit + 1]

    async def billed_invoices(
        self, practice_id: str, practitioner_rpps: str | None, start: date, end: date
    ) -> list[Invoice]:
        billed = [
            item
            for item in self._of_practice(practice_id, practitioner_rpps, start, end)
            if item.status is InvoiceStatus.BILLED
        ]
        return sorted(billed, key=lambda item: (item.performed_on, item.created_at))

    async def signed_care_lines(
        self, practice_id: str, practitioner_rpps: str | None, start: date, end: date
    ) -> list[SignedCareLine]:
        lines = [
            SignedCareLine(filed.id, filed.practitioner_rpps, line)
            for filed in self.sheets.values()
            if filed.practice_id == practice_id
            and filed.status is CareSheetStatus.SIGNED
            and (practitioner_rpps is None or filed.practitioner_rpps == practitioner_rpps)
            for line in filed.sheet.lines
            if start <= line.performed_on <= end
        ]
        return sorted(lines, key=lambda signed: signed.line.performed_on)

    async def apcv_session(self, session_id: uuid.UUID) -> ApcvSession | None:
        return self.sessions.get(session_id)

    async def session_opened(self, session: ApcvSession) -> None:
        known = self.sessions.get(session.session_id)
        if known is not None:
            session = replace(session, closed_at=known.closed_at, close_reason=known.close_reason)
        self.sessions[session.session_id] = session

    async def session_closed(self, closure: ApcvSession) -> None:
        assert closure.closed_at is not None
        known = self.sessions.get(closure.session_id)
        if known is None:
            self.sessions[closure.session_id] = closure
        elif known.closed_at is None or closure.closed_at < known.closed_at:
            self.sessions[closure.session_id] = replace(
                known, closed_at=closure.closed_at, close_reason=closure.close_reason
            )

    async def care_sheet(self, sheet_id: uuid.UUID, *, for_update: bool = False) -> FiledCareSheet | None:
        if for_update:
            self.locked_sheets.append(sheet_id)
        return self.sheets.get(sheet_id)

    async def care_sheets(
        self,
        practice_id: str,
        session_id: uuid.UUID | None,
        status: CareSheetStatus | None,
        after: PageAfter | None,
        limit: int,
    ) -> list[FiledCareSheet]:
        found = [
            filed
            for filed in self.sheets.values()
            if filed.practice_id == practice_id
            and (session_id is None or filed.sheet.session_id == session_id)
            and (status is None or filed.status is status)
            and _after(filed, after)
        ]
        return sorted(found, key=lambda filed: (filed.created_at, filed.id))[: limit + 1]

    async def add_care_sheet(self, filed: FiledCareSheet) -> None:
        if filed.id in self.sheets:
            raise ConstraintViolation("care_sheets_pkey")
        if filed.sheet.session_id not in self.sessions:
            raise ConstraintViolation("care_sheets_session_id_fkey")
        replaces = filed.sheet.replaces
        if replaces is not None and (
            replaces not in self.sheets
            or any(other.sheet.replaces == replaces for other in self.sheets.values())
        ):
            raise ConstraintViolation("care_sheets_replaces_uq")
        self.sheets[filed.id] = filed

    async def add_care_sheet_lines(self, filed: FiledCareSheet, already: int) -> None:
        stored = self.sheets[filed.id]
        if stored.status is not CareSheetStatus.DRAFT:
            raise ConstraintViolation("lines of a non-draft care sheet cannot change")
        if stored.sheet.lines != filed.sheet.lines[:already]:
            raise ConstraintViolation("stored lines are only appended to")
        self.sheets[filed.id] = filed

    async def update_care_sheet(self, filed: FiledCareSheet) -> None:
        stored = self.sheets[filed.id]
        if stored.status is CareSheetStatus.CANCELLED or (
            stored.status is CareSheetStatus.SIGNED and filed.status is not CareSheetStatus.CANCELLED
        ):
            raise ConstraintViolation("a signed care sheet is immutable")
        if stored.sheet.lines != filed.sheet.lines:
            raise ConstraintViolation("update_care_sheet does not store lines")
        self.sheets[filed.id] = filed

    def snapshot(self) -> "InMemoryBillingStore":
        """A copy to compare with after a refused command (which must leave the store as it was)."""
        return copy.deepcopy(self)


@dataclass
class Workflows:
    """A billing context over an in-memory store: what a workflow unit test drives."""

    context: BillingContext
    units: InMemoryUnits[InMemoryBillingStore]

    @property
    def store(self) -> InMemoryBillingStore:
        return self.units.store


def in_memory(
    store: InMemoryBillingStore | None = None,
    *,
    clock: Clock = system_clock,
    settings: Settings | None = None,
    **overrides: Any,
) -> Workflows:
    """A context whose units of work run over `store` (a new one by default) and record what they
    publish; `overrides` replace other fields of the context (cap window mode, tariff catalogues)."""
    units = InMemoryUnits(store or InMemoryBillingStore())
    context = BillingContext(
        settings=settings or Settings(),
        units_of_work=units.factory,
        clock=clock,
        **overrides,
    )
    return Workflows(context, units)
