from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.record_area import RecordArea
from ..models.refusal_request_on_behalf_of import RefusalRequestOnBehalfOf
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="RefusalRequest")



@_attrs_define
class RefusalRequest:
    """ The patient forbids access to their record, for every professional or one (RPPS).

        Attributes:
            on_behalf_of (RefusalRequestOnBehalfOf): Who asked: the patient or their legal representative (the caller
                records it).
            rpps (None | str | Unset): The refused professional; null refuses everyone.
            areas (list[RecordArea] | Unset): DMP and/or Mon espace santé.
     """

    on_behalf_of: RefusalRequestOnBehalfOf
    rpps: None | str | Unset = UNSET
    areas: list[RecordArea] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        on_behalf_of = self.on_behalf_of.value

        rpps: None | str | Unset
        if isinstance(self.rpps, Unset):
            rpps = UNSET
        else:
            rpps = self.rpps

        areas: list[str] | Unset = UNSET
        if not isinstance(self.areas, Unset):
            areas = []
            for areas_item_data in self.areas:
                areas_item = areas_item_data.value
                areas.append(areas_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "on_behalf_of": on_behalf_of,
        })
        if rpps is not UNSET:
            field_dict["rpps"] = rpps
        if areas is not UNSET:
            field_dict["areas"] = areas

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        on_behalf_of = RefusalRequestOnBehalfOf(d.pop("on_behalf_of"))




        def _parse_rpps(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        rpps = _parse_rpps(d.pop("rpps", UNSET))


        _areas = d.pop("areas", UNSET)
        areas: list[RecordArea] | Unset = UNSET
        if _areas is not UNSET:
            areas = []
            for areas_item_data in _areas:
                areas_item = RecordArea(areas_item_data)



                areas.append(areas_item)


        refusal_request = cls(
            on_behalf_of=on_behalf_of,
            rpps=rpps,
            areas=areas,
        )


        refusal_request.additional_properties = d
        return refusal_request

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
