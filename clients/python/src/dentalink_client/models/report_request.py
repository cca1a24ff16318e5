from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.attachment_in import AttachmentIn





T = TypeVar("T", bound="ReportRequest")



@_attrs_define
class ReportRequest:
    """ The requis's answer: report text, acts and prescriptions he advises, optional files.

        Attributes:
            text (str): The report: the requis's answer to the clinical question (at most 20 000 characters).
            acts (list[str] | Unset): Acts the requis advises, one line each (at most 100).
            prescriptions (list[str] | Unset): Prescriptions the requis advises, one line each (at most 100).
            attachments (list[AttachmentIn] | Unset): Files sent with the report (at most 100).
     """

    text: str
    acts: list[str] | Unset = UNSET
    prescriptions: list[str] | Unset = UNSET
    attachments: list[AttachmentIn] | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.attachment_in import AttachmentIn # noqa: PLC0415
        text = self.text

        acts: list[str] | Unset = UNSET
        if not isinstance(self.acts, Unset):
            acts = self.acts



        prescriptions: list[str] | Unset = UNSET
        if not isinstance(self.prescriptions, Unset):
            prescriptions = self.prescriptions



        attachments: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.attachments, Unset):
            attachments = []
            for attachments_item_data in self.attachments:
                attachments_item = attachments_item_data.to_dict()
                attachments.append(attachments_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "text": text,
        })
        if acts is not UNSET:
            field_dict["acts"] = acts
        if prescriptions is not UNSET:
            field_dict["prescriptions"] = prescriptions
        if attachments is not UNSET:
            field_dict["attachments"] = attachments

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.attachment_in import AttachmentIn # noqa: PLC0415
        d = dict(src_dict)
        text = d.pop("text")

        acts = cast(list[str], d.pop("acts", UNSET))


        prescriptions = cast(list[str], d.pop("prescriptions", UNSET))


        _attachments = d.pop("attachments", UNSET)
        attachments: list[AttachmentIn] | Unset = UNSET
        if _attachments is not UNSET:
            attachments = []
            for attachments_item_data in _attachments:
                attachments_item = AttachmentIn.from_dict(attachments_item_data)



                attachments.append(attachments_item)


        report_request = cls(
            text=text,
            acts=acts,
            prescriptions=prescriptions,
            attachments=attachments,
        )

        return report_request

