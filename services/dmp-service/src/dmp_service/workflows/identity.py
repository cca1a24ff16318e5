"""The record follows the patient's identity as ins-service qualifies and downgrades it (consumed events).

- IdentityQualified / IdentityStatusChanged: keep each practice's identity status, create or enable
  the record while some practice holds the identity QUAL, disable it otherwise (`domain.identity`).
  Birth date and sex come from the traits of the latest qualification (the agenda needs them). The
  INS and those traits arrive sealed (`dentalink_contracts.sealing`) and are opened here.
- A change out of QUAL carries no INS (an identity that is not QUAL may not share it): it is applied
  through the identity id each practice status remembers, and kept in case it overtook its
  qualification, which it then overrides when dated later.
- When the record is qualified (again), what waited for it resumes: pushes to the national DMP held
  back, and tele-expertise reports awaiting the record (`workflows.reports`).

Each runs in the consumer's unit of work, so its effect commits with the event's inbox row.
"""

import uuid

from dentalink_contracts.events import IdentityQualified, IdentityStatus, IdentityStatusChanged
from dmp_service.context import DmpContext
from dmp_service.domain import PracticeIdentityStatus, leaves_qualified, newer_status, record_status
from dmp_service.models import IdentityStatusWithoutIns, PatientRecord, PracticeIdentity
from dmp_service.store import DmpStore
from dmp_service.workflows.reports import file_waiting_reports, opened
from servicekit import PermanentError, UnitOfWork


def _status_of(row: PracticeIdentity | IdentityStatusWithoutIns) -> PracticeIdentityStatus:
    return PracticeIdentityStatus(row.practice_id, IdentityStatus(row.status), row.status_at)


def _newer(current: PracticeIdentityStatus, incoming: PracticeIdentityStatus) -> PracticeIdentityStatus:
    try:
        return newer_status(current, incoming)
    except ValueError as error:  # ins-service identities belong to one practice: a corrupt event
        raise PermanentError("an identity's events name two practices") from error


def _keep_newer(row: PracticeIdentity, identity_id: uuid.UUID, incoming: PracticeIdentityStatus) -> bool:
    """Set the row to `incoming` unless it holds a later event; whether it changed."""
    if _newer(_status_of(row), incoming) is not incoming:
        return False
    row.status, row.status_at, row.identity_id = incoming.status.value, incoming.at, identity_id
    return True


async def _apply_practice_status(
    store: DmpStore, matricule: str, identity_id: uuid.UUID, incoming: PracticeIdentityStatus
) -> None:
    """Keep the practice's latest status for the INS by event time, a downgrade of the identity received
    earlier without its INS included."""
    row = await store.practice_identity_for_update(
        PracticeIdentity(
            matricule=matricule,
            practice_id=incoming.practice_id,
            identity_id=identity_id,
            status=incoming.status.value,
            status_at=incoming.at,
        )
    )
    _keep_newer(row, identity_id, incoming)
    remembered = await store.get(IdentityStatusWithoutIns, identity_id)
    if remembered is not None and row.identity_id == identity_id:
        _keep_newer(row, identity_id, _status_of(remembered))
    await store.save(row)


async def _remember_without_ins(
    store: DmpStore, identity_id: uuid.UUID, incoming: PracticeIdentityStatus
) -> None:
    row = await store.status_without_ins_for_update(
        IdentityStatusWithoutIns(
            identity_id=identity_id,
            practice_id=incoming.practice_id,
            status=incoming.status.value,
            status_at=incoming.at,
        )
    )
    if _newer(_status_of(row), incoming) is incoming:
        row.status, row.status_at = incoming.status.value, incoming.at
        await store.save(row)


async def _project_record(uow: UnitOfWork[DmpStore], context: DmpContext, matricule: str) -> None:
    """Set the record's status from every practice's (locked first, so the statuses read after the lock
    include those of a concurrent event on the same INS), and resume what waited for QUAL."""
    store = uow.store
    record = await store.find_record(matricule, lock=True)
    if record is None:
        return
    status = record_status(_status_of(row) for row in await store.practice_identities(matricule))
    if status is None:
        return
    record.identity_status = status.value
    record.updated_at = context.now()
    await store.save(record)
    if status is IdentityStatus.QUAL:
        # Pushes held back while the identity was not qualified go out now.
        await store.resume_postponed_pushes(record.id, context.now())
        await file_waiting_reports(uow, context, record)


async def identity_qualified(
    uow: UnitOfWork[DmpStore], context: DmpContext, event: IdentityQualified
) -> None:
    """A practice qualified the identity: the record exists (created if new) and follows the latest traits."""
    store = uow.store
    ins = opened(context, event.ins, event, "ins")
    traits = opened(context, event.traits, event, "traits")
    matricule = ins.matricule
    now = context.now()
    await store.lock_identity(event.identity_id)
    await _apply_practice_status(
        store,
        matricule,
        event.identity_id,
        PracticeIdentityStatus(event.practice_id, IdentityStatus.QUAL, event.qualified_at),
    )
    await store.add_record_if_absent(
        PatientRecord(
            id=uuid.uuid4(),
            matricule=matricule,
            oid=ins.oid.value,
            patient_key=context.patient_key(matricule),
            birth_date=traits.birth_date,
            sex=traits.sex.value,
            identity_status=IdentityStatus.QUAL.value,  # set from every practice's status just below
            qualified_at=event.qualified_at,
            created_at=now,
            updated_at=now,
        )
    )
    record = await store.find_record(matricule, lock=True)
    assert record is not None
    if event.qualified_at >= record.qualified_at:
        # The latest qualification's traits win: the agenda follows the identity as INSi returns it.
        record.oid = ins.oid.value
        record.birth_date = traits.birth_date
        record.sex = traits.sex.value
        record.qualified_at = event.qualified_at
        await store.save(record)
    await _project_record(uow, context, matricule)


async def identity_status_changed(
    uow: UnitOfWork[DmpStore], context: DmpContext, event: IdentityStatusChanged
) -> None:
    """A practice's identity changed status: the records it names follow every practice's statuses."""
    store = uow.store
    incoming = PracticeIdentityStatus(event.practice_id, event.new_status, event.changed_at)
    await store.lock_identity(event.identity_id)
    if event.ins is not None:
        matricule = opened(context, event.ins, event, "ins").matricule
        await _apply_practice_status(store, matricule, event.identity_id, incoming)
        await _project_record(uow, context, matricule)
        return
    # Not QUAL, so ins-service did not share the INS: the identity names the INS it qualified.
    if leaves_qualified(event.previous_status, event.new_status):
        await _remember_without_ins(store, event.identity_id, incoming)
    rows = await store.practice_identities_of_identity(event.identity_id)
    changed = [row for row in rows if _keep_newer(row, event.identity_id, incoming)]
    await store.save(*changed)
    for row in changed:  # in matricule order, as the rows were locked
        await _project_record(uow, context, row.matricule)
