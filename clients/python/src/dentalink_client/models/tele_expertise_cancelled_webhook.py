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
  from ..models.tele_expertise_status_data import TeleExpertiseStatusData





T = TypeVar("T", bound="TeleExpertiseCancelledWebhook")



@_attrs_define
class TeleExpertiseCancelledWebhook:
    """ The `tele-expertise.cancelled` webhook: A tele-expertise was requested, accepted, refused, cancelled or expired:
    sent to the requérant's
    practice and, once the requis acted from one (acceptance, refusal), to the requis's practice.

        Attributes:
            type_ (Literal['tele-expertise.cancelled']): The webhook type.
            timestamp (datetime.datetime): When what it announces happened.
            data (TeleExpertiseStatusData): A tele-expertise was requested, accepted, refused, cancelled or expired: sent to
                the requérant's
                practice and, once the requis acted from one (acceptance, refusal), to the requis's practice.
     """

    type_: Literal['tele-expertise.cancelled']
    timestamp: datetime.datetime
    data: TeleExpertiseStatusData
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.tele_expertise_status_data import TeleExpertiseStatusData # noqa: PLC0415
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
        from ..models.tele_expertise_status_data import TeleExpertiseStatusData # noqa: PLC0415
        d = dict(src_dict)
        type_ = cast(Literal['tele-expertise.cancelled'] , d.pop("type"))
        if type_ != 'tele-expertise.cancelled':
            raise ValueError(f"type must match const 'tele-expertise.cancelled', got '{type_}'")

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))




        data = TeleExpertiseStatusData.from_dict(d.pop("data"))




        tele_expertise_cancelled_webhook = cls(
            type_=type_,
            timestamp=timestamp,
            data=data,
        )


        tele_expertise_cancelled_webhook.additional_properties = d
        return tele_expertise_cancelled_webhook

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
