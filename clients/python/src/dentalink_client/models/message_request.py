from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.attachment_request import AttachmentRequest





T = TypeVar("T", bound="MessageRequest")



@_attrs_define
class MessageRequest:
    """ A secure message to the patient; the patient is notified by e-mail (no content in the e-mail).

        Attributes:
            subject (str): Subject, one line (at most 200 characters).
            body (str): The message, free text (line breaks kept).
            attachments (list[AttachmentRequest] | Unset): Files sent with the message (at most 10).
     """

    subject: str
    body: str
    attachments: list[AttachmentRequest] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.attachment_request import AttachmentRequest # noqa: PLC0415
        subject = self.subject

        body = self.body

        attachments: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.attachments, Unset):
            attachments = []
            for attachments_item_data in self.attachments:
                attachments_item = attachments_item_data.to_dict()
                attachments.append(attachments_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "subject": subject,
            "body": body,
        })
        if attachments is not UNSET:
            field_dict["attachments"] = attachments

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.attachment_request import AttachmentRequest # noqa: PLC0415
        d = dict(src_dict)
        subject = d.pop("subject")

        body = d.pop("body")

        _attachments = d.pop("attachments", UNSET)
        attachments: list[AttachmentRequest] | Unset = UNSET
        if _attachments is not UNSET:
            attachments = []
            for attachments_item_data in _attachments:
                attachments_item = AttachmentRequest.from_dict(attachments_item_data)



                attachments.append(attachments_item)


        message_request = cls(
            subject=subject,
            body=body,
            attachments=attachments,
        )


        message_request.additional_properties = d
        return message_request

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
