"""Secure messages from a professional to the patient, with attachments (DOMAIN.md §5).

A professional sees the messages he sent to the patient (his side of the conversation). The
patient's steps, reading a message and adding an attachment to the record, arrive as calls by a
professional acting at the patient's request (`on_behalf_of`), traced like any access. The patient
is notified by e-mail through the e-mail port; the e-mail carries no health content.
"""

import uuid
from datetime import datetime

from fastapi import APIRouter, Response
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dmp_service.documents_store import (
    Filing,
    checked_digest,
    current_version,
    decode_content,
    document_view,
    file_new_document,
    find_document,
    metadata_of,
)
from dmp_service.domain import InvalidMessage, RecordOperation, SecureMessage, message_notification
from dmp_service.domain.messages import PARIS
from dmp_service.guard import guard
from dmp_service.jobs import pending_notification
from dmp_service.models import MessageAttachmentRow, MessageRow, NotificationRow, PatientRecord
from dmp_service.queries import fetch_page, find_owned
from dmp_service.routes.common import problems
from dmp_service.schemas import (
    AttachmentView,
    DocumentView,
    InsPath,
    MessageRequest,
    MessageView,
    PatientSideRequest,
)
from dmp_service.wiring import Dmp, DmpDep
from servicekit import Caller, CallerContext, ProblemError, Session
from servicekit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page

router = APIRouter(tags=["secure messages"])


class ReadReceipt(BaseModel):
    """The patient read the message (first reading time)."""

    id: uuid.UUID
    read_at: datetime


async def _attachments(session: AsyncSession, message_id: uuid.UUID) -> list[MessageAttachmentRow]:
    rows = await session.execute(
        select(MessageAttachmentRow)
        .where(MessageAttachmentRow.message_id == message_id)  # type: ignore[arg-type]
        .order_by(MessageAttachmentRow.position)  # type: ignore[arg-type]
    )
    return list(rows.scalars().all())


def _view(message: MessageRow, attachments: list[MessageAttachmentRow]) -> MessageView:
    return MessageView(
        id=message.id,
        sender_rpps=message.sender_rpps,
        sender_practice=message.sender_practice,
        subject=message.subject,
        body=message.body,
        sent_at=message.sent_at,
        read_at=message.read_at,
        attachments=[
            AttachmentView(
                id=row.id,
                title=row.title,
                type_code=row.type_code,
                content_type=row.content_type,
                size_bytes=row.size_bytes,
                sha256=row.sha256,
                filed_document_id=row.filed_document_id,
            )
            for row in attachments
        ],
    )


async def _message(
    session: AsyncSession, record: PatientRecord, message_id: uuid.UUID, *, lock: bool = False
) -> MessageRow:
    return await find_owned(
        session,
        MessageRow,
        message_id,
        ProblemError(404, "message-not-found", "No such message in this record."),
        lock=lock,
        record_id=record.id,
    )


def _domain(message: MessageRow, attachment_count: int) -> SecureMessage:
    return SecureMessage(
        sender_rpps=message.sender_rpps,
        subject=message.subject,
        body=message.body,
        attachment_count=attachment_count,
        sent_at=message.sent_at,
        read_at=message.read_at,
    )


@router.post(
    "/patients/{ins}/messages",
    status_code=201,
    summary="Send a secure message to the patient (the patient is notified by e-mail)",
    response_model=MessageView,
    responses=problems(413, 422),
)
async def send_message(
    ins: InsPath, body: MessageRequest, caller: Caller, session: Session, dmp: DmpDep
) -> MessageView:
    record = await guard(session, dmp, caller, ins, RecordOperation.SEND_MESSAGE, resource_type="message")
    now = dmp.now()
    try:
        SecureMessage(caller.professional.rpps, body.subject, body.body, len(body.attachments), now)
    except InvalidMessage as error:
        raise ProblemError(422, "invalid-message", "The message is invalid.", str(error)) from error
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
    session.add(message)
    await session.flush()
    attachments = []
    for position, attachment in enumerate(body.attachments):
        field = f"attachments.{position}.content_base64"
        content = decode_content(attachment.content_base64, dmp.settings.max_document_bytes, field)
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
    session.add_all(attachments)
    notice = message_notification(str(message.id))
    session.add(NotificationRow(**pending_notification(record.id, notice, "message", now)))
    await session.flush()
    return _view(message, attachments)


@router.get(
    "/patients/{ins}/messages",
    summary="The messages the calling professional sent to the patient, with their read status",
    response_model=Page[MessageView],
    responses=problems(400),
)
async def list_messages(
    ins: InsPath,
    caller: Caller,
    session: Session,
    dmp: DmpDep,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[MessageView]:
    record = await guard(session, dmp, caller, ins, RecordOperation.READ_MESSAGES, resource_type="message")
    query = select(MessageRow).where(
        MessageRow.record_id == record.id,  # type: ignore[arg-type]
        MessageRow.sender_rpps == caller.professional.rpps,  # type: ignore[arg-type]
    )
    messages, next_cursor = await fetch_page(session, query, MessageRow, cursor, limit)
    return Page(
        items=[_view(message, await _attachments(session, message.id)) for message in messages],
        next_cursor=next_cursor,
    )


@router.post(
    "/patients/{ins}/messages/{message_id}/read",
    summary="Record that the patient read the message (patient side)",
    response_model=ReadReceipt,
    responses=problems(422),
)
async def mark_read(
    ins: InsPath,
    message_id: uuid.UUID,
    body: PatientSideRequest,
    caller: Caller,
    session: Session,
    dmp: DmpDep,
) -> ReadReceipt:
    record = await guard(
        session,
        dmp,
        caller,
        ins,
        RecordOperation.RECORD_MESSAGE_READ,
        resource_type="message",
        resource_id=message_id,
    )
    message = await _message(session, record, message_id, lock=True)
    read = _domain(message, 0).mark_read(dmp.now())
    assert read.read_at is not None
    message.read_at = read.read_at
    session.add(message)
    await session.flush()
    return ReadReceipt(id=message.id, read_at=read.read_at)


async def _file_attachment(
    session: AsyncSession,
    dmp: Dmp,
    caller: CallerContext,
    record: PatientRecord,
    message: MessageRow,
    attachment: MessageAttachmentRow,
) -> DocumentView:
    metadata = metadata_of(
        type_code=attachment.type_code,
        title=attachment.title,
        author_rpps=message.sender_rpps,
        date_of_care=message.sent_at.astimezone(PARIS).date(),
        content_type=attachment.content_type,
        content=attachment.content,
        sha256=attachment.sha256,
    )
    document, version = await file_new_document(
        session,
        record,
        metadata,
        attachment.content,
        Filing(
            by_rpps=caller.professional.rpps,
            by_practice=caller.practice_id,
            source="message_attachment",
            source_ref=str(attachment.id),
        ),
        dmp.now(),
    )
    attachment.filed_document_id = document.id
    session.add(attachment)
    await session.flush()
    return document_view(record.matricule, document, version)


@router.post(
    "/patients/{ins}/messages/{message_id}/attachments/{attachment_id}/file",
    status_code=201,
    summary="Add a message attachment to the patient's record as a document (patient side)",
    response_model=DocumentView,
    responses={**problems(422), 200: {"description": "Already filed: the document it became."}},
)
async def file_attachment(
    ins: InsPath,
    message_id: uuid.UUID,
    attachment_id: uuid.UUID,
    body: PatientSideRequest,
    response: Response,
    caller: Caller,
    session: Session,
    dmp: DmpDep,
) -> DocumentView:
    record = await guard(
        session,
        dmp,
        caller,
        ins,
        RecordOperation.FILE_MESSAGE_ATTACHMENT,
        resource_type="message_attachment",
        resource_id=attachment_id,
    )
    message = await _message(session, record, message_id)
    attachment = await find_owned(
        session,
        MessageAttachmentRow,
        attachment_id,
        ProblemError(404, "attachment-not-found", "No such attachment on this message."),
        lock=True,
        message_id=message.id,
    )
    if attachment.filed_document_id is not None:
        document = await find_document(session, record.id, attachment.filed_document_id)
        response.status_code = 200
        return document_view(record.matricule, document, await current_version(session, document))
    return await _file_attachment(session, dmp, caller, record, message, attachment)
