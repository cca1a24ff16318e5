from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.service_reset_out_deleted import ServiceResetOutDeleted





T = TypeVar("T", bound="ServiceResetOut")



@_attrs_define
class ServiceResetOut:
    """ 
        Attributes:
            service (str): The service (`ins`, `vitale`, `dmp`, `telemed`, `billing`).
            deleted (ServiceResetOutDeleted): Rows deleted per table of that service.
     """

    service: str
    deleted: ServiceResetOutDeleted
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.service_reset_out_deleted import ServiceResetOutDeleted # noqa: PLC0415
        service = self.service

        deleted = self.deleted.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "service": service,
            "deleted": deleted,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.service_reset_out_deleted import ServiceResetOutDeleted # noqa: PLC0415
        d = dict(src_dict)
        service = d.pop("service")

        deleted = ServiceResetOutDeleted.from_dict(d.pop("deleted"))




        service_reset_out = cls(
            service=service,
            deleted=deleted,
        )


        service_reset_out.additional_properties = d
        return service_reset_out

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
