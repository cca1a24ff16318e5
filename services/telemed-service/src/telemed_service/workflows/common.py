"""What the tele-expertise workflows share: their counters and how a step finds its file."""

from uuid import UUID

from servicekit import CallerContext, UnitOfWork
from servicekit.telemetry import meter
from telemed_service.domain import (
    ExpertiseNotFoundError,
    FiledExpertise,
    Transition,
    status_changed,
    status_event_id,
    visible_to,
)
from telemed_service.models import TraceRow
from telemed_service.store import TelemedStore

steps_counter = meter.create_counter(
    "dentalink_telemed_steps", description="Tele-expertise steps applied (request, accept, refuse, ...)"
)
acts_recorded = meter.create_counter(
    "dentalink_telemed_acts_recorded", description="Tele-expertise acts recorded (ActRecorded queued)"
)
billing_updates = meter.create_counter(
    "dentalink_telemed_billing_updates", description="Billing outcomes applied to tele-expertise acts"
)
expired_counter = meter.create_counter(
    "dentalink_telemed_expired", description="Tele-expertises expired unanswered after the delay"
)
incidents_counter = meter.create_counter(
    "dentalink_telemed_incidents", description="Technical incidents traced on tele-expertises"
)


async def visible(
    store: TelemedStore, expertise_id: UUID, caller: CallerContext, *, for_update: bool = False
) -> FiledExpertise:
    """The file if the caller may see it (locked when `for_update`); the same error whether it does not
    exist or is not the caller's, so another practice's file is never confirmed to exist."""
    filed = await store.get(expertise_id, for_update=for_update)
    if filed is None or not visible_to(filed, caller.practice_id, caller.professional.rpps):
        raise ExpertiseNotFoundError()
    return filed


async def traced(uow: UnitOfWork[TelemedStore], caller: CallerContext, transition: Transition) -> TraceRow:
    """Append a party's step to the trace and count the step once the unit commits."""
    entry = await uow.store.append_trace(transition.entry, actor_practice_id=caller.practice_id)
    uow.outbox.count(steps_counter, 1, {"action": transition.entry.action.value})
    return entry


async def announce(
    uow: UnitOfWork[TelemedStore],
    filed: FiledExpertise,
    transition: Transition,
    *,
    requis_practice_id: str | None = None,
) -> None:
    """Queue the TeleExpertiseStatusChanged of the transition just saved to `filed`, in the step's
    transaction, keyed by the file's id so its transitions stay ordered; the event id is the status
    event's (a re-emission keeps it)."""
    entry = transition.entry
    event = status_changed(filed, entry, requis_practice_id=requis_practice_id)
    event_id = status_event_id(entry.expertise_id, entry.to_status)
    await uow.outbox.publish(event, key=event.message_key, event_id=event_id)
