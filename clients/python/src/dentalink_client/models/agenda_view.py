from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.agenda_item_view import AgendaItemView





T = TypeVar("T", bound="AgendaView")



@_attrs_define
class AgendaView:
    """ 
        Attributes:
            on (datetime.date): The day the agenda was computed for.
            items (list[AgendaItemView]): The items within the horizon, by window start.
     """

    on: datetime.date
    items: list[AgendaItemView]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.agenda_item_view import AgendaItemView # noqa: PLC0415
        on = self.on.isoformat()

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "on": on,
            "items": items,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.agenda_item_view import AgendaItemView # noqa: PLC0415
        d = dict(src_dict)
        on = datetime.date.fromisoformat(d.pop("on"))




        items = []
        _items = d.pop("items")
        for items_item_data in (_items):
            items_item = AgendaItemView.from_dict(items_item_data)



            items.append(items_item)


        agenda_view = cls(
            on=on,
            items=items,
        )


        agenda_view.additional_properties = d
        return agenda_view

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
