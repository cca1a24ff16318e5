from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from uuid import UUID
import datetime

if TYPE_CHECKING:
  from ..models.attachment_view import AttachmentView





T = TypeVar("T", bound="MessageView")



@_attrs_define
class MessageView:
    """ 
        Attributes:
            id (UUID): Message id.
            sender_rpps (str): RPPS number of the sending professional.
            sender_practice (str): The practice that sent it.
            subject (str): Subject.
            body (str): The message.
            sent_at (datetime.datetime): When it was sent.
            read_at (datetime.datetime | None): When the patient read it; null until then.
            attachments (list[AttachmentView]): Files sent with the message.
     """

    id: UUID
    sender_rpps: str
    sender_practice: str
    subject: str
    body: str
    sent_at: datetime.datetime
    read_at: datetime.datetime | None
    attachments: list[AttachmentView]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.attachment_view import AttachmentView # noqa: PLC0415
        id = str(self.id)

        sender_rpps = self.sender_rpps

        sender_practice = self.sender_practice

        subject = self.subject

        body = self.body

        sent_at = self.sent_at.isoformat()

        read_at: None | str
        if isinstance(self.read_at, datetime.datetime):
            read_at = self.read_at.isoformat()
        else:
            read_at = self.read_at

        attachments = []
        for attachments_item_data in self.attachments:
            attachments_item = attachments_item_data.to_dict()
            attachments.append(attachments_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "sender_rpps": sender_rpps,
            "sender_practice": sender_practice,
            "subject": subject,
            "body": body,
            "sent_at": sent_at,
            "read_at": read_at,
            "attachments": attachments,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.attachment_view import AttachmentView # noqa: PLC0415
        d = dict(src_dict)
        id = UUID(d.pop("id"))




        sender_rpps = d.pop("sender_rpps")

        sender_practice = d.pop("sender_practice")

        subject = d.pop("subject")

        body = d.pop("body")

        sent_at = datetime.datetime.fromisoformat(d.pop("sent_at"))




        def _parse_read_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                read_at_type_0 = datetime.datetime.fromisoformat(data)



                return read_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        read_at = _parse_read_at(d.pop("read_at"))


        attachments = []
        _attachments = d.pop("attachments")
        for attachments_item_data in (_attachments):
            attachments_item = AttachmentView.from_dict(attachments_item_data)



            attachments.append(attachments_item)


        message_view = cls(
            id=id,
            sender_rpps=sender_rpps,
            sender_practice=sender_practice,
            subject=subject,
            body=body,
            sent_at=sent_at,
            read_at=read_at,
            attachments=attachments,
        )


        message_view.additional_properties = d
        return message_view

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
