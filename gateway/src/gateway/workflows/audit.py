"""Reading the audit trail: a practice admin or an auditor reads their practice's trail."""

from gateway.context import GatewayContext
from gateway.domain.audit import AuditQuery, AuditRecord
from gateway.workflows.calls import Call
from servicekit.pagination import decode_uuid_cursor, page_of


async def list_audit_records(
    context: GatewayContext,
    call: Call,
    query: AuditQuery,
    *,
    cursor: str | None,
    limit: int,
) -> tuple[list[AuditRecord], str | None]:
    """One page of the calling practice's trail (oldest first) and the cursor of the next one."""
    assert call.practice_id is not None
    after = decode_uuid_cursor(cursor) if cursor is not None else None
    # Outcomes are written in batches: the reader sees every call this process has completed.
    await context.audit_outcomes.flush()
    async with context.units_of_work() as uow:
        records = await uow.store.audit_records(call.practice_id, query, after=after, limit=limit + 1)
    return page_of(records, limit)
