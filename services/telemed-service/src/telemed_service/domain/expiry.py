"""When an unanswered tele-expertise lapses (DOMAIN.md §6: a 7-day delay, assumed and configurable)."""

from datetime import datetime, timedelta

from telemed_service.domain.errors import NotYetExpiredError
from telemed_service.domain.expertise import TeleExpertise, Transition
from telemed_service.domain.states import OPEN_STATUSES, Action, ExpertiseStatus, PartyRole
from telemed_service.domain.transitions import (
    ensure_in_order,
    ensure_legal,
    evolve,
    make_transition,
    require_aware,
)

# **Assumption** (DOMAIN.md §6): the requis answers within 7 days, as physicians must; configurable.
DEFAULT_ANSWER_DELAY = timedelta(days=7)


def _require_positive(delay: timedelta) -> None:
    if delay <= timedelta(0):
        raise ValueError("the answer delay must be positive")


def answer_deadline(expertise: TeleExpertise, delay: timedelta = DEFAULT_ANSWER_DELAY) -> datetime:
    """Last instant the report is still on time: request date and time + delay (DOMAIN.md §6, assumption)."""
    _require_positive(delay)
    return expertise.requested_at + delay


def is_expired(expertise: TeleExpertise, now: datetime, delay: timedelta = DEFAULT_ANSWER_DELAY) -> bool:
    """Still open and strictly past its deadline; acceptance does not restart the clock (DOMAIN.md §6)."""
    require_aware(now)
    return expertise.status in OPEN_STATUSES and now > answer_deadline(expertise, delay)


def expire(expertise: TeleExpertise, now: datetime, delay: timedelta = DEFAULT_ANSWER_DELAY) -> Transition:
    """The platform closes a tele-expertise left unanswered past its deadline (DOMAIN.md §6, assumption)."""
    ensure_legal(expertise, Action.EXPIRE)
    deadline = answer_deadline(expertise, delay)
    if not is_expired(expertise, now, delay):
        raise NotYetExpiredError(deadline)
    ensure_in_order(expertise, now)
    after = evolve(expertise, status=ExpertiseStatus.EXPIRED, closed_at=now)
    details = f"unanswered at deadline {deadline.isoformat()}"
    return make_transition(expertise, after, Action.EXPIRE, PartyRole.SYSTEM, None, now, details)
