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
  from ..models.apcv_session_closed_data import ApcvSessionClosedData





T = TypeVar("T", bound="ApcvSessionClosedWebhook")



@_attrs_define
class ApcvSessionClosedWebhook:
    """ The `apcv-session.closed` webhook: An apCV session was closed by the practitioner or expired.

        Attributes:
            type_ (Literal['apcv-session.closed']): The webhook type.
            timestamp (datetime.datetime): When what it announces happened.
            data (ApcvSessionClosedData): An apCV session was closed by the practitioner or expired.
     """

    type_: Literal['apcv-session.closed']
    timestamp: datetime.datetime
    data: ApcvSessionClosedData
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.apcv_session_closed_data import ApcvSessionClosedData # noqa: PLC0415
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
        from ..models.apcv_session_closed_data import ApcvSessionClosedData # noqa: PLC0415
        d = dict(src_dict)
        type_ = cast(Literal['apcv-session.closed'] , d.pop("type"))
        if type_ != 'apcv-session.closed':
            raise ValueError(f"type must match const 'apcv-session.closed', got '{type_}'")

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))




        data = ApcvSessionClosedData.from_dict(d.pop("data"))




        apcv_session_closed_webhook = cls(
            type_=type_,
            timestamp=timestamp,
            data=data,
        )


        apcv_session_closed_webhook.additional_properties = d
        return apcv_session_closed_webhook

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
