"""What billing-service consumes: recorded tele-expertise acts (to bill) and apCV sessions (projection).

It publishes `TeleExpertiseBilled` / `TeleExpertiseBillingRejected` through the outbox, in the
transaction of the decision (see `tele_expertise.bill_act`).
"""

from sqlalchemy import case, func
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from billing_service.context import BillingContext
from billing_service.models import ApcvSessionRow
from billing_service.tele_expertise import bill_act
from dentalink_contracts.envelope import Envelope
from dentalink_contracts.events.billing import TeleExpertiseBilled, TeleExpertiseBillingRejected
from dentalink_contracts.events.telemed import ActRecorded
from dentalink_contracts.events.vitale import ApcvSessionClosed, ApcvSessionOpened
from servicekit import Subscription
from servicekit.consumer import Handler

PRODUCES = [TeleExpertiseBilled.topic, TeleExpertiseBillingRejected.topic]

_sessions = ApcvSessionRow.metadata.tables["apcv_sessions"]


def on_act_recorded(context: BillingContext) -> Handler:
    """Handler billing each recorded act once (DOMAIN.md §6)."""

    async def handle(session: AsyncSession, event: ActRecorded, envelope: Envelope) -> None:
        await bill_act(session, event, envelope.id, context)

    return handle


async def on_session_opened(session: AsyncSession, event: ApcvSessionOpened, _: Envelope) -> None:
    """Project an opened apCV session; a closure learnt earlier (topics are not ordered) is kept."""
    values = {
        "session_id": event.session_id,
        "practice_id": event.practice_id,
        "patient_key": event.patient_key,
        "practitioner_rpps": event.practitioner_rpps,
        "beneficiary": event.beneficiary.model_dump(mode="json"),
        "opened_at": event.opened_at,
        "expires_at": event.expires_at,
    }
    statement = insert(_sessions).values(**values)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[_sessions.c.session_id],
            set_={name: statement.excluded[name] for name in values if name != "session_id"},
        )
    )


async def on_session_closed(session: AsyncSession, event: ApcvSessionClosed, _: Envelope) -> None:
    """Project a closure; the earliest known end of the session wins."""
    statement = insert(_sessions).values(
        session_id=event.session_id,
        practice_id=event.practice_id,
        patient_key=event.patient_key,
        closed_at=event.closed_at,
        close_reason=event.reason.value,
    )
    earlier = (_sessions.c.closed_at.is_(None)) | (statement.excluded.closed_at < _sessions.c.closed_at)
    await session.execute(
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


def subscriptions(context: BillingContext) -> dict[str, list[Subscription]]:
    """Consumer groups: acts and sessions in separate groups, so neither waits on the other."""
    return {
        "billing-service-acts": [Subscription(ActRecorded, on_act_recorded(context))],
        "billing-service-apcv": [
            Subscription(ApcvSessionOpened, on_session_opened),
            Subscription(ApcvSessionClosed, on_session_closed),
        ],
    }
