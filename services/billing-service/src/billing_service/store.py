"""Where billing keeps what it decides and learns: rows <-> domain records (DOMAIN.md §4, §6).

`BillingStore` is what the workflows type against: `SqlBillingStore` keeps it in PostgreSQL, and
`billing_service.testing.InMemoryBillingStore` in memory for the workflow unit tests. A store returns
None for what it does not find; deciding what that means (and any HTTP answer) is someone else's.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Protocol, TypeVar
from uuid import UUID

from sqlalchemy import Date, Integer, Row, Select, case, func, literal, literal_column, select, true, tuple_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from billing_service.domain import (
    ApcvSession,
    CareSheet,
    CareSheetLine,
    CareSheetStatus,
    FiledCareSheet,
    Invoice,
    InvoiceStatus,
    SignedCareLine,
    TakenSlot,
    cap_lock_key,
    from_cents,
    to_cents,
)
from billing_service.models import ApcvSessionRow, CareSheetLineRow, CareSheetRow, TeleExpertiseInvoice
from dentalink_contracts.events.billing import BillingRejectionReason, Payer
from dentalink_contracts.events.telemed import ActCode, ActRole
from dentalink_contracts.events.vitale import ApcvBeneficiary

PageAfter = tuple[datetime, UUID]
"""(created_at, id) of the last item of the previous page: a list goes on strictly after it."""

# Billed acts further than this from the new act cannot share a window with it, in either mode.
WINDOW_REACH = timedelta(days=366)


@dataclass(frozen=True)
class InvoiceFilter:
    """Which invoices of a practice a list shows; None means any."""

    practitioner_rpps: str | None = None
    patient_key: str | None = None
    start: date | None = None
    end: date | None = None
    status: InvoiceStatus | None = None


class BillingStore(Protocol):
    """Billing's records, within one unit of work."""

    async def lock_cap_counter(self, practitioner_rpps: str, patient_key: str, act_code: ActCode) -> None:
        """Serialise every decision on one cap counter until the unit of work ends."""
        ...

    async def invoice_of_act(self, act_id: UUID) -> Invoice | None:
        """The decision already made on an act, whatever event carried it."""
        ...

    async def billed_slots(
        self, practitioner_rpps: str, patient_key: str, act_code: ActCode, around: date
    ) -> list[TakenSlot]:
        """Billed acts of one cap counter whose day is within `WINDOW_REACH` of `around`."""
        ...

    async def add_invoice(self, invoice: Invoice) -> None:
        """Store a decision; a second decision on an act, or a taken cap slot, is refused."""
        ...

    async def invoice(self, invoice_id: UUID) -> Invoice | None: ...

    async def invoices(
        self, practice_id: str, where: InvoiceFilter, after: PageAfter | None, limit: int
    ) -> list[Invoice]:
        """Up to `limit + 1` of the practice's invoices, ordered by (created_at, id), after `after`."""
        ...

    async def billed_invoices(
        self, practice_id: str, practitioner_rpps: str | None, start: date, end: date
    ) -> list[Invoice]:
        """Billed invoices of acts performed in [start, end], by act day then decision time."""
        ...

    async def signed_care_lines(
        self, practice_id: str, practitioner_rpps: str | None, start: date, end: date
    ) -> list[SignedCareLine]:
        """Lines of signed care sheets whose act is in [start, end], by act day."""
        ...

    async def apcv_session(self, session_id: UUID) -> ApcvSession | None: ...

    async def session_opened(self, session: ApcvSession) -> None:
        """Record an opened session; a closure learnt earlier (topics are not ordered) is kept."""
        ...

    async def session_closed(self, closure: ApcvSession) -> None:
        """Record a closure (`closed_at`, `close_reason`); the earliest known end of the session wins."""
        ...

    async def care_sheet(self, sheet_id: UUID, *, for_update: bool = False) -> FiledCareSheet | None:
        """A care sheet; `for_update` holds it until the unit of work ends."""
        ...

    async def care_sheets(
        self,
        practice_id: str,
        session_id: UUID | None,
        status: CareSheetStatus | None,
        after: PageAfter | None,
        limit: int,
    ) -> list[FiledCareSheet]:
        """Up to `limit + 1` of the practice's care sheets, ordered by (created_at, id), after `after`."""
        ...

    async def add_care_sheet(self, filed: FiledCareSheet) -> None: ...

    async def add_care_sheet_lines(self, filed: FiledCareSheet, already: int) -> None:
        """Store the lines of a draft after its first `already` ones, and its new total."""
        ...

    async def update_care_sheet(self, filed: FiledCareSheet) -> None:
        """Store a sheet's new status and what comes with it (signature, cancellation, replacement)."""
        ...


S = TypeVar("S", bound=Select[Any])


def _page(query: S, created_at: Any, id_column: Any, after: PageAfter | None, limit: int) -> S:
    """`query` ordered by (created_at, id), after the given item, one more than a page."""
    if after is not None:
        query = query.where(tuple_(created_at, id_column) > tuple_(literal(after[0]), literal(after[1])))
    return query.order_by(created_at, id_column).limit(limit + 1)


_INVOICE_COLUMNS = tuple(TeleExpertiseInvoice.metadata.tables["tele_expertise_invoices"].c)


def _invoice(row: TeleExpertiseInvoice | Row[Any]) -> Invoice:
    return Invoice(
        id=row.id,
        act_id=row.act_id,
        expertise_id=row.expertise_id,
        event_id=row.event_id,
        practice_id=row.practice_id,
        practitioner_rpps=row.practitioner_rpps,
        patient_key=row.patient_key,
        role=ActRole(row.role),
        act_code=ActCode(row.act_code),
        performed_at=row.performed_at,
        performed_on=row.performed_on,
        status=InvoiceStatus(row.status),
        created_at=row.created_at,
        amount=from_cents(row.amount_cents) if row.amount_cents is not None else None,
        payer=Payer(row.payer) if row.payer else None,
        tariff_source=row.tariff_source,
        rejection_reason=BillingRejectionReason(row.rejection_reason) if row.rejection_reason else None,
        rejection_detail=row.rejection_detail,
        cap_window_key=row.cap_window_key,
        cap_slot=row.cap_slot,
    )


def _invoice_row(invoice: Invoice) -> TeleExpertiseInvoice:
    return TeleExpertiseInvoice(
        id=invoice.id,
        act_id=invoice.act_id,
        expertise_id=invoice.expertise_id,
        event_id=invoice.event_id,
        practice_id=invoice.practice_id,
        practitioner_rpps=invoice.practitioner_rpps,
        patient_key=invoice.patient_key,
        role=invoice.role.value,
        act_code=invoice.act_code.value,
        performed_at=invoice.performed_at,
        performed_on=invoice.performed_on,
        status=invoice.status.value,
        amount_cents=to_cents(invoice.amount) if invoice.amount is not None else None,
        payer=invoice.payer.value if invoice.payer is not None else None,
        tariff_source=invoice.tariff_source,
        rejection_reason=invoice.rejection_reason.value if invoice.rejection_reason is not None else None,
        rejection_detail=invoice.rejection_detail,
        cap_window_key=invoice.cap_window_key,
        cap_slot=invoice.cap_slot,
        created_at=invoice.created_at,
    )


def _apcv_session(row: ApcvSessionRow) -> ApcvSession:
    return ApcvSession(
        session_id=row.session_id,
        practice_id=row.practice_id,
        patient_key=row.patient_key,
        practitioner_rpps=row.practitioner_rpps,
        beneficiary=ApcvBeneficiary.model_validate(row.beneficiary) if row.beneficiary is not None else None,
        opened_at=row.opened_at,
        expires_at=row.expires_at,
        closed_at=row.closed_at,
        close_reason=row.close_reason,
    )


def _line(row: CareSheetLineRow) -> CareSheetLine:
    return CareSheetLine(
        row.act_code, row.label, row.performed_on, from_cents(row.unit_cents), row.quantity, row.tariff_source
    )


def _filed(row: CareSheetRow, lines: list[CareSheetLineRow]) -> FiledCareSheet:
    sheet = CareSheet(
        row.id,
        row.session_id,
        row.created_at,
        tuple(_line(line) for line in lines),
        CareSheetStatus(row.status),
        row.signed_at,
        row.cancelled_at,
        row.replaces,
        row.replaced_by,
    )
    return FiledCareSheet(
        sheet=sheet,
        practice_id=row.practice_id,
        practitioner_rpps=row.practitioner_rpps,
        patient_key=row.patient_key,
        beneficiary=ApcvBeneficiary.model_validate(row.beneficiary),
        created_by_rpps=row.created_by_rpps,
        signed_by_rpps=row.signed_by_rpps,
    )


def _line_rows(sheet: CareSheet) -> list[CareSheetLineRow]:
    return [
        CareSheetLineRow(
            care_sheet_id=sheet.sheet_id,
            position=position,
            act_code=line.act_code,
            label=line.label,
            performed_on=line.performed_on,
            unit_cents=to_cents(line.unit_amount),
            quantity=line.quantity,
            amount_cents=to_cents(line.amount),
            tariff_source=line.tariff_source,
        )
        for position, line in enumerate(sheet.lines, start=1)
    ]


def _period_page(
    practice_id: str, where: InvoiceFilter, after: PageAfter | None, limit: int
) -> Select[tuple[TeleExpertiseInvoice]]:
    """One page of the invoices of a period (`where` without a patient), in decision order.

    Each act day of the period is read already in (created_at, id) order off an index holding
    (practice_id[, practitioner_rpps | status], performed_on, created_at, id) (migration 0004), at
    most a page per day and from the index alone; the page is the first of those, its rows then
    fetched by id. A period thus costs at most a page per day whatever the number of invoices: one
    month ~1.5 k index entries, a year and a half ~28 k (an open end is the practice's first or last
    act day, so an open period is as long as the practice's history on that side). Sorting the
    period's rows instead costs every one of them (25 k for one month at 1 M invoices); walking the
    practice in decision order until a page of the period turns up costs every invoice decided
    before the period (the plan a LIMIT invites, its estimate blind to the correlation of decision
    order and act days), and past the period's last page, every one decided after it.
    """
    invoice = TeleExpertiseInvoice
    created_at, invoice_id, performed_on = col(invoice.created_at), col(invoice.id), col(invoice.performed_on)
    of_practice = col(invoice.practice_id) == practice_id

    def bound(day: date | None, edge: Any) -> Any:
        if day is not None:
            return literal(day, Date)
        return select(edge(performed_on)).where(of_practice).scalar_subquery()

    first, last = bound(where.start, func.min), bound(where.end, func.max)
    nth = func.generate_series(0, last - first).column_valued("nth")
    days = select((first + nth).label("day")).subquery("days")
    of_day = select(created_at, invoice_id).where(of_practice, performed_on == days.c.day)
    if where.practitioner_rpps is not None:
        of_day = of_day.where(col(invoice.practitioner_rpps) == where.practitioner_rpps)
    if where.status is not None:
        of_day = of_day.where(col(invoice.status) == where.status.value)
    if after is not None:
        of_day = of_day.where(tuple_(created_at, invoice_id) > tuple_(literal(after[0]), literal(after[1])))
    # The page size is written into the statement, not bound: planning blind to it (a generic plan
    # takes a LIMIT $n for a tenth of what it limits) would fetch the page's rows by scanning the table.
    page_size = literal_column(str(int(limit) + 1), Integer)
    day_page = of_day.order_by(created_at, invoice_id).limit(page_size).lateral("day_page")
    page = (
        select(day_page.c.id)
        .select_from(days)
        .join(day_page, true())
        .order_by(day_page.c.created_at, day_page.c.id)
        .limit(page_size)
    )
    return select(invoice).where(invoice_id.in_(page)).order_by(created_at, invoice_id)


_sessions = ApcvSessionRow.metadata.tables["apcv_sessions"]


class SqlBillingStore:
    """`BillingStore` in PostgreSQL, over the unit of work's session.

    The database, not only this code, guarantees the billing invariants (models.py): one decision
    per act, at most 4 calendar-year slots, immutable signed sheets. A violation raises
    IntegrityError; a consumer then retries the whole transaction, which sees the winner's row.
    """

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def lock_cap_counter(self, practitioner_rpps: str, patient_key: str, act_code: ActCode) -> None:
        # Transaction-scoped advisory lock: released when the unit of work commits or rolls back.
        key = cap_lock_key(practitioner_rpps, patient_key, act_code.value)
        await self.session.execute(select(func.pg_advisory_xact_lock(key)))

    async def invoice_of_act(self, act_id: UUID) -> Invoice | None:
        row = await self.session.scalar(
            select(TeleExpertiseInvoice).where(col(TeleExpertiseInvoice.act_id) == act_id)
        )
        return _invoice(row) if row is not None else None

    async def billed_slots(
        self, practitioner_rpps: str, patient_key: str, act_code: ActCode, around: date
    ) -> list[TakenSlot]:
        rows = await self.session.execute(
            select(
                col(TeleExpertiseInvoice.performed_on),
                col(TeleExpertiseInvoice.cap_window_key),
                col(TeleExpertiseInvoice.cap_slot),
            ).where(
                col(TeleExpertiseInvoice.practitioner_rpps) == practitioner_rpps,
                col(TeleExpertiseInvoice.patient_key) == patient_key,
                col(TeleExpertiseInvoice.act_code) == act_code.value,
                col(TeleExpertiseInvoice.status) == InvoiceStatus.BILLED.value,
                col(TeleExpertiseInvoice.performed_on).between(around - WINDOW_REACH, around + WINDOW_REACH),
            )
        )
        return [(row[0], row[1], row[2]) for row in rows.all()]

    async def add_invoice(self, invoice: Invoice) -> None:
        self.session.add(_invoice_row(invoice))
        await self.session.flush()

    async def invoice(self, invoice_id: UUID) -> Invoice | None:
        row = await self.session.get(TeleExpertiseInvoice, invoice_id)
        return _invoice(row) if row is not None else None

    def _invoices(
        self, practice_id: str, practitioner_rpps: str | None, start: date | None, end: date | None
    ) -> Select[tuple[TeleExpertiseInvoice]]:
        query = select(TeleExpertiseInvoice).where(col(TeleExpertiseInvoice.practice_id) == practice_id)
        if practitioner_rpps is not None:
            query = query.where(col(TeleExpertiseInvoice.practitioner_rpps) == practitioner_rpps)
        if start is not None:
            query = query.where(col(TeleExpertiseInvoice.performed_on) >= start)
        if end is not None:
            query = query.where(col(TeleExpertiseInvoice.performed_on) <= end)
        return query

    async def invoices(
        self, practice_id: str, where: InvoiceFilter, after: PageAfter | None, limit: int
    ) -> list[Invoice]:
        if where.patient_key is None and (where.start is not None or where.end is not None):
            query = _period_page(practice_id, where, after, limit)
        else:
            # A patient's invoices are few: walked in decision order off (practice_id, patient_key,
            # created_at, id), the period, when given, filters those.
            query = self._invoices(practice_id, where.practitioner_rpps, where.start, where.end)
            if where.patient_key is not None:
                query = query.where(col(TeleExpertiseInvoice.patient_key) == where.patient_key)
            if where.status is not None:
                query = query.where(col(TeleExpertiseInvoice.status) == where.status.value)
            query = _page(
                query, col(TeleExpertiseInvoice.created_at), col(TeleExpertiseInvoice.id), after, limit
            )
        return [_invoice(row) for row in await self.session.scalars(query)]

    async def billed_invoices(
        self, practice_id: str, practitioner_rpps: str | None, start: date, end: date
    ) -> list[Invoice]:
        query = (
            self._invoices(practice_id, practitioner_rpps, start, end)
            .where(col(TeleExpertiseInvoice.status) == InvoiceStatus.BILLED.value)
            .order_by(col(TeleExpertiseInvoice.performed_on), col(TeleExpertiseInvoice.created_at))
        )
        # Plain rows, not entities: a month is thousands of invoices, and loading each as an ORM
        # entity (identity map, state) cost three times what reading it does.
        rows = await self.session.execute(query.with_only_columns(*_INVOICE_COLUMNS))
        return [_invoice(row) for row in rows]

    async def signed_care_lines(
        self, practice_id: str, practitioner_rpps: str | None, start: date, end: date
    ) -> list[SignedCareLine]:
        line = CareSheetLineRow
        # The line's copies of its sheet's practice, dentist and status (migration 0004): a period's
        # signed lines are one range of (practice_id, sheet_status, performed_on, practitioner_rpps).
        # Plain columns, not line entities: a month may hold thousands of lines.
        query = select(
            col(line.care_sheet_id),
            col(line.practitioner_rpps),
            col(line.act_code),
            col(line.label),
            col(line.performed_on),
            col(line.unit_cents),
            col(line.quantity),
            col(line.tariff_source),
        ).where(
            col(line.practice_id) == practice_id,
            col(line.sheet_status) == CareSheetStatus.SIGNED.value,
            col(line.performed_on) >= start,
            col(line.performed_on) <= end,
        )
        if practitioner_rpps is not None:
            query = query.where(col(line.practitioner_rpps) == practitioner_rpps)
        rows = await self.session.execute(query.order_by(col(line.performed_on)))
        return [
            SignedCareLine(
                sheet_id, rpps, CareSheetLine(code, label, day, from_cents(unit), quantity, tariff_source)
            )
            for sheet_id, rpps, code, label, day, unit, quantity, tariff_source in rows.all()
        ]

    async def apcv_session(self, session_id: UUID) -> ApcvSession | None:
        row = await self.session.get(ApcvSessionRow, session_id)
        return _apcv_session(row) if row is not None else None

    async def session_opened(self, session: ApcvSession) -> None:
        values = {
            "session_id": session.session_id,
            "practice_id": session.practice_id,
            "patient_key": session.patient_key,
            "practitioner_rpps": session.practitioner_rpps,
            "beneficiary": session.beneficiary.model_dump(mode="json") if session.beneficiary else None,
            "opened_at": session.opened_at,
            "expires_at": session.expires_at,
        }
        statement = insert(_sessions).values(**values)
        await self.session.execute(
            statement.on_conflict_do_update(
                index_elements=[_sessions.c.session_id],
                set_={name: statement.excluded[name] for name in values if name != "session_id"},
            )
        )

    async def session_closed(self, closure: ApcvSession) -> None:
        statement = insert(_sessions).values(
            session_id=closure.session_id,
            practice_id=closure.practice_id,
            patient_key=closure.patient_key,
            closed_at=closure.closed_at,
            close_reason=closure.close_reason,
        )
        earlier = (_sessions.c.closed_at.is_(None)) | (statement.excluded.closed_at < _sessions.c.closed_at)
        await self.session.execute(
            statement.on_conflict_do_update(
                index_elements=[_sessions.c.session_id],
                set_={
                    "closed_at": func.least(
                        func.coalesce(_sessions.c.closed_at, statement.excluded.closed_at),
                        statement.excluded.closed_at,
                    ),
                    "close_reason": case(
                        (earlier, statement.excluded.close_reason), else_=_sessions.c.close_reason
                    ),
                },
            )
        )

    async def _lines_of(self, sheet_ids: list[UUID]) -> dict[UUID, list[CareSheetLineRow]]:
        """Line rows of the given sheets, in position order, grouped by sheet."""
        if not sheet_ids:
            return {}
        rows = await self.session.scalars(
            select(CareSheetLineRow)
            .where(col(CareSheetLineRow.care_sheet_id).in_(sheet_ids))
            .order_by(col(CareSheetLineRow.care_sheet_id), col(CareSheetLineRow.position))
        )
        grouped: dict[UUID, list[CareSheetLineRow]] = {}
        for line in rows:
            grouped.setdefault(line.care_sheet_id, []).append(line)
        return grouped

    async def care_sheet(self, sheet_id: UUID, *, for_update: bool = False) -> FiledCareSheet | None:
        query = select(CareSheetRow).where(col(CareSheetRow.id) == sheet_id)
        if for_update:
            query = query.with_for_update()
        row = await self.session.scalar(query)
        if row is None:
            return None
        lines = await self._lines_of([row.id])
        return _filed(row, lines.get(row.id, []))

    async def care_sheets(
        self,
        practice_id: str,
        session_id: UUID | None,
        status: CareSheetStatus | None,
        after: PageAfter | None,
        limit: int,
    ) -> list[FiledCareSheet]:
        query = select(CareSheetRow).where(col(CareSheetRow.practice_id) == practice_id)
        if session_id is not None:
            query = query.where(col(CareSheetRow.session_id) == session_id)
        if status is not None:
            query = query.where(col(CareSheetRow.status) == status.value)
        query = _page(query, col(CareSheetRow.created_at), col(CareSheetRow.id), after, limit)
        rows = list(await self.session.scalars(query))
        lines = await self._lines_of([row.id for row in rows])
        return [_filed(row, lines.get(row.id, [])) for row in rows]

    async def add_care_sheet(self, filed: FiledCareSheet) -> None:
        sheet = filed.sheet
        self.session.add(
            CareSheetRow(
                id=sheet.sheet_id,
                practice_id=filed.practice_id,
                session_id=sheet.session_id,
                practitioner_rpps=filed.practitioner_rpps,
                patient_key=filed.patient_key,
                beneficiary=filed.beneficiary.model_dump(mode="json"),
                status=sheet.status.value,
                total_cents=to_cents(sheet.total),
                created_at=sheet.created_at,
                created_by_rpps=filed.created_by_rpps,
                replaces=sheet.replaces,
            )
        )
        await self.session.flush()  # the sheet row first: its lines reference it
        self.session.add_all(_line_rows(sheet))
        await self.session.flush()

    async def _row(self, sheet_id: UUID) -> CareSheetRow:
        row = await self.session.get(CareSheetRow, sheet_id)
        if row is None:
            raise LookupError(f"care sheet {sheet_id} is not stored")
        return row

    async def add_care_sheet_lines(self, filed: FiledCareSheet, already: int) -> None:
        row = await self._row(filed.id)
        row.total_cents = to_cents(filed.sheet.total)
        self.session.add(row)
        self.session.add_all(_line_rows(filed.sheet)[already:])
        await self.session.flush()

    async def update_care_sheet(self, filed: FiledCareSheet) -> None:
        row = await self._row(filed.id)
        sheet = filed.sheet
        row.status = sheet.status.value
        row.signed_at = sheet.signed_at
        row.signed_by_rpps = filed.signed_by_rpps
        row.cancelled_at = sheet.cancelled_at
        row.replaced_by = sheet.replaced_by
        self.session.add(row)
        await self.session.flush()
