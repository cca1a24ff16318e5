"""apCV sessions as billing learns them from vitale-service's events: a local projection.

Both handlers run in the consumer's transaction. The two topics are not ordered, so a closure may
arrive before its opening: neither overwrites what the other taught.
"""

from billing_service.context import BillingContext
from billing_service.domain import ApcvSession
from billing_service.store import BillingStore
from dentalink_contracts.events.vitale import ApcvSessionClosed, ApcvSessionOpened
from dentalink_contracts.sealing import SealingError
from servicekit import PermanentError, UnitOfWork


async def record_session_opened(
    uow: UnitOfWork[BillingStore], context: BillingContext, event: ApcvSessionOpened
) -> None:
    """Consumed `ApcvSessionOpened`: project the session, its beneficiary opened (sealed in the event,
    kept for the care sheets); a closure learnt earlier is kept."""
    try:
        beneficiary = context.settings.field_key_ring().open(event.beneficiary, event, "beneficiary")
    except SealingError as error:  # another key ring, or altered in transit: retrying cannot help
        raise PermanentError(str(error)) from error
    await uow.store.session_opened(
        ApcvSession(
            session_id=event.session_id,
            practice_id=event.practice_id,
            patient_key=event.patient_key,
            practitioner_rpps=event.practitioner_rpps,
            beneficiary=beneficiary,
            opened_at=event.opened_at,
            expires_at=event.expires_at,
        )
    )


async def record_session_closed(uow: UnitOfWork[BillingStore], event: ApcvSessionClosed) -> None:
    """Consumed `ApcvSessionClosed`: project the closure; the earliest known end of the session wins."""
    await uow.store.session_closed(
        ApcvSession(
            session_id=event.session_id,
            practice_id=event.practice_id,
            patient_key=event.patient_key,
            closed_at=event.closed_at,
            close_reason=event.reason.value,
        )
    )
