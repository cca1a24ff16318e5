"""Events vitale publishes through the outbox; it consumes none.

ApcvSessionOpened when ADRI validated and the session opened; ApcvSessionClosed when the practitioner
closes it or when its window ends (emitted by the expiry sweep even if no request touches it).
Keyed by the beneficiary's pseudonymous patient key, never the NIR.
"""

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from dentalink_contracts.events import (
    ApcvBeneficiary,
    ApcvSessionClosed,
    ApcvSessionOpened,
    ReadingMode,
    SessionCloseReason,
)
from servicekit import Runtime, Subscription, publish
from vitale_service.domain import AmoBeneficiary
from vitale_service.models import ApcvSessionRow

SUBSCRIPTIONS: dict[str, list[Subscription]] = {}
PRODUCES = [ApcvSessionOpened.topic, ApcvSessionClosed.topic]


def event_beneficiary(beneficiary: AmoBeneficiary) -> ApcvBeneficiary:
    """The chosen beneficiary as the contract carries it (DOMAIN.md §4: AMO data of the app)."""
    return ApcvBeneficiary.model_validate(beneficiary.model_dump(mode="json"))


async def publish_opened(session: AsyncSession, runtime: Runtime, row: ApcvSessionRow) -> None:
    event = ApcvSessionOpened(
        session_id=row.id,
        practice_id=row.practice_id,
        practitioner_rpps=row.practitioner_rpps,
        patient_key=row.patient_key,
        beneficiary=event_beneficiary(AmoBeneficiary.model_validate(row.beneficiary)),
        reading_mode=ReadingMode(row.reading_mode),
        opened_at=row.opened_at,
        expires_at=row.expires_at,
    )
    await publish(session, event, key=row.patient_key, source=runtime.source)


async def publish_closed(
    session: AsyncSession, runtime: Runtime, row: ApcvSessionRow, reason: SessionCloseReason, at: datetime
) -> None:
    event = ApcvSessionClosed(
        session_id=row.id,
        practice_id=row.practice_id,
        patient_key=row.patient_key,
        reason=reason,
        closed_at=at,
    )
    await publish(session, event, key=row.patient_key, source=runtime.source)
