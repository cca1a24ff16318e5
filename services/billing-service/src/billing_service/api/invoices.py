"""Tele-expertise invoices, monthly billing summaries and the accountant's CSV export: /v1.

Invoices are made by the `ActRecorded` consumer (one decision per act: billed or rejected); these
routes only read them, always within the caller's practice (the act's `practice_id`).
"""

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated
from uuid import UUID

from fastapi import Path, Query
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

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
from servicekit.examples import example_of
from servicekit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page, decode_uuid_cursor, page_of
from servicekit.problems import problem_doc
from servicekit.query import QueryDate

router = billing_router("invoices")
_RPPS = r"^[0-9]{11}$"
_PATIENT_KEY = r"^pk_[0-9a-f]{32}$"


class InvoiceOut(BaseModel):
    """The billing decision on one tele-expertise act. `amount` is null when the act was rejected."""

    id: UUID = Field(description="Invoice id.")
    act_id: UUID = Field(description="The tele-expertise act billed.")
    expertise_id: UUID = Field(description="The tele-expertise the act belongs to.")
    practice_id: str = Field(description="The practice billing the act.")
    practitioner_rpps: str = Field(description="RPPS number of the practitioner who performed the act.")
    patient_key: str = Field(
        description="Pseudonymous patient key (`pk_` + 32 hex characters), never the NIR."
    )
    role: ActRole = Field(description="`requerant` (RQD) or `requis` (TE2).")
    act_code: ActCode = Field(description="NGAP act code: `RQD` or `TE2`.")
    performed_at: datetime = Field(description="When the act was performed.")
    performed_on: date = Field(
        description="The act's day in Paris time (the tariff and the yearly cap use it)."
    )
    status: InvoiceStatus = Field(description="`billed` or `rejected`.")
    amount: Euros | None = Field(
        default=None, description="Amount billed in euros (string with two decimals); null when rejected."
    )
    payer: Payer | None = Field(
        default=None, description="`amo` (compulsory insurance) or `patient`; null when rejected."
    )
    tariff_source: str | None = Field(
        default=None, description="Where the tariff comes from; null when rejected."
    )
    rejection_reason: BillingRejectionReason | None = Field(
        default=None,
        description="`yearly_cap_reached`, `no_tariff` or `practitioner_not_dentist`; null when billed.",
    )
    rejection_detail: str | None = Field(
        default=None, description="Explanation of the rejection, without personal data."
    )
    cap_slot: int | None = Field(
        default=None,
        description="Which of the patient's yearly tele-expertise acts this is (1–4); null when not capped.",
    )
    decided_at: datetime = Field(description="When billing-service decided.")

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
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"act_code": "TE2", "kind": "tele_expertise", "count": 3, "total": "60.00"}]
        }
    )

    act_code: str = Field(description="The act code.")
    kind: SummaryKind = Field(description="`tele_expertise` or `care_sheet`.")
    count: int = Field(description="How many acts were billed.")
    total: Euros = Field(description="Their total, in euros (string with two decimals).")


class BillingSummary(BaseModel):
    """What was billed in a month, per act code: billed tele-expertise acts and signed care-sheet acts."""

    month: str = Field(description="The month summarised, `YYYY-MM`.")
    practitioner_rpps: str | None = Field(
        description="The practitioner summarised; null: the whole practice."
    )
    lines: list[SummaryLine] = Field(description="One line per act code and kind.")
    count: int = Field(description="Acts billed in the month.")
    total: Euros = Field(description="Total billed in the month, in euros (string with two decimals).")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "month": "2026-03",
                    "practitioner_rpps": "10001234567",
                    "lines": [
                        example_of(SummaryLine, act_code="RQD", count=2, total="20.00"),
                        example_of(SummaryLine, count=1, total="20.00"),
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


InvoiceId = Annotated[UUID, Path(description="The invoice's id.")]


@router.get(
    "/invoices",
    operation_id="invoices.list",
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
    invoice_status: Annotated[
        InvoiceStatus | None,
        Query(alias="status", description="Only invoices in this status: `billed` or `rejected`."),
    ] = None,
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
    operation_id="invoices.exportCsv",
    summary="CSV of what was billed in a period, for the practice's accountant",
    description=(
        "One row per billed act (tele-expertise invoice lines, and signed care-sheet lines), `;`-separated "
        '(French spreadsheets), amounts with a dot ("10.00"), CRLF line ends, UTF-8. No patient '
        "identifier is exported. Rejected tele-expertise acts are not billed and not listed."
    ),
    response_class=Response,
    responses={
        200: {
            # A schema, so generators hand the text back instead of dropping the answer.
            "content": {"text/csv": {"schema": {"type": "string"}}},
            "description": "The CSV file (UTF-8, `;`-separated cells).",
        },
        400: problem_doc("invalid-period, period-too-long"),
    },
    dependencies=[require_roles(*READERS)],
)
async def export_csv(
    context: Context,
    caller: Caller,
    start: Annotated[QueryDate, Query(alias="from", description="First act day, included")],
    end: Annotated[QueryDate, Query(alias="to", description="Last act day, included")],
    practitioner: Annotated[
        str | None,
        Query(pattern=_RPPS, description="Only acts of this practitioner (RPPS number, 11 digits)."),
    ] = None,
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
    operation_id="invoices.get",
    summary="One tele-expertise invoice (billing decision on an act)",
    response_model=InvoiceOut,
    responses={404: problem_doc("invoice-not-found (or another practice's)")},
    dependencies=[require_roles(*READERS)],
)
async def get_invoice(invoice_id: InvoiceId, context: Context, caller: Caller) -> InvoiceOut:
    with as_problems():
        return invoice_out(await workflows.invoice(context, caller.practice_id, invoice_id))


@router.get(
    "/billing-summaries",
    operation_id="billingSummaries.get",
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
