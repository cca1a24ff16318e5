"""Pushes of document versions to the national DMP (DOMAIN.md §5), by the push job.

Safe with several instances running: a version is claimed with `FOR UPDATE SKIP LOCKED` and pushed
in the claiming unit of work (the remote call is bounded by a timeout). A version of a patient whose
identity is not qualified any more waits, without spending attempts, until it is again
(`workflows.identity` resumes it).
"""

import asyncio

from dentalink_contracts.events.ins import IdentityStatus
from dmp_service.adapters.national_dmp import NationalDmpRejected, NationalDmpUnavailable, NationalDocument
from dmp_service.context import DmpContext
from dmp_service.domain import (
    PushState,
    PushStatus,
    record_push_failure,
    record_push_rejection,
    record_push_success,
)
from dmp_service.metrics import national_pushes
from dmp_service.models import DocumentContent, DocumentRow, PatientRecord
from dmp_service.store import POSTPONED


async def push_due_documents(context: DmpContext) -> int:
    """Push queued document versions whose time has come; returns how many were attempted."""
    attempted = 0
    for _ in range(context.settings.push_batch_size):
        now = context.now()
        async with context.units_of_work() as uow:
            store = uow.store
            row = await store.claim_due_push(now)
            if row is None:
                return attempted
            attempted += 1
            document = await store.get(DocumentRow, row.document_id)
            assert document is not None
            record = await store.get(PatientRecord, document.record_id)
            content = await store.get(DocumentContent, row.id)
            assert record is not None and content is not None
            if record.identity_status != IdentityStatus.QUAL.value:
                # The INS may be shared only while qualified (DOMAIN.md §2): wait, without spending attempts.
                row.push_next_at = now + context.retry_policy.max_delay
                row.push_last_error = POSTPONED
                await store.save(row)
                continue
            state = PushState(PushStatus.QUEUED, row.push_attempts, row.push_next_at)
            national_id = None
            try:
                receipt = await asyncio.wait_for(
                    context.national_dmp.push(
                        NationalDocument(
                            version_id=row.id,
                            document_id=row.document_id,
                            version=row.number,
                            matricule=record.matricule,
                            oid=record.oid,
                            type_code=row.type_code,
                            title=row.title,
                            author_rpps=row.author_rpps,
                            date_of_care=row.date_of_care,
                            content_type=row.content_type,
                            sha256=row.sha256,
                            content=content.content,
                            replaces_version_id=row.supersedes,
                        )
                    ),
                    timeout=context.settings.national_dmp_timeout_seconds,
                )
            except (NationalDmpUnavailable, TimeoutError) as error:
                new = record_push_failure(state, now, context.retry_policy)
                outcome = type(error).__name__
            except NationalDmpRejected as error:
                new = record_push_rejection(state, now)
                outcome = type(error).__name__
            else:
                new = record_push_success(state, now)
                national_id = receipt.national_id
                outcome = "pushed"
            row.push_status = new.status.value
            row.push_attempts = new.attempts
            row.push_next_at = new.next_attempt_at
            row.pushed_at = new.pushed_at
            row.national_id = national_id or row.national_id
            row.push_last_error = None if outcome == "pushed" else outcome
            await store.save(row)
            uow.outbox.count(national_pushes, 1, {"outcome": outcome})
    return attempted
