from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.report_document_view import ReportDocumentView
  from ..models.telemed_attachment_view import TelemedAttachmentView





T = TypeVar("T", bound="ReportView")



@_attrs_define
class ReportView:
    """ 
        Attributes:
            text (str): The requis's answer.
            acts (list[str]): Acts the requis advises.
            prescriptions (list[str]): Prescriptions the requis advises.
            attachments (list[TelemedAttachmentView]): Files sent with the report.
            answered_at (datetime.datetime): When the report was sent.
            answered_by_rpps (str): RPPS number of the requis who answered.
            document (ReportDocumentView): The rendering sent with the acts to billing and to the DMP.
     """

    text: str
    acts: list[str]
    prescriptions: list[str]
    attachments: list[TelemedAttachmentView]
    answered_at: datetime.datetime
    answered_by_rpps: str
    document: ReportDocumentView
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.report_document_view import ReportDocumentView # noqa: PLC0415
        from ..models.telemed_attachment_view import TelemedAttachmentView # noqa: PLC0415
        text = self.text

        acts = self.acts



        prescriptions = self.prescriptions



        attachments = []
        for attachments_item_data in self.attachments:
            attachments_item = attachments_item_data.to_dict()
            attachments.append(attachments_item)



        answered_at = self.answered_at.isoformat()

        answered_by_rpps = self.answered_by_rpps

        document = self.document.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "text": text,
            "acts": acts,
            "prescriptions": prescriptions,
            "attachments": attachments,
            "answered_at": answered_at,
            "answered_by_rpps": answered_by_rpps,
            "document": document,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.report_document_view import ReportDocumentView # noqa: PLC0415
        from ..models.telemed_attachment_view import TelemedAttachmentView # noqa: PLC0415
        d = dict(src_dict)
        text = d.pop("text")

        acts = cast(list[str], d.pop("acts"))


        prescriptions = cast(list[str], d.pop("prescriptions"))


        attachments = []
        _attachments = d.pop("attachments")
        for attachments_item_data in (_attachments):
            attachments_item = TelemedAttachmentView.from_dict(attachments_item_data)



            attachments.append(attachments_item)


        answered_at = datetime.datetime.fromisoformat(d.pop("answered_at"))




        answered_by_rpps = d.pop("answered_by_rpps")

        document = ReportDocumentView.from_dict(d.pop("document"))




        report_view = cls(
            text=text,
            acts=acts,
            prescriptions=prescriptions,
            attachments=attachments,
            answered_at=answered_at,
            answered_by_rpps=answered_by_rpps,
            document=document,
        )


        report_view.additional_properties = d
        return report_view

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
