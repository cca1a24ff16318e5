"""Tele-expertise invoices, monthly billing summaries and the accountant's CSV export: /v1.

Invoices are made by the `ActRecorded` consumer (one decision per act: billed or rejected); these
routes only read them, always within the caller's practice (the act's `practice_id`).
"""

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated
from uuid import UUID

from fastapi import Query
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict

from billing_service import workflows
from billing_service.api.routing import READERS, billing_router
from billing_service.context import Context
from billing_service.domain import (
    Invoice,
    InvoiceStatus,
    check_export_period,
    check_period,
    format_euros,
    from_cents,
    month_bounds,
    sum_euros,
    to_csv,
)
from billing_service.problems import as_problems
from dentalink_contracts.events.billing import BillingRejectionReason, Payer
from dentalink_contracts.events.telemed import ActCode, ActRole
from dentalink_contracts.values import Euros
from servicekit import Caller, require_roles
from servicekit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page, decode_uuid_cursor, page_of
from servicekit.problems import problem_doc
from servicekit.query import QueryDate

router = billing_router("invoices")
_RPPS = r"^[0-9]{11}$"
_PATIENT_KEY = r"^pk_[0-9a-f]{32}$"


class InvoiceOut(BaseModel):
    """The billing decision on one tele-expertise act. `amount` is null when the act was rejected."""

    id: UUID
    act_id: UUID
    expertise_id: UUID
    practice_id: str
    practitioner_rpps: str
    patient_key: str
    role: ActRole
    act_code: ActCode
    performed_at: datetime
    performed_on: date
    status: InvoiceStatus
    amount: Euros | None = None
    payer: Payer | None = None
    tariff_source: str | None = None
    rejection_reason: BillingRejectionReason | None = None
    rejection_detail: str | None = None
    cap_slot: int | None = None
    decided_at: datetime

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "0b0c9b8e-3c0a-5d7e-9a59-2f9e4a1c7d11",
                    "act_id": "6f3a2c1e-8b7d-5e4f-a1b2-c3d4e5f60718",
                    "expertise_id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
                    "practice_id": "cabinet-lyon-3",
                    "practitioner_rpps": "10001234567",
                    "patient_key": "pk_0123456789abcdef0123456789abcdef",
                    "role": "requis",
                    "act_code": "TE2",
                    "performed_at": "2026-03-03T10:15:00+01:00",
                    "performed_on": "2026-03-03",
                    "status": "billed",
                    "amount": "20.00",
                    "payer": "amo",
                    "tariff_source": "Seed (ADF fiche TMBD); dental convention avenant 1 art. 58",
                    "cap_slot": 1,
                    "decided_at": "2026-03-03T10:15:01+01:00",
                }
            ]
        }
    )


class SummaryKind(StrEnum):
    TELE_EXPERTISE = "tele_expertise"
    CARE_SHEET = "care_sheet"


class SummaryLine(BaseModel):
    act_code: str
    kind: SummaryKind
    count: int
    total: Euros


class BillingSummary(BaseModel):
    """What was billed in a month, per act code: billed tele-expertise acts and signed care-sheet acts."""

    month: str
    practitioner_rpps: str | None
    lines: list[SummaryLine]
    count: int
    total: Euros

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "month": "2026-03",
                    "practitioner_rpps": "10001234567",
                    "lines": [
                        {"act_code": "RQD", "kind": "tele_expertise", "count": 2, "total": "20.00"},
                        {"act_code": "TE2", "kind": "tele_expertise", "count": 1, "total": "20.00"},
                    ],
                    "count": 3,
                    "total": "40.00",
                }
            ]
        }
    )


def invoice_out(invoice: Invoice) -> InvoiceOut:
    return InvoiceOut(
        id=invoice.id,
        act_id=invoice.act_id,
        expertise_id=invoice.expertise_id,
        practice_id=invoice.practice_id,
        practitioner_rpps=invoice.practitioner_rpps,
        patient_key=invoice.patient_key,
        role=invoice.role,
        act_code=invoice.act_code,
        performed_at=invoice.performed_at,
        performed_on=invoice.performed_on,
        status=invoice.status,
        amount=invoice.amount,
        payer=invoice.payer,
        tariff_source=invoice.tariff_source,
        rejection_reason=invoice.rejection_reason,
        rejection_detail=invoice.rejection_detail,
        cap_slot=invoice.cap_slot,
        decided_at=invoice.created_at,
    )


@router.get(
    "/invoices",
    summary="The practice's tele-expertise invoices (billed and rejected acts), cursor pagination",
    response_model=Page[InvoiceOut],
    responses={400: problem_doc("invalid-cursor, invalid-period")},
    dependencies=[require_roles(*READERS)],
)
async def list_invoices(
    context: Context,
    caller: Caller,
    practitioner: Annotated[str | None, Query(pattern=_RPPS, description="RPPS of the dentist")] = None,
    patient: Annotated[
        str | None, Query(pattern=_PATIENT_KEY, description="Pseudonymous patient key")
    ] = None,
    start: Annotated[QueryDate | None, Query(alias="from", description="First act day, included")] = None,
    end: Annotated[QueryDate | None, Query(alias="to", description="Last act day, included")] = None,
    invoice_status: Annotated[InvoiceStatus | None, Query(alias="status")] = None,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_LIMIT,
) -> Page[InvoiceOut]:
    with as_problems():
        check_period(start, end)
    rows = await workflows.list_invoices(
        context,
        caller.practice_id,
        practitioner_rpps=practitioner,
        patient_key=patient,
        start=start,
        end=end,
        status=invoice_status,
        after=decode_uuid_cursor(cursor) if cursor is not None else None,
        limit=limit,
    )
    page, next_cursor = page_of(rows, limit)
    return Page[InvoiceOut](items=[invoice_out(row) for row in page], next_cursor=next_cursor)


@router.get(
    "/invoices/export.csv",
    summary="CSV of what was billed in a period, for the practice's accountant",
    description=(
        "One row per billed act (tele-expertise invoice lines, and signed care-sheet lines), `;`-separated "
        '(French spreadsheets), amounts with a dot ("10.00"), CRLF line ends, UTF-8. No patient '
        "identifier is exported. Rejected tele-expertise acts are not billed and not listed."
    ),
    response_class=Response,
    responses={
        200: {"content": {"text/csv": {}}, "description": "The CSV file"},
        400: problem_doc("invalid-period, period-too-long"),
    },
    dependencies=[require_roles(*READERS)],
)
async def export_csv(
    context: Context,
    caller: Caller,
    start: Annotated[QueryDate, Query(alias="from", description="First act day, included")],
    end: Annotated[QueryDate, Query(alias="to", description="Last act day, included")],
    practitioner: Annotated[str | None, Query(pattern=_RPPS)] = None,
) -> Response:
    with as_problems():
        check_export_period(start, end)
    billed = await workflows.billed_in_period(context, caller.practice_id, practitioner, start, end)
    rows: list[tuple[str, ...]] = [
        (
            "performed_on",
            "kind",
            "document_id",
            "practitioner_rpps",
            "act_code",
            "quantity",
            "amount_eur",
            "payer",
        )
    ]
    rows += [
        (
            invoice.performed_on.isoformat(),
            SummaryKind.TELE_EXPERTISE.value,
            str(invoice.id),
            invoice.practitioner_rpps,
            invoice.act_code.value,
            "1",
            format_euros(invoice.amount if invoice.amount is not None else from_cents(0)),
            invoice.payer.value if invoice.payer is not None else "",
        )
        for invoice in billed.invoices
    ]
    rows += [
        (
            signed.line.performed_on.isoformat(),
            SummaryKind.CARE_SHEET.value,
            str(signed.sheet_id),
            signed.practitioner_rpps,
            signed.line.act_code,
            str(signed.line.quantity),
            format_euros(signed.line.amount),
            "",
        )
        for signed in billed.care_lines
    ]
    filename = f"dentalink-billing-{start.isoformat()}-{end.isoformat()}.csv"
    return Response(
        content=to_csv(rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get(
    "/invoices/{invoice_id}",
    summary="One tele-expertise invoice (billing decision on an act)",
    response_model=InvoiceOut,
    responses={404: problem_doc("invoice-not-found (or another practice's)")},
    dependencies=[require_roles(*READERS)],
)
async def get_invoice(invoice_id: UUID, context: Context, caller: Caller) -> InvoiceOut:
    with as_problems():
        return invoice_out(await workflows.invoice(context, caller.practice_id, invoice_id))


@router.get(
    "/billing-summaries",
    summary="Count and total per act code billed in a month (tele-expertise and signed care sheets)",
    response_model=BillingSummary,
    responses={400: problem_doc("invalid-month")},
    dependencies=[require_roles(*READERS)],
)
async def billing_summary(
    context: Context,
    caller: Caller,
    month: Annotated[
        str,
        Query(
            description="YYYY-MM (2000-01 to 2099-12), the month of the acts",
            examples=["2026-03"],
            # Documented, and checked by month_bounds (400 invalid-month) rather than by validation.
            json_schema_extra={"pattern": "^20[0-9]{2}-(0[1-9]|1[0-2])$"},
        ),
    ],
    practitioner: Annotated[
        str | None, Query(pattern=_RPPS, description="RPPS; default: whole practice")
    ] = None,
) -> BillingSummary:
    with as_problems():
        first, last = month_bounds(month)
    totals = await workflows.monthly_totals(context, caller.practice_id, practitioner, first, last)
    lines = [
        SummaryLine(act_code=code, kind=kind, count=total.act_count, total=total.total)
        for kind, totals_of_kind in (
            (SummaryKind.TELE_EXPERTISE, totals.tele_expertise),
            (SummaryKind.CARE_SHEET, totals.care_sheets),
        )
        for code, total in totals_of_kind.items()
    ]
    return BillingSummary(
        month=month,
        practitioner_rpps=practitioner,
        lines=lines,
        count=sum(line.count for line in lines),
        total=sum_euros(line.total for line in lines),
    )
