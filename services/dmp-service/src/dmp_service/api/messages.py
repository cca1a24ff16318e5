"""Secure messages from a professional to the patient, with attachments (DOMAIN.md §5).

A professional sees the messages he sent to the patient (his side of the conversation). The
patient's steps, reading a message and adding an attachment to the record, arrive as calls by a
professional acting at the patient's request (`on_behalf_of`), traced like any access.
"""

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Response
from pydantic import BaseModel, ConfigDict, Field

from dmp_service.api.documents import document_view
from dmp_service.context import Context
from dmp_service.problems import ProblemRoute, problems
from dmp_service.schemas import (
    AttachmentView,
    DocumentView,
    InsPath,
    MessageRequest,
    MessageView,
    PatientSideRequest,
)
from dmp_service.workflows import messages as workflows
from dmp_service.workflows.messages import SentMessage
from servicekit import Caller
from servicekit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page

router = APIRouter(tags=["secure messages"], route_class=ProblemRoute)


class ReadReceipt(BaseModel):
    """The patient read the message (first reading time)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", "read_at": "2025-03-14T18:42:00Z"}]
        }
    )

    id: uuid.UUID = Field(description="The message's id.")
    read_at: datetime = Field(description="When the patient first read it.")


def _view(sent: SentMessage) -> MessageView:
    message = sent.message
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
            for row in sent.attachments
        ],
    )


MessageId = Annotated[uuid.UUID, Path(description="The message's id.")]
AttachmentId = Annotated[uuid.UUID, Path(description="The attachment's id, as listed in the message.")]


@router.post(
    "/patients/{ins}/messages",
    operation_id="messages.send",
    status_code=201,
    summary="Send a secure message to the patient (the patient is notified by e-mail)",
    response_model=MessageView,
    responses=problems(413, 422),
)
async def send_message(ins: InsPath, body: MessageRequest, caller: Caller, context: Context) -> MessageView:
    return _view(await workflows.send_message(context, caller, ins, body))


@router.get(
    "/patients/{ins}/messages",
    operation_id="messages.list",
    summary="The messages the calling professional sent to the patient, with their read status",
    response_model=Page[MessageView],
    responses=problems(400),
)
async def list_messages(
    ins: InsPath,
    caller: Caller,
    context: Context,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[MessageView]:
    page = await workflows.list_messages(context, caller, ins, cursor=cursor, limit=limit)
    return Page(items=[_view(sent) for sent in page.items], next_cursor=page.next_cursor)


@router.post(
    "/patients/{ins}/messages/{message_id}/read",
    operation_id="messages.markRead",
    summary="Record that the patient read the message (patient side)",
    response_model=ReadReceipt,
    responses=problems(422),
)
async def mark_read(
    ins: InsPath,
    message_id: MessageId,
    body: PatientSideRequest,
    caller: Caller,
    context: Context,
) -> ReadReceipt:
    message = await workflows.mark_read(context, caller, ins, message_id)
    assert message.read_at is not None
    return ReadReceipt(id=message.id, read_at=message.read_at)


@router.post(
    "/patients/{ins}/messages/{message_id}/attachments/{attachment_id}/file",
    operation_id="messages.fileAttachment",
    status_code=201,
    summary="Add a message attachment to the patient's record as a document (patient side)",
    response_model=DocumentView,
    responses={**problems(422), 200: {"description": "Already filed: the document it became."}},
)
async def file_attachment(
    ins: InsPath,
    message_id: MessageId,
    attachment_id: AttachmentId,
    body: PatientSideRequest,
    response: Response,
    caller: Caller,
    context: Context,
) -> DocumentView:
    filed = await workflows.file_attachment(context, caller, ins, message_id, attachment_id)
    if filed.already:
        response.status_code = 200
    return document_view(filed.record.matricule, filed.filed.document, filed.filed.version)
