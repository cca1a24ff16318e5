"""The parties' steps on a file: accept, refuse, cancel, answer (the acts), record an incident.

Each step locks the file, so concurrent steps apply one after the other; the clock is read once the
lock is held, so steps are dated in the order they apply.
"""

from dataclasses import replace
from uuid import UUID

from dentalink_contracts.events.telemed import ActRecorded, ActRole
from servicekit import CallerContext
from telemed_service.context import TelemedContext
from telemed_service.domain import (
    Action,
    Refusal,
    Report,
    RequisProfessionMismatchError,
    accept,
    acts_for_answer,
    answer,
    cancel,
    record_incident,
    refuse,
    repeats,
)
from telemed_service.domain.report_document import ensure_fits_an_event, report_document, report_reference
from telemed_service.models import TraceRow
from telemed_service.schemas import ReportRequest
from telemed_service.store import REPORT_PART, ExpertiseFile
from telemed_service.workflows.common import acts_recorded, announce, traced, visible
from telemed_service.workflows.requests import decode_files


async def accept_tele_expertise(
    context: TelemedContext, caller: CallerContext, expertise_id: UUID
) -> ExpertiseFile:
    """The requis takes the file on; the practice he accepts for is recorded (his act is billed there)."""
    async with context.units_of_work() as uow:
        filed = await visible(uow.store, expertise_id, caller, for_update=True)
        if repeats(filed.expertise, Action.ACCEPT, caller.professional.rpps):
            return await uow.store.file(expertise_id)
        transition = accept(filed.expertise, caller.professional.rpps, context.now())
        named = filed.expertise.requis.profession
        if caller.professional.profession is not named:
            # Eligibility was judged on the profession the requérant named; it must be the real one.
            raise RequisProfessionMismatchError(named)
        accepted = replace(filed, expertise=transition.expertise, requis_practice_id=caller.practice_id)
        await uow.store.save(accepted)
        await traced(uow, caller, transition)
        await announce(uow, accepted, transition)
        return await uow.store.file(expertise_id)


async def refuse_tele_expertise(
    context: TelemedContext, caller: CallerContext, expertise_id: UUID, refusal: Refusal
) -> ExpertiseFile:
    """The requis declines (e.g. outside his field of expertise): no act is due."""
    async with context.units_of_work() as uow:
        filed = await visible(uow.store, expertise_id, caller, for_update=True)
        if repeats(filed.expertise, Action.REFUSE, caller.professional.rpps, refusal=refusal):
            return await uow.store.file(expertise_id)
        transition = refuse(filed.expertise, caller.professional.rpps, refusal, context.now())
        refused = replace(filed, expertise=transition.expertise)
        await uow.store.save(refused)
        await traced(uow, caller, transition)
        # The practice he refuses from is announced, not recorded: it does not make the file visible there.
        await announce(uow, refused, transition, requis_practice_id=caller.practice_id)
        return await uow.store.file(expertise_id)


async def cancel_tele_expertise(
    context: TelemedContext, caller: CallerContext, expertise_id: UUID, reason: str | None
) -> ExpertiseFile:
    """The requérant withdraws the request before it is answered."""
    async with context.units_of_work() as uow:
        filed = await visible(uow.store, expertise_id, caller, for_update=True)
        if repeats(filed.expertise, Action.CANCEL, caller.professional.rpps):
            return await uow.store.file(expertise_id)
        transition = cancel(filed.expertise, caller.professional.rpps, context.now(), reason)
        cancelled = replace(filed, expertise=transition.expertise)
        await uow.store.save(cancelled)
        await traced(uow, caller, transition)
        await announce(uow, cancelled, transition)
        return await uow.store.file(expertise_id)


async def report_tele_expertise(
    context: TelemedContext, caller: CallerContext, expertise_id: UUID, body: ReportRequest
) -> ExpertiseFile:
    """The requis answers: the report, its files, and both acts (RQD for the requérant in his practice,
    TE2 for the requis in the practice he answers for), each announced by one ActRecorded whose id is
    the act id, all in this unit of work."""
    files = decode_files(body.attachments, "attachments")
    report = Report(
        text=body.text,
        attachments=tuple(file.attachment for file in files),
        acts=tuple(body.acts),
        prescriptions=tuple(body.prescriptions),
    )
    rpps = caller.professional.rpps
    async with context.units_of_work() as uow:
        filed = await visible(uow.store, expertise_id, caller, for_update=True)
        if repeats(filed.expertise, Action.ANSWER, rpps, report=report):
            return await uow.store.file(expertise_id)
        transition = answer(filed.expertise, rpps, report, context.now(), context.settings.attachment_policy)
        expertise, answered_at = transition.expertise, transition.entry.at
        document = report_document(expertise)
        # Kafka would refuse an event this large: its acts would never be billed nor filed.
        ensure_fits_an_event(document)
        answered = replace(filed, expertise=expertise, requis_practice_id=caller.practice_id)
        await uow.store.save(answered)
        await traced(uow, caller, transition)
        await announce(uow, answered, transition)
        await uow.store.add_report(expertise.id, report, document, rpps, answered_at)
        await uow.store.add_files(expertise.id, REPORT_PART, files, rpps, answered_at)
        acts = acts_for_answer(expertise, answered_at)
        practices = {ActRole.REQUERANT: filed.requerant_practice_id, ActRole.REQUIS: caller.practice_id}
        await uow.store.add_acts(acts, practices)
        key = context.patient_key(expertise.patient.matricule)
        reference = report_reference(document)
        keys = context.settings.field_key_ring()
        professions = {
            ActRole.REQUERANT: expertise.requerant.profession,
            ActRole.REQUIS: expertise.requis.profession,
        }
        for act in acts:
            event = ActRecorded(
                act_id=act.act_id,
                expertise_id=act.expertise_id,
                practice_id=practices[act.role],
                role=act.role,
                practitioner_rpps=act.practitioner_rpps,
                patient_ins=keys.seal(expertise.patient, ActRecorded, "patient_ins"),
                patient_key=key,
                act_code=act.code,
                performed_at=act.performed_at,
                report=keys.seal(reference, ActRecorded, "report"),
                practitioner_profession=professions[act.role],
            )
            # The act id is the event id too: consumers dedup any redelivery by it.
            await uow.outbox.publish(event, key=key, event_id=act.act_id)
            uow.outbox.count(acts_recorded, 1, {"code": act.code.value})
        return await uow.store.file(expertise_id)


async def record_tele_expertise_incident(
    context: TelemedContext, caller: CallerContext, expertise_id: UUID, description: str
) -> TraceRow:
    """A party traces a technical incident, in any state; the file's state does not change."""
    async with context.units_of_work() as uow:
        filed = await visible(uow.store, expertise_id, caller, for_update=True)
        transition = record_incident(filed.expertise, caller.professional.rpps, description, context.now())
        return await traced(uow, caller, transition)
