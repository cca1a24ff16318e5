"""Events vitale publishes through the outbox; it consumes none.

ApcvSessionOpened when ADRI validated and the session opened; ApcvSessionClosed when the practitioner
closes it or when its window ends (announced by the expiry sweep even if no request touches it).
Keyed by the beneficiary's pseudonymous patient key, never the NIR. The workflows build them.
"""

from dentalink_contracts.events import ApcvSessionClosed, ApcvSessionOpened
from servicekit import Subscription
from vitale_service.context import VitaleContext

SUBSCRIPTIONS: dict[str, list[Subscription[VitaleContext]]] = {}
PRODUCES = [ApcvSessionOpened.topic, ApcvSessionClosed.topic]
