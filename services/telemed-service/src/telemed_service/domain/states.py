"""The tele-expertise life cycle: its states, the actions on it, and which action is legal when."""

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType


class ExpertiseStatus(StrEnum):
    """Where a tele-expertise stands (DOMAIN.md §6; avenant 1 art. 58.1.2)."""

    REQUESTED = "requested"
    ACCEPTED = "accepted"
    ANSWERED = "answered"
    REFUSED = "refused"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


class Action(StrEnum):
    """What can happen to a tele-expertise; each one leaves a trace entry (CSP R6316-4)."""

    REQUEST = "request"
    ACCEPT = "accept"
    REFUSE = "refuse"
    ANSWER = "answer"
    CANCEL = "cancel"
    EXPIRE = "expire"
    RECORD_INCIDENT = "record_incident"


class PartyRole(StrEnum):
    """Who acts: one of the two professionals, or the platform itself (expiry, incidents)."""

    REQUERANT = "requerant"
    REQUIS = "requis"
    SYSTEM = "system"


OPEN_STATUSES = frozenset({ExpertiseStatus.REQUESTED, ExpertiseStatus.ACCEPTED})

# From which statuses each action is legal. REQUEST creates the expertise, so no status allows it.
LEGAL_FROM: Mapping[Action, frozenset[ExpertiseStatus]] = MappingProxyType(
    {
        Action.REQUEST: frozenset(),
        Action.ACCEPT: frozenset({ExpertiseStatus.REQUESTED}),
        # The requis may decline once he has seen the data, not only on receipt (art. 58.1.2).
        Action.REFUSE: OPEN_STATUSES,
        Action.ANSWER: frozenset({ExpertiseStatus.ACCEPTED}),
        Action.CANCEL: OPEN_STATUSES,
        Action.EXPIRE: OPEN_STATUSES,
        Action.RECORD_INCIDENT: frozenset(ExpertiseStatus),
    }
)

# The only party allowed to perform each party-bound action (DOMAIN.md §6).
PARTY_FOR: Mapping[Action, PartyRole] = MappingProxyType(
    {
        Action.REQUEST: PartyRole.REQUERANT,
        Action.ACCEPT: PartyRole.REQUIS,
        Action.REFUSE: PartyRole.REQUIS,
        Action.ANSWER: PartyRole.REQUIS,
        Action.CANCEL: PartyRole.REQUERANT,
        Action.EXPIRE: PartyRole.SYSTEM,
    }
)
