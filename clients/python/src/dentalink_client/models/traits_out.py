from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.sex import Sex
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="TraitsOut")



@_attrs_define
class TraitsOut:
    """ 
        Attributes:
            birth_name (str): Birth name (nom de naissance), exactly as typed or returned by INSi.
            birth_first_names (str): Birth first names, space-separated, in civil-status order.
            first_birth_first_name (str): The first of the birth first names (used on documents).
            birth_date (datetime.date): Date of birth (ISO 8601).
            sex (Sex): Administrative sex as carried by the INS traits.
            birth_place_code (None | str | Unset): Birth place: INSEE COG commune code (5 characters, `99xxx` abroad); null
                when unknown.
     """

    birth_name: str
    birth_first_names: str
    first_birth_first_name: str
    birth_date: datetime.date
    sex: Sex
    birth_place_code: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        birth_name = self.birth_name

        birth_first_names = self.birth_first_names

        first_birth_first_name = self.first_birth_first_name

        birth_date = self.birth_date.isoformat()

        sex = self.sex.value

        birth_place_code: None | str | Unset
        if isinstance(self.birth_place_code, Unset):
            birth_place_code = UNSET
        else:
            birth_place_code = self.birth_place_code


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "birth_name": birth_name,
            "birth_first_names": birth_first_names,
            "first_birth_first_name": first_birth_first_name,
            "birth_date": birth_date,
            "sex": sex,
        })
        if birth_place_code is not UNSET:
            field_dict["birth_place_code"] = birth_place_code

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        birth_name = d.pop("birth_name")

        birth_first_names = d.pop("birth_first_names")

        first_birth_first_name = d.pop("first_birth_first_name")

        birth_date = datetime.date.fromisoformat(d.pop("birth_date"))




        sex = Sex(d.pop("sex"))




        def _parse_birth_place_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        birth_place_code = _parse_birth_place_code(d.pop("birth_place_code", UNSET))


        traits_out = cls(
            birth_name=birth_name,
            birth_first_names=birth_first_names,
            first_birth_first_name=first_birth_first_name,
            birth_date=birth_date,
            sex=sex,
            birth_place_code=birth_place_code,
        )


        traits_out.additional_properties = d
        return traits_out

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
