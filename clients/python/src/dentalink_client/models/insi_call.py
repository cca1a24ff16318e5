from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.insi_result_code import InsiResultCode






T = TypeVar("T", bound="InsiCall")



@_attrs_define
class InsiCall:
    """ 
        Attributes:
            step (int): Attempt number in the retry strategy, from 1.
            first_names (str): The first names sent on this attempt.
            with_birth_place (bool): Whether the birth place was sent on this attempt.
            result_code (InsiResultCode): Business result codes (DOMAIN.md §3); technical faults are not results and never
                appear here.
            call_reference (str): INSi's reference of this call.
     """

    step: int
    first_names: str
    with_birth_place: bool
    result_code: InsiResultCode
    call_reference: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        step = self.step

        first_names = self.first_names

        with_birth_place = self.with_birth_place

        result_code = self.result_code.value

        call_reference = self.call_reference


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "step": step,
            "first_names": first_names,
            "with_birth_place": with_birth_place,
            "result_code": result_code,
            "call_reference": call_reference,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        step = d.pop("step")

        first_names = d.pop("first_names")

        with_birth_place = d.pop("with_birth_place")

        result_code = InsiResultCode(d.pop("result_code"))




        call_reference = d.pop("call_reference")

        insi_call = cls(
            step=step,
            first_names=first_names,
            with_birth_place=with_birth_place,
            result_code=result_code,
            call_reference=call_reference,
        )


        insi_call.additional_properties = d
        return insi_call

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
