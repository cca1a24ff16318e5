from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.patient_side_request_on_behalf_of import PatientSideRequestOnBehalfOf






T = TypeVar("T", bound="PatientSideRequest")



@_attrs_define
class PatientSideRequest:
    """ A step the patient takes, recorded by the professional acting at their request.

        Attributes:
            on_behalf_of (PatientSideRequestOnBehalfOf): Who asks: `patient` or `legal_representative`.
     """

    on_behalf_of: PatientSideRequestOnBehalfOf
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        on_behalf_of = self.on_behalf_of.value


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "on_behalf_of": on_behalf_of,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        on_behalf_of = PatientSideRequestOnBehalfOf(d.pop("on_behalf_of"))




        patient_side_request = cls(
            on_behalf_of=on_behalf_of,
        )


        patient_side_request.additional_properties = d
        return patient_side_request

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
