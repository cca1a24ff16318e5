"""The record's identity status, projected from ins-service events (DOMAIN.md §2, §5).

The DMP is national: one record per INS, whatever practice qualified it. Each practice keeps its
own identity of the patient (ins-service), so the record holds one status per practice. The record
is enabled while at least one practice holds the identity QUAL, and is disabled when none does
(an `IdentityStatusChanged` leaving QUAL in the last qualifying practice). Each practice reaches
the record's health data only while its own status is QUAL (`practice_may_reach_record`).

IdentityQualified and IdentityStatusChanged travel on two topics, so they may arrive in any order:
a practice's status is the one of its latest event by event time, never the last one received.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from dentalink_contracts.events.ins import IdentityStatus
from dmp_service.domain.identifiers import require_aware


@dataclass(frozen=True)
class PracticeIdentityStatus:
    """The status of the patient's identity in one practice, as of `at` (the event's time)."""

    practice_id: str
    status: IdentityStatus
    at: datetime

    def __post_init__(self) -> None:
        require_aware(self.at, "status time")


def newer_status(
    current: PracticeIdentityStatus | None, incoming: PracticeIdentityStatus
) -> PracticeIdentityStatus:
    """The status to keep for a practice: the incoming one unless an event dated later was already applied."""
    if current is not None and current.practice_id != incoming.practice_id:
        raise ValueError("statuses of two practices cannot replace each other")
    if current is None or incoming.at >= current.at:
        return incoming
    return current


def record_status(statuses: Iterable[PracticeIdentityStatus]) -> IdentityStatus | None:
    """QUAL while any practice holds the identity QUAL, else the latest status; None when unknown."""
    known = list(statuses)
    if not known:
        return None
    if any(status.status is IdentityStatus.QUAL for status in known):
        return IdentityStatus.QUAL
    # Ties between practices at the same instant are broken by practice id, so arrival order never matters.
    return max(known, key=lambda status: (status.at, status.practice_id)).status


def leaves_qualified(previous: IdentityStatus | None, new: IdentityStatus) -> bool:
    """A change out of QUAL: published without the INS, it may overtake the qualification it ends on the
    other topic, so it is kept until that arrives (DOMAIN.md §2: only a QUAL identity shares its INS)."""
    return previous is IdentityStatus.QUAL and new is not IdentityStatus.QUAL
