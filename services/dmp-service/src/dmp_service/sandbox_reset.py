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

from sqlalchemy import delete, or_, select
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
from servicekit.sandbox_reset import delete_rows


async def _documents(session: AsyncSession, practice_id: str) -> dict[str, int]:
    filed = select(col(DocumentVersionRow.document_id)).where(
        col(DocumentVersionRow.number) == 1, col(DocumentVersionRow.filed_by_practice) == practice_id
    )
    document_ids = list((await session.execute(filed)).scalars())
    versions = select(col(DocumentVersionRow.id)).where(col(DocumentVersionRow.document_id).in_(document_ids))
    contents = await delete_rows(
        session, delete(DocumentContent).where(col(DocumentContent.version_id).in_(versions))
    )
    removed_versions = await delete_rows(
        session, delete(DocumentVersionRow).where(col(DocumentVersionRow.document_id).in_(document_ids))
    )
    documents = await delete_rows(session, delete(DocumentRow).where(col(DocumentRow.id).in_(document_ids)))
    return {"document_contents": contents, "document_versions": removed_versions, "documents": documents}


async def _profile(session: AsyncSession, practice_id: str) -> dict[str, int]:
    created = select(col(ProfileEntryVersionRow.entry_id)).where(
        col(ProfileEntryVersionRow.version) == 1, col(ProfileEntryVersionRow.practice_id) == practice_id
    )
    entry_ids = list((await session.execute(created)).scalars())
    versions = await delete_rows(
        session, delete(ProfileEntryVersionRow).where(col(ProfileEntryVersionRow.entry_id).in_(entry_ids))
    )
    entries = await delete_rows(
        session, delete(ProfileEntryRow).where(col(ProfileEntryRow.id).in_(entry_ids))
    )
    return {"profile_entry_versions": versions, "profile_entries": entries}


async def _messages_and_agenda(session: AsyncSession, practice_id: str) -> dict[str, int]:
    message_ids = list(
        (
            await session.execute(
                select(col(MessageRow.id)).where(col(MessageRow.sender_practice) == practice_id)
            )
        ).scalars()
    )
    appointments = select(col(AppointmentRow.id)).where(col(AppointmentRow.practice_id) == practice_id)
    notifications = await delete_rows(
        session,
        delete(NotificationRow).where(
            or_(
                col(NotificationRow.key).in_([f"message:{message_id}" for message_id in message_ids]),
                col(NotificationRow.appointment_id).in_(appointments),
            )
        ),
    )
    attachments = await delete_rows(
        session, delete(MessageAttachmentRow).where(col(MessageAttachmentRow.message_id).in_(message_ids))
    )
    messages = await delete_rows(session, delete(MessageRow).where(col(MessageRow.id).in_(message_ids)))
    removed_appointments = await delete_rows(
        session, delete(AppointmentRow).where(col(AppointmentRow.practice_id) == practice_id)
    )
    return {
        "notifications": notifications,
        "message_attachments": attachments,
        "messages": messages,
        "appointments": removed_appointments,
    }


async def purge_practice(session: AsyncSession, practice_id: str) -> dict[str, int]:
    deleted = await _documents(session, practice_id)
    deleted |= await _profile(session, practice_id)
    deleted |= await _messages_and_agenda(session, practice_id)
    by_practice = {
        "tele_expertise_reports": delete(TeleExpertiseReportRow).where(
            col(TeleExpertiseReportRow.practice_id) == practice_id
        ),
        "related_profiles": delete(RelatedProfileRow).where(
            col(RelatedProfileRow.attached_by_practice) == practice_id
        ),
        "access_refusals": delete(AccessRefusalRow).where(
            col(AccessRefusalRow.recorded_by_practice) == practice_id
        ),
        "access_log": delete(AccessLogRow).where(col(AccessLogRow.practice_id) == practice_id),
        "practice_identity_statuses": delete(PracticeIdentity).where(
            col(PracticeIdentity.practice_id) == practice_id
        ),
        "identity_statuses_without_ins": delete(IdentityStatusWithoutIns).where(
            col(IdentityStatusWithoutIns.practice_id) == practice_id
        ),
    }
    for table, statement in by_practice.items():
        deleted[table] = await delete_rows(session, statement)
    return deleted
