"""What a tele-expertise's status change announces to other services (TeleExpertiseStatusChanged).

Ids, statuses and practices only: no INS, patient key, names nor reasons. The event id is derived from
the file and the status reached: each status is reached at most once, so a re-emission keeps its id.
"""

from uuid import NAMESPACE_URL, UUID, uuid5

from dentalink_contracts.events.telemed import TeleExpertiseStatus, TeleExpertiseStatusChanged
from telemed_service.domain.filing import FiledExpertise
from telemed_service.domain.states import ExpertiseStatus
from telemed_service.domain.trace import TraceEntry

# Fixed forever: changing it would give already-emitted status changes new ids.
STATUS_EVENT_NAMESPACE = uuid5(NAMESPACE_URL, "urn:dentalink:telemed:status-changed")


def status_event_id(expertise_id: UUID, status: ExpertiseStatus) -> UUID:
    return uuid5(STATUS_EVENT_NAMESPACE, f"{expertise_id}:{status.value}")


def status_changed(
    filed: FiledExpertise, entry: TraceEntry, *, requis_practice_id: str | None = None
) -> TeleExpertiseStatusChanged:
    """The announcement of the status change `entry` traced on `filed` (statuses and instant from the
    trace, so the file and its announcement cannot disagree). `requis_practice_id` names the practice
    the requis acts from when the file does not record it (a refusal); otherwise the recorded one, if any."""
    return TeleExpertiseStatusChanged(
        expertise_id=filed.expertise.id,
        previous_status=None if entry.from_status is None else TeleExpertiseStatus(entry.from_status.value),
        new_status=TeleExpertiseStatus(entry.to_status.value),
        requerant_practice_id=filed.requerant_practice_id,
        requis_practice_id=filed.requis_practice_id or requis_practice_id,
        changed_at=entry.at,
    )
