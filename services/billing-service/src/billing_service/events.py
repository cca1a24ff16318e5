"""What billing-service consumes: recorded tele-expertise acts (to bill) and apCV sessions (projection).

It publishes `TeleExpertiseBilled` / `TeleExpertiseBillingRejected` through the outbox, in the
transaction of the decision (see `workflows.bill_act`). Each handler runs one workflow in the
consumer's transaction, so the inbox row commits with the effect.
"""

from sqlalchemy.ext.asyncio import AsyncSession

from billing_service import workflows
from billing_service.context import BillingContext
from billing_service.store import SqlBillingStore
from dentalink_contracts.envelope import Envelope
from dentalink_contracts.events.billing import TeleExpertiseBilled, TeleExpertiseBillingRejected
from dentalink_contracts.events.telemed import ActRecorded
from dentalink_contracts.events.vitale import ApcvSessionClosed, ApcvSessionOpened
from servicekit import Subscription, unit_of_work_in

PRODUCES = [TeleExpertiseBilled.topic, TeleExpertiseBillingRejected.topic]


async def on_act_recorded(
    session: AsyncSession, event: ActRecorded, envelope: Envelope, context: BillingContext
) -> None:
    """Bill each recorded act once (DOMAIN.md §6)."""
    uow = unit_of_work_in(session, SqlBillingStore, context.source)
    await workflows.bill_act(uow, context, event, envelope.id)


async def on_session_opened(
    session: AsyncSession, event: ApcvSessionOpened, _: Envelope, context: BillingContext
) -> None:
    """Project an opened apCV session."""
    await workflows.record_session_opened(
        unit_of_work_in(session, SqlBillingStore, context.source), context, event
    )


async def on_session_closed(
    session: AsyncSession, event: ApcvSessionClosed, _: Envelope, context: BillingContext
) -> None:
    """Project the closure of an apCV session."""
    await workflows.record_session_closed(unit_of_work_in(session, SqlBillingStore, context.source), event)


# Consumer groups: acts and sessions in separate groups, so neither waits on the other.
SUBSCRIPTIONS: dict[str, list[Subscription[BillingContext]]] = {
    "billing-service-acts": [Subscription(ActRecorded, on_act_recorded)],
    "billing-service-apcv": [
        Subscription(ApcvSessionOpened, on_session_opened),
        Subscription(ApcvSessionClosed, on_session_closed),
    ],
}
