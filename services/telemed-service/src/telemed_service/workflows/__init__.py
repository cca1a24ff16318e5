"""One function per command, query or consumed event of telemed-service.

Commands and queries open their unit of work (`async with context.units_of_work() as uow`), load
through the store, decide with the domain, write, and publish through the unit's outbox; they return
after the commit and raise domain errors (`problems` turns them into answers). Consumed events run in
the consumer's unit of work, with the event's inbox row.
"""

from telemed_service.workflows.care import declare_care_relationship
from telemed_service.workflows.consumed import (
    act_billed,
    act_billing_rejected,
    identity_qualified,
    identity_status_changed,
)
from telemed_service.workflows.reading import (
    attachment_of,
    get_tele_expertise,
    list_tele_expertises,
    trace_of,
)
from telemed_service.workflows.requests import decode_files, requerant_of, request_tele_expertise
from telemed_service.workflows.steps import (
    accept_tele_expertise,
    cancel_tele_expertise,
    record_tele_expertise_incident,
    refuse_tele_expertise,
    report_tele_expertise,
)
from telemed_service.workflows.sweeps import expire_overdue, trace_publication_failures

__all__ = [
    "accept_tele_expertise",
    "act_billed",
    "act_billing_rejected",
    "attachment_of",
    "cancel_tele_expertise",
    "declare_care_relationship",
    "decode_files",
    "expire_overdue",
    "get_tele_expertise",
    "identity_qualified",
    "identity_status_changed",
    "list_tele_expertises",
    "record_tele_expertise_incident",
    "refuse_tele_expertise",
    "report_tele_expertise",
    "requerant_of",
    "request_tele_expertise",
    "trace_of",
    "trace_publication_failures",
]
