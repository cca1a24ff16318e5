"""What telemed-service publishes (ActRecorded, through the outbox) and consumes (INS statuses, billing)."""

import json
import logging
from datetime import UTC, datetime
from decimal import Decimal
from uuid import UUID

from sqlalchemy import case, func, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from dentalink_contracts.envelope import Envelope
from dentalink_contracts.events.billing import TeleExpertiseBilled, TeleExpertiseBillingRejected
from dentalink_contracts.events.ins import IdentityQualified, IdentityStatus, IdentityStatusChanged
from dentalink_contracts.events.telemed import ActRecorded, ActRole, ReportReference
from dentalink_contracts.values import Ins
from servicekit import Runtime, Subscription, publish
from servicekit.telemetry import count_after_commit, meter
from telemed_service.domain import Act, TeleExpertise
from telemed_service.domain.report_document import ReportDocument
from telemed_service.models import ActRow, QualifiedIdentity

log = logging.getLogger("telemed_service.events")
CONSUMER = "telemed-service"

acts_recorded = meter.create_counter(
    "dentalink_telemed_acts_recorded", description="Tele-expertise acts recorded (ActRecorded queued)"
)
billing_updates = meter.create_counter(
    "dentalink_telemed_billing_updates", description="Billing outcomes applied to tele-expertise acts"
)

# The report travels in each ActRecorded; aiokafka refuses a message over max_request_size (1 MiB), and
# an event the outbox can never publish is an act never billed nor filed. 256 KiB leaves room for the
# rest of the event and its headers; the longest text alone (20,000 emoji, 12 bytes each) still fits.
REPORT_EVENT_BUDGET_BYTES = 256 * 1024

identities = QualifiedIdentity.__table__  # type: ignore[attr-defined]


def _aware(moment: datetime) -> datetime:
    # Contracts type these as plain datetimes; a naive one is taken as UTC, as every service stores.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


async def _project_status(
    session: AsyncSession, identity_id: UUID, practice_id: str, ins: Ins | None, status: str, at: datetime
) -> None:
    """Upsert the identity's status; the newest event wins, whatever the order the two topics deliver."""
    statement = insert(identities).values(
        identity_id=identity_id,
        practice_id=practice_id,
        matricule=ins.matricule if ins else None,
        oid=ins.oid.value if ins else None,
        status=status,
        status_at=_aware(at),
    )
    excluded = statement.excluded
    newer = identities.c.status_at <= excluded.status_at
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[identities.c.identity_id],
            set_={
                "practice_id": excluded.practice_id,
                "matricule": func.coalesce(excluded.matricule, identities.c.matricule),
                "oid": func.coalesce(excluded.oid, identities.c.oid),
                "status": case((newer, excluded.status), else_=identities.c.status),
                "status_at": func.greatest(excluded.status_at, identities.c.status_at),
            },
        )
    )


async def on_identity_qualified(session: AsyncSession, event: IdentityQualified, _: Envelope) -> None:
    """The practice now holds this INS as QUAL: it may reference a tele-expertise (RNIV; CSP R6316-3)."""
    await _project_status(
        session,
        event.identity_id,
        event.practice_id,
        event.ins,
        IdentityStatus.QUAL.value,
        event.qualified_at,
    )


async def on_identity_status_changed(
    session: AsyncSession, event: IdentityStatusChanged, _: Envelope
) -> None:
    """Any other status, downgrades out of QUAL included: the INS may no longer back a new request."""
    await _project_status(
        session, event.identity_id, event.practice_id, event.ins, event.new_status.value, event.changed_at
    )


def _not_older(at: datetime) -> object:
    return col(ActRow.billing_at).is_(None) | (col(ActRow.billing_at) <= _aware(at))


async def _show_billing(
    session: AsyncSession, act_id: UUID, expertise_id: UUID, at: datetime, outcome: str, **values: object
) -> None:
    """Write billing-service's outcome on the act unless a newer one is shown already."""
    result = await session.execute(
        update(ActRow)
        .where(col(ActRow.act_id) == act_id, col(ActRow.expertise_id) == expertise_id)
        .where(_not_older(at))  # type: ignore[arg-type]
        .values(billing_status=outcome, billing_at=_aware(at), **values)
    )
    _count(session, result.rowcount, outcome)  # type: ignore[attr-defined]


async def on_billed(session: AsyncSession, event: TeleExpertiseBilled, _: Envelope) -> None:
    """Show the act as billed, with its invoice line (billing-service's outcome)."""
    await _show_billing(
        session,
        event.act_id,
        event.expertise_id,
        event.billed_at,
        "billed",
        invoice_id=event.invoice_id,
        amount_cents=int(event.amount * Decimal(100)),
        payer=event.payer.value,
        rejection_reason=None,
        rejection_detail=None,
    )


async def on_billing_rejected(
    session: AsyncSession, event: TeleExpertiseBillingRejected, _: Envelope
) -> None:
    """Show the act as not billed, and why (e.g. the 4-acts-a-year cap)."""
    await _show_billing(
        session,
        event.act_id,
        event.expertise_id,
        event.rejected_at,
        "rejected",
        invoice_id=None,
        amount_cents=None,
        payer=None,
        rejection_reason=event.reason.value,
        rejection_detail=event.detail[:2000],
    )


def _count(session: AsyncSession, rows: int, outcome: str) -> None:
    if rows:
        count_after_commit(session, billing_updates, 1, {"outcome": outcome})
    else:
        # Not ours (another deployment on the same topic) or older than what is shown: nothing to do.
        log.debug("billing outcome ignored", extra={"outcome": outcome})


def report_reference(document: ReportDocument) -> ReportReference:
    """The report as ActRecorded carries it."""
    return ReportReference(
        title=document.title,
        content_type=document.content_type,
        content=document.content,
        sha256=document.sha256,
    )


def report_event_bytes(report: ReportReference) -> int:
    """Bytes the report takes in an ActRecorded's Kafka value, written as CloudEvents writes `data`
    (`json.dumps`, ASCII escapes: an emoji is 12 bytes)."""
    return len(json.dumps(report.model_dump(mode="json")).encode())


def report_fits_an_event(document: ReportDocument) -> bool:
    """Whether the rendered report stays within REPORT_EVENT_BUDGET_BYTES once in the event."""
    return report_event_bytes(report_reference(document)) <= REPORT_EVENT_BUDGET_BYTES


async def record_acts(
    session: AsyncSession,
    runtime: Runtime,
    expertise: TeleExpertise,
    acts: tuple[Act, Act],
    practices: dict[ActRole, str],
    document: ReportDocument,
) -> None:
    """Store both acts and queue one ActRecorded each, in the answer's transaction (exactly once each).

    The act id is deterministic and is also the event id, so consumers dedup any redelivery by it.
    """
    key = runtime.patient_key(expertise.patient.matricule)
    report = report_reference(document)
    professions = {
        ActRole.REQUERANT: expertise.requerant.profession,
        ActRole.REQUIS: expertise.requis.profession,
    }
    for act in acts:
        session.add(
            ActRow(
                act_id=act.act_id,
                expertise_id=act.expertise_id,
                role=act.role.value,
                code=act.code.value,
                practice_id=practices[act.role],
                practitioner_rpps=act.practitioner_rpps,
                performed_at=act.performed_at,
            )
        )
        event = ActRecorded(
            act_id=act.act_id,
            expertise_id=act.expertise_id,
            practice_id=practices[act.role],
            role=act.role,
            practitioner_rpps=act.practitioner_rpps,
            patient_ins=expertise.patient,
            patient_key=key,
            act_code=act.code,
            performed_at=act.performed_at,
            report=report,
            practitioner_profession=professions[act.role],
        )
        await publish(session, event, key=key, source=runtime.source, event_id=act.act_id)
        count_after_commit(session, acts_recorded, 1, {"code": act.code.value})
    await session.flush()


def subscriptions() -> dict[str, list[Subscription]]:
    """The consumer group (servicekit suffixes it in tests so runs stay apart) and what it handles."""
    return {
        CONSUMER: [
            Subscription(IdentityQualified, on_identity_qualified),
            Subscription(IdentityStatusChanged, on_identity_status_changed),
            Subscription(TeleExpertiseBilled, on_billed),
            Subscription(TeleExpertiseBillingRejected, on_billing_rejected),
        ]
    }


SUBSCRIPTIONS = subscriptions()
PRODUCES = [ActRecorded.topic]
