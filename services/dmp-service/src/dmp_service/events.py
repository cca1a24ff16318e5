"""Events dmp-service consumes, and the one it publishes: DocumentFiled, through the outbox, in the
transaction that files a document or a new version (`workflows.documents`).

- IdentityQualified / IdentityStatusChanged (ins): the record follows the identity (`workflows.identity`).
- ActRecorded (telemed): the tele-expertise report is filed in the record (`workflows.reports`).

Each handler runs its workflow in the consumer's transaction, which commits with the inbox row.
"""

from sqlalchemy.ext.asyncio import AsyncSession

from dentalink_contracts.envelope import Envelope
from dentalink_contracts.events import ActRecorded, DocumentFiled, IdentityQualified, IdentityStatusChanged
from dmp_service.context import DmpContext
from dmp_service.store import SqlDmpStore
from dmp_service.workflows import identity, reports
from servicekit import Subscription, unit_of_work_in

CONSUMER_GROUP = "dmp-service"
PRODUCES: list[str] = [DocumentFiled.topic]


async def on_identity_qualified(
    session: AsyncSession, event: IdentityQualified, _: Envelope, context: DmpContext
) -> None:
    await identity.identity_qualified(unit_of_work_in(session, SqlDmpStore, context.source), context, event)


async def on_identity_status_changed(
    session: AsyncSession, event: IdentityStatusChanged, _: Envelope, context: DmpContext
) -> None:
    await identity.identity_status_changed(
        unit_of_work_in(session, SqlDmpStore, context.source), context, event
    )


async def on_act_recorded(
    session: AsyncSession, event: ActRecorded, _: Envelope, context: DmpContext
) -> None:
    await reports.act_recorded(unit_of_work_in(session, SqlDmpStore, context.source), context, event)


SUBSCRIPTIONS: dict[str, list[Subscription[DmpContext]]] = {
    CONSUMER_GROUP: [
        Subscription(IdentityQualified, on_identity_qualified),
        Subscription(IdentityStatusChanged, on_identity_status_changed),
        Subscription(ActRecorded, on_act_recorded),
    ]
}
