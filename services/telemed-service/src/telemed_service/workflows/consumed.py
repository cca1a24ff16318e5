"""What other services tell telemed-service: INS statuses (ins-service) and billing outcomes.

Each runs in the consumer's unit of work, so its effect commits with the event's inbox row.
"""

import logging
from datetime import UTC, datetime
from decimal import Decimal

from dentalink_contracts import Ins
from dentalink_contracts.events import DomainEvent
from dentalink_contracts.events.billing import TeleExpertiseBilled, TeleExpertiseBillingRejected
from dentalink_contracts.events.ins import IdentityQualified, IdentityStatus, IdentityStatusChanged
from dentalink_contracts.sealing import Sealed, SealingError
from servicekit import PermanentError, UnitOfWork
from telemed_service.context import TelemedContext
from telemed_service.store import BillingOutcome, IdentityStatusFact, TelemedStore
from telemed_service.workflows.common import billing_updates

log = logging.getLogger("telemed_service.workflows")


def _aware(moment: datetime) -> datetime:
    # Contracts type these as plain datetimes; a naive one is taken as UTC, as every service stores.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _opened(context: TelemedContext, sealed: Sealed[Ins], event: DomainEvent) -> Ins:
    """The INS sealed in an identity event; one that does not open is dead-lettered (no retry helps)."""
    try:
        return context.settings.field_key_ring().open(sealed, event, "ins")
    except SealingError as error:
        raise PermanentError(str(error)) from error


async def identity_qualified(
    uow: UnitOfWork[TelemedStore], context: TelemedContext, event: IdentityQualified
) -> None:
    """The practice now holds this INS as QUAL: it may back a tele-expertise (RNIV; CSP R6316-3)."""
    await uow.store.project_identity_status(
        IdentityStatusFact(
            identity_id=event.identity_id,
            practice_id=event.practice_id,
            ins=_opened(context, event.ins, event),
            status=IdentityStatus.QUAL.value,
            at=_aware(event.qualified_at),
        )
    )


async def identity_status_changed(
    uow: UnitOfWork[TelemedStore], context: TelemedContext, event: IdentityStatusChanged
) -> None:
    """Any other status, downgrades out of QUAL included: the INS may no longer back a new request.
    The two topics may deliver out of order: the newest status time wins."""
    await uow.store.project_identity_status(
        IdentityStatusFact(
            identity_id=event.identity_id,
            practice_id=event.practice_id,
            ins=_opened(context, event.ins, event) if event.ins is not None else None,
            status=event.new_status.value,
            at=_aware(event.changed_at),
        )
    )


async def _show_billing(
    uow: UnitOfWork[TelemedStore],
    event: TeleExpertiseBilled | TeleExpertiseBillingRejected,
    outcome: BillingOutcome,
) -> None:
    if await uow.store.show_billing(event.act_id, event.expertise_id, outcome):
        uow.outbox.count(billing_updates, 1, {"outcome": outcome.status})
    else:
        # Not ours (another deployment on the same topic) or older than what is shown: nothing to do.
        log.debug("billing outcome ignored", extra={"outcome": outcome.status})


async def act_billed(
    uow: UnitOfWork[TelemedStore], context: TelemedContext, event: TeleExpertiseBilled
) -> None:
    """Show the act as billed, with its invoice line (billing-service's outcome; the newest wins)."""
    outcome = BillingOutcome(
        status="billed",
        at=_aware(event.billed_at),
        invoice_id=event.invoice_id,
        amount_cents=int(event.amount * Decimal(100)),
        payer=event.payer.value,
    )
    await _show_billing(uow, event, outcome)


async def act_billing_rejected(
    uow: UnitOfWork[TelemedStore], context: TelemedContext, event: TeleExpertiseBillingRejected
) -> None:
    """Show the act as not billed, and why (e.g. the 4-acts-a-year cap; the newest outcome wins)."""
    outcome = BillingOutcome(
        status="rejected",
        at=_aware(event.rejected_at),
        rejection_reason=event.reason.value,
        rejection_detail=event.detail[:2000],
    )
    await _show_billing(uow, event, outcome)
