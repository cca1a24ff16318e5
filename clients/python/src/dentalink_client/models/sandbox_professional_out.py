from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.role import Role
from typing import cast






T = TypeVar("T", bound="SandboxProfessionalOut")



@_attrs_define
class SandboxProfessionalOut:
    """ 
        Attributes:
            label (str): Label to pass as `professional` to `POST /v1/sandbox/psc-tokens`.
            rpps (str): The fictitious professional's RPPS number.
            name (str): First name and last name.
            profession (str): Profession as Pro Santé Connect names it (`dentist`, `physician`, …).
            specialty (None | str): Specialty code (e.g. `SCD02` oral surgery); null when none.
            establishment_finess (None | str): FINESS number of the EHPAD they work for; null when none.
            usual_role (Role): Habilitation role of a professional in a practice (HAS telemedicine guide: least privilege).
            description (str): What this professional is for in the sandbox scenarios.
     """

    label: str
    rpps: str
    name: str
    profession: str
    specialty: None | str
    establishment_finess: None | str
    usual_role: Role
    description: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        label = self.label

        rpps = self.rpps

        name = self.name

        profession = self.profession

        specialty: None | str
        specialty = self.specialty

        establishment_finess: None | str
        establishment_finess = self.establishment_finess

        usual_role = self.usual_role.value

        description = self.description


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "label": label,
            "rpps": rpps,
            "name": name,
            "profession": profession,
            "specialty": specialty,
            "establishment_finess": establishment_finess,
            "usual_role": usual_role,
            "description": description,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        label = d.pop("label")

        rpps = d.pop("rpps")

        name = d.pop("name")

        profession = d.pop("profession")

        def _parse_specialty(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        specialty = _parse_specialty(d.pop("specialty"))


        def _parse_establishment_finess(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        establishment_finess = _parse_establishment_finess(d.pop("establishment_finess"))


        usual_role = Role(d.pop("usual_role"))




        description = d.pop("description")

        sandbox_professional_out = cls(
            label=label,
            rpps=rpps,
            name=name,
            profession=profession,
            specialty=specialty,
            establishment_finess=establishment_finess,
            usual_role=usual_role,
            description=description,
        )


        sandbox_professional_out.additional_properties = d
        return sandbox_professional_out

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
