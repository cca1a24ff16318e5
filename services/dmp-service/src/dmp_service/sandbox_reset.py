"""Sandbox reset of one practice (servicekit.sandbox_reset): what it filed, wrote or was logged for
in the shared records.

Records are one per INS and shared by every practice (the national DMP), and the sandbox patients
are the same for every vendor, so "the practice's data" is read from the columns naming who acted:
documents whose first version it filed (with all their versions), profile entries it created, the
refusals it recorded, the messages it sent and the appointments it added (with their e-mails), the
related profiles it attached, the tele-expertise reports of its acts, its access-log lines and its
identity statuses. Deliberately left: the records themselves (another practice may hold the same
patient; their status follows the next identity event), a new version this practice filed of another
practice's document (removing it would rewrite that practice's document), and the sandbox e-mail box.
"""

from uuid import UUID

from sqlalchemy import Select, delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from dmp_service.models import (
    AccessLogRow,
    AccessRefusalRow,
    AppointmentRow,
    DocumentContent,
    DocumentRow,
    DocumentVersionRow,
    IdentityStatusWithoutIns,
    MessageAttachmentRow,
    MessageRow,
    NotificationRow,
    PracticeIdentity,
    ProfileEntryRow,
    ProfileEntryVersionRow,
    RelatedProfileRow,
    TeleExpertiseReportRow,
)
from servicekit.sandbox_reset import delete_in_order


async def _ids(session: AsyncSession, query: Select[tuple[UUID]]) -> list[UUID]:
    """Read before deleting: the rows that say who filed, created or sent are deleted with the rest."""
    return list((await session.execute(query)).scalars())


async def purge_practice(session: AsyncSession, practice_id: str) -> dict[str, int]:
    document_ids = await _ids(
        session,
        select(col(DocumentVersionRow.document_id)).where(
            col(DocumentVersionRow.number) == 1, col(DocumentVersionRow.filed_by_practice) == practice_id
        ),
    )
    entry_ids = await _ids(
        session,
        select(col(ProfileEntryVersionRow.entry_id)).where(
            col(ProfileEntryVersionRow.version) == 1, col(ProfileEntryVersionRow.practice_id) == practice_id
        ),
    )
    message_ids = await _ids(
        session, select(col(MessageRow.id)).where(col(MessageRow.sender_practice) == practice_id)
    )
    versions = select(col(DocumentVersionRow.id)).where(col(DocumentVersionRow.document_id).in_(document_ids))
    appointments = select(col(AppointmentRow.id)).where(col(AppointmentRow.practice_id) == practice_id)
    return await delete_in_order(
        session,
        delete(DocumentContent).where(col(DocumentContent.version_id).in_(versions)),
        delete(DocumentVersionRow).where(col(DocumentVersionRow.document_id).in_(document_ids)),
        delete(DocumentRow).where(col(DocumentRow.id).in_(document_ids)),
        delete(ProfileEntryVersionRow).where(col(ProfileEntryVersionRow.entry_id).in_(entry_ids)),
        delete(ProfileEntryRow).where(col(ProfileEntryRow.id).in_(entry_ids)),
        delete(NotificationRow).where(
            or_(
                col(NotificationRow.key).in_([f"message:{message_id}" for message_id in message_ids]),
                col(NotificationRow.appointment_id).in_(appointments),
            )
        ),
        delete(MessageAttachmentRow).where(col(MessageAttachmentRow.message_id).in_(message_ids)),
        delete(MessageRow).where(col(MessageRow.id).in_(message_ids)),
        delete(AppointmentRow).where(col(AppointmentRow.practice_id) == practice_id),
        delete(TeleExpertiseReportRow).where(col(TeleExpertiseReportRow.practice_id) == practice_id),
        delete(RelatedProfileRow).where(col(RelatedProfileRow.attached_by_practice) == practice_id),
        delete(AccessRefusalRow).where(col(AccessRefusalRow.recorded_by_practice) == practice_id),
        delete(AccessLogRow).where(col(AccessLogRow.practice_id) == practice_id),
        delete(PracticeIdentity).where(col(PracticeIdentity.practice_id) == practice_id),
        delete(IdentityStatusWithoutIns).where(col(IdentityStatusWithoutIns.practice_id) == practice_id),
    )
