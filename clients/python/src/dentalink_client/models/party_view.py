from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.profession import Profession
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="PartyView")



@_attrs_define
class PartyView:
    """ A professional of the tele-expertise and, when known, the practice he acts for.

        Attributes:
            rpps (str): RPPS number (11 digits).
            profession (Profession): Profession of the acting health professional, as Pro Santé Connect states it.
            specialty (None | str): Dental or medical specialty; null when none.
            practice_id (None | str): The Dentalink practice the professional acts for; null when not on Dentalink.
            establishment_finess (None | str | Unset): FINESS number (9 characters) of the establishment (EHPAD) the
                professional acts for, if any.
     """

    rpps: str
    profession: Profession
    specialty: None | str
    practice_id: None | str
    establishment_finess: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        rpps = self.rpps

        profession = self.profession.value

        specialty: None | str
        specialty = self.specialty

        practice_id: None | str
        practice_id = self.practice_id

        establishment_finess: None | str | Unset
        if isinstance(self.establishment_finess, Unset):
            establishment_finess = UNSET
        else:
            establishment_finess = self.establishment_finess


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "rpps": rpps,
            "profession": profession,
            "specialty": specialty,
            "practice_id": practice_id,
        })
        if establishment_finess is not UNSET:
            field_dict["establishment_finess"] = establishment_finess

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        rpps = d.pop("rpps")

        profession = Profession(d.pop("profession"))




        def _parse_specialty(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        specialty = _parse_specialty(d.pop("specialty"))


        def _parse_practice_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        practice_id = _parse_practice_id(d.pop("practice_id"))


        def _parse_establishment_finess(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        establishment_finess = _parse_establishment_finess(d.pop("establishment_finess", UNSET))


        party_view = cls(
            rpps=rpps,
            profession=profession,
            specialty=specialty,
            practice_id=practice_id,
            establishment_finess=establishment_finess,
        )


        party_view.additional_properties = d
        return party_view

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
