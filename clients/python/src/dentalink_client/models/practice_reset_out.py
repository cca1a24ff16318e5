from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.service_reset_out import ServiceResetOut





T = TypeVar("T", bound="PracticeResetOut")



@_attrs_define
class PracticeResetOut:
    """ 
        Attributes:
            practice_id (str): The practice whose sandbox data was deleted.
            services (list[ServiceResetOut]): What each service deleted, in a fixed order.
     """

    practice_id: str
    services: list[ServiceResetOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.service_reset_out import ServiceResetOut # noqa: PLC0415
        practice_id = self.practice_id

        services = []
        for services_item_data in self.services:
            services_item = services_item_data.to_dict()
            services.append(services_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "practice_id": practice_id,
            "services": services,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.service_reset_out import ServiceResetOut # noqa: PLC0415
        d = dict(src_dict)
        practice_id = d.pop("practice_id")

        services = []
        _services = d.pop("services")
        for services_item_data in (_services):
            services_item = ServiceResetOut.from_dict(services_item_data)



            services.append(services_item)


        practice_reset_out = cls(
            practice_id=practice_id,
            services=services,
        )


        practice_reset_out.additional_properties = d
        return practice_reset_out

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
