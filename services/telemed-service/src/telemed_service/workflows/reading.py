"""What the parties read: their files, one file, one attachment, the trace."""

from datetime import datetime
from uuid import UUID

from servicekit import CallerContext
from servicekit.pagination import page_of
from telemed_service.context import TelemedContext
from telemed_service.domain import AttachmentNotFoundError, ExpertiseStatus, PartyFilter
from telemed_service.models import AttachmentRow, ExpertiseRow, TraceRow
from telemed_service.store import ExpertiseFile
from telemed_service.workflows.common import visible


async def list_tele_expertises(
    context: TelemedContext,
    caller: CallerContext,
    *,
    party: PartyFilter | None,
    status: ExpertiseStatus | None,
    after: tuple[datetime, UUID] | None,
    limit: int,
) -> tuple[list[ExpertiseRow], str | None]:
    """One page of the files the caller sees, oldest first, and the cursor of the next page.

    `party`: requerant, asked by his practice; requis, asked of him or of his practice."""
    async with context.units_of_work() as uow:
        rows = await uow.store.expertises(
            practice_id=caller.practice_id,
            rpps=caller.professional.rpps,
            party=party,
            status=status,
            after=after,
            limit=limit + 1,
        )
    return page_of(rows, limit)


async def get_tele_expertise(
    context: TelemedContext, caller: CallerContext, expertise_id: UUID
) -> ExpertiseFile:
    async with context.units_of_work() as uow:
        await visible(uow.store, expertise_id, caller)
        return await uow.store.file(expertise_id)


async def attachment_of(
    context: TelemedContext, caller: CallerContext, expertise_id: UUID, attachment_id: UUID
) -> AttachmentRow:
    """One file of a visible tele-expertise, with its content."""
    async with context.units_of_work() as uow:
        await visible(uow.store, expertise_id, caller)
        file = await uow.store.attachment(attachment_id)
        if file is None or file.expertise_id != expertise_id:
            raise AttachmentNotFoundError()
        return file


async def trace_of(
    context: TelemedContext, caller: CallerContext, expertise_id: UUID
) -> tuple[ExpertiseFile, list[TraceRow]]:
    """The file and its immutable trace (CSP R6316-4), entries in order."""
    async with context.units_of_work() as uow:
        await visible(uow.store, expertise_id, caller)
        return await uow.store.file(expertise_id), await uow.store.trace(expertise_id)
