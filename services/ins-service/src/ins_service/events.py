"""Events of ins-service.

Publishes, through the outbox and in the transaction of the change (`workflows`):
- `IdentityQualified` once per entry of an identity into QUAL;
- `IdentityStatusChanged` for every other change of status or attributes, creation (previous
  status null) and downgrades out of QUAL included. Its `ins` is set only while the identity is QUAL
  (DOMAIN.md §2: the matricule is shared only when qualified).
Both are keyed by the pseudonymous patient key: HMAC of the matricule, or of the identity id while
the identity has none (`InsContext.patient_key`).

Consumes `ApcvSessionOpened`: the identity read from the e-carte Vitale app counts as qualified
(DOMAIN.md §2; RNIV 1 v2.0 §4.3.4); `workflows.qualify_from_session` qualifies the practice's
identity of the beneficiary with method AV, or creates it directly as QUAL, without calling INSi.
Redelivery is harmless (inbox); a second session of the same patient records a history entry only.
"""

from sqlalchemy.ext.asyncio import AsyncSession

from dentalink_contracts.envelope import Envelope
from dentalink_contracts.events import ApcvSessionOpened, IdentityQualified, IdentityStatusChanged
from ins_service.context import InsContext
from ins_service.store import SqlIdentityStore
from ins_service.workflows import qualify_from_session
from servicekit import Subscription, unit_of_work_in

PRODUCES = [IdentityQualified.topic, IdentityStatusChanged.topic]
CONSUMER_GROUP = "ins-service"


async def on_apcv_session_opened(
    session: AsyncSession, event: ApcvSessionOpened, _: Envelope, context: InsContext
) -> None:
    """In the consumer's transaction, with its inbox row: qualify the beneficiary's identity."""
    await qualify_from_session(unit_of_work_in(session, SqlIdentityStore, context.source), context, event)


# The consumer group of ins-service and what it reads.
SUBSCRIPTIONS: dict[str, list[Subscription[InsContext]]] = {
    CONSUMER_GROUP: [Subscription(ApcvSessionOpened, on_apcv_session_opened)]
}
