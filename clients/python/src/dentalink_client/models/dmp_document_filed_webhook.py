from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from typing import Literal, cast
import datetime

if TYPE_CHECKING:
  from ..models.document_filed_data import DocumentFiledData





T = TypeVar("T", bound="DmpDocumentFiledWebhook")



@_attrs_define
class DmpDocumentFiledWebhook:
    """ The `dmp.document-filed` webhook: A document, or a new version of one, was filed in a patient's DMP record by the
    practice (a
    deposit, a tele-expertise report it answered, a message attachment): sent to that practice.

        Attributes:
            type_ (Literal['dmp.document-filed']): The webhook type.
            timestamp (datetime.datetime): When what it announces happened.
            data (DocumentFiledData): A document, or a new version of one, was filed in a patient's DMP record by the
                practice (a
                deposit, a tele-expertise report it answered, a message attachment): sent to that practice.
     """

    type_: Literal['dmp.document-filed']
    timestamp: datetime.datetime
    data: DocumentFiledData
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.document_filed_data import DocumentFiledData # noqa: PLC0415
        type_ = self.type_

        timestamp = self.timestamp.isoformat()

        data = self.data.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "type": type_,
            "timestamp": timestamp,
            "data": data,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.document_filed_data import DocumentFiledData # noqa: PLC0415
        d = dict(src_dict)
        type_ = cast(Literal['dmp.document-filed'] , d.pop("type"))
        if type_ != 'dmp.document-filed':
            raise ValueError(f"type must match const 'dmp.document-filed', got '{type_}'")

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))




        data = DocumentFiledData.from_dict(d.pop("data"))




        dmp_document_filed_webhook = cls(
            type_=type_,
            timestamp=timestamp,
            data=data,
        )


        dmp_document_filed_webhook.additional_properties = d
        return dmp_document_filed_webhook

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
