"""Secure messages from a professional to the patient, with attachments (DOMAIN.md §5).

A professional sees the messages he sent to the patient (his side of the conversation). The
patient's steps, reading a message and adding an attachment to the record, arrive as calls by a
professional acting at the patient's request (`on_behalf_of`), traced like any access. The patient
is notified by e-mail through the e-mail port; the e-mail carries no health content.
"""

import uuid
from dataclasses import dataclass

from dmp_service.context import DmpContext
from dmp_service.domain import InvalidMessage, RecordOperation, SecureMessage, message_notification
from dmp_service.domain.messages import PARIS
from dmp_service.errors import MessageRejected, Missing, NotFound
from dmp_service.models import MessageAttachmentRow, MessageRow, PatientRecord
from dmp_service.schemas import MessageRequest
from dmp_service.store import DmpStore, FiledDocument, Slice
from dmp_service.workflows.access import guard, guarded_unit
from dmp_service.workflows.documents import (
    Filing,
    checked_digest,
    decode_content,
    file_new_document,
    find_document,
    metadata_of,
)
from dmp_service.workflows.notifications import pending_notification
from servicekit import CallerContext, UnitOfWork


@dataclass(frozen=True)
class SentMessage:
    """A message and its attachments in their order."""

    message: MessageRow
    attachments: list[MessageAttachmentRow]


@dataclass(frozen=True)
class FiledAttachment:
    """The document an attachment became in the record; `already` when it was filed before."""

    record: PatientRecord
    filed: FiledDocument
    already: bool


def _domain(message: MessageRow, attachment_count: int) -> SecureMessage:
    return SecureMessage(
        sender_rpps=message.sender_rpps,
        subject=message.subject,
        body=message.body,
        attachment_count=attachment_count,
        sent_at=message.sent_at,
        read_at=message.read_at,
    )


async def _message(
    uow: UnitOfWork[DmpStore], record: PatientRecord, message_id: uuid.UUID, *, lock: bool = False
) -> MessageRow:
    message = await uow.store.owned(MessageRow, message_id, lock=lock, record_id=record.id)
    if message is None:
        raise NotFound(Missing.MESSAGE)
    return message


async def send_message(
    context: DmpContext, caller: CallerContext, matricule: str, body: MessageRequest
) -> SentMessage:
    """Send a secure message to the patient and queue the e-mail that tells them."""
    async with guarded_unit(context) as uow:
        record = await guard(
            uow, context, caller, matricule, RecordOperation.SEND_MESSAGE, resource_type="message"
        )
        now = context.now()
        try:
            SecureMessage(caller.professional.rpps, body.subject, body.body, len(body.attachments), now)
        except InvalidMessage as error:
            raise MessageRejected(str(error)) from error
        message = MessageRow(
            id=uuid.uuid4(),
            record_id=record.id,
            sender_rpps=caller.professional.rpps,
            sender_practice=caller.practice_id,
            subject=body.subject,
            body=body.body,
            sent_at=now,
            created_at=now,
        )
        await uow.store.save(message)
        attachments = []
        for position, attachment in enumerate(body.attachments):
            field = f"attachments.{position}.content_base64"
            content = decode_content(attachment.content_base64, context.settings.max_document_bytes, field)
            attachments.append(
                MessageAttachmentRow(
                    id=uuid.uuid4(),
                    message_id=message.id,
                    position=position,
                    title=attachment.title,
                    type_code=attachment.type_code,
                    content_type=attachment.content_type,
                    size_bytes=len(content),
                    sha256=checked_digest(content, attachment.sha256, f"attachments.{position}.sha256"),
                    content=content,
                )
            )
        notice = message_notification(str(message.id))
        await uow.store.save(*attachments, pending_notification(record.id, notice, "message", now))
    return SentMessage(message, attachments)


async def list_messages(
    context: DmpContext, caller: CallerContext, matricule: str, *, cursor: str | None, limit: int
) -> Slice[SentMessage]:
    """The messages the calling professional sent to the patient."""
    async with guarded_unit(context) as uow:
        record = await guard(
            uow, context, caller, matricule, RecordOperation.READ_MESSAGES, resource_type="message"
        )
        page = await uow.store.messages_page(record.id, caller.professional.rpps, cursor=cursor, limit=limit)
        items = [
            SentMessage(message, await uow.store.message_attachments(message.id)) for message in page.items
        ]
    return Slice(items, page.next_cursor)


async def mark_read(
    context: DmpContext, caller: CallerContext, matricule: str, message_id: uuid.UUID
) -> MessageRow:
    """The patient read the message (its first reading time is kept)."""
    async with guarded_unit(context) as uow:
        record = await guard(
            uow,
            context,
            caller,
            matricule,
            RecordOperation.RECORD_MESSAGE_READ,
            resource_type="message",
            resource_id=message_id,
        )
        message = await _message(uow, record, message_id, lock=True)
        read = _domain(message, 0).mark_read(context.now())
        assert read.read_at is not None
        message.read_at = read.read_at
        await uow.store.save(message)
    return message


async def file_attachment(
    context: DmpContext,
    caller: CallerContext,
    matricule: str,
    message_id: uuid.UUID,
    attachment_id: uuid.UUID,
) -> FiledAttachment:
    """Add a message attachment to the patient's record as a document, once (patient side)."""
    async with guarded_unit(context) as uow:
        record = await guard(
            uow,
            context,
            caller,
            matricule,
            RecordOperation.FILE_MESSAGE_ATTACHMENT,
            resource_type="message_attachment",
            resource_id=attachment_id,
        )
        message = await _message(uow, record, message_id)
        attachment = await uow.store.owned(
            MessageAttachmentRow, attachment_id, lock=True, message_id=message.id
        )
        if attachment is None:
            raise NotFound(Missing.ATTACHMENT)
        if attachment.filed_document_id is not None:
            document = await find_document(uow, record.id, attachment.filed_document_id)
            current = await uow.store.current_version(document)
            return FiledAttachment(record, FiledDocument(document, current), already=True)
        metadata = metadata_of(
            type_code=attachment.type_code,
            title=attachment.title,
            author_rpps=message.sender_rpps,
            date_of_care=message.sent_at.astimezone(PARIS).date(),
            content_type=attachment.content_type,
            content=attachment.content,
            sha256=attachment.sha256,
        )
        filed = await file_new_document(
            uow,
            record,
            metadata,
            attachment.content,
            Filing(
                by_rpps=caller.professional.rpps,
                by_practice=caller.practice_id,
                source="message_attachment",
                source_ref=str(attachment.id),
            ),
            context.now(),
        )
        attachment.filed_document_id = filed.document.id
        await uow.store.save(attachment)
    return FiledAttachment(record, filed, already=False)
