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
  from ..models.act_billed_data import ActBilledData





T = TypeVar("T", bound="ActBilledWebhook")



@_attrs_define
class ActBilledWebhook:
    """ The `act.billed` webhook: A tele-expertise act was billed.

        Attributes:
            type_ (Literal['act.billed']): The webhook type.
            timestamp (datetime.datetime): When what it announces happened.
            data (ActBilledData): A tele-expertise act was billed.
     """

    type_: Literal['act.billed']
    timestamp: datetime.datetime
    data: ActBilledData
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.act_billed_data import ActBilledData # noqa: PLC0415
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
        from ..models.act_billed_data import ActBilledData # noqa: PLC0415
        d = dict(src_dict)
        type_ = cast(Literal['act.billed'] , d.pop("type"))
        if type_ != 'act.billed':
            raise ValueError(f"type must match const 'act.billed', got '{type_}'")

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))




        data = ActBilledData.from_dict(d.pop("data"))




        act_billed_webhook = cls(
            type_=type_,
            timestamp=timestamp,
            data=data,
        )


        act_billed_webhook.additional_properties = d
        return act_billed_webhook

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
