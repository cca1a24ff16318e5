"""What telemed-service publishes (ActRecorded and TeleExpertiseStatusChanged, through the outbox) and
which workflow each consumed event calls (INS statuses from ins-service, billing outcomes from
billing-service)."""

from sqlalchemy.ext.asyncio import AsyncSession

from dentalink_contracts.envelope import Envelope
from dentalink_contracts.events.billing import TeleExpertiseBilled, TeleExpertiseBillingRejected
from dentalink_contracts.events.ins import IdentityQualified, IdentityStatusChanged
from dentalink_contracts.events.telemed import ActRecorded, TeleExpertiseStatusChanged
from servicekit import Subscription, UnitOfWork, unit_of_work_in
from telemed_service import workflows
from telemed_service.context import TelemedContext
from telemed_service.store import SqlTelemedStore, TelemedStore

CONSUMER = "telemed-service"


def _unit(session: AsyncSession, context: TelemedContext) -> UnitOfWork[TelemedStore]:
    return unit_of_work_in(session, SqlTelemedStore, context.source)


async def on_identity_qualified(
    session: AsyncSession, event: IdentityQualified, _: Envelope, context: TelemedContext
) -> None:
    await workflows.identity_qualified(_unit(session, context), context, event)


async def on_identity_status_changed(
    session: AsyncSession, event: IdentityStatusChanged, _: Envelope, context: TelemedContext
) -> None:
    await workflows.identity_status_changed(_unit(session, context), context, event)


async def on_billed(
    session: AsyncSession, event: TeleExpertiseBilled, _: Envelope, context: TelemedContext
) -> None:
    await workflows.act_billed(_unit(session, context), context, event)


async def on_billing_rejected(
    session: AsyncSession, event: TeleExpertiseBillingRejected, _: Envelope, context: TelemedContext
) -> None:
    await workflows.act_billing_rejected(_unit(session, context), context, event)


def subscriptions() -> dict[str, list[Subscription[TelemedContext]]]:
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
PRODUCES = [ActRecorded.topic, TeleExpertiseStatusChanged.topic]
