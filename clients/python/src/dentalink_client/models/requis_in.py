from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.dental_specialty import DentalSpecialty
from ..models.medical_specialty import MedicalSpecialty
from ..models.profession import Profession
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="RequisIn")



@_attrs_define
class RequisIn:
    """ The professional asked for his expertise, as the requérant names him.

        Attributes:
            rpps (str): RPPS number (11 digits) of the professional asked for the expertise (the requis).
            profession (Profession): Profession of the acting health professional, as Pro Santé Connect states it.
            specialty (DentalSpecialty | MedicalSpecialty | None | Unset): The requis's dental or medical specialty, when
                the situation requires one.
     """

    rpps: str
    profession: Profession
    specialty: DentalSpecialty | MedicalSpecialty | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        rpps = self.rpps

        profession = self.profession.value

        specialty: None | str | Unset
        if isinstance(self.specialty, Unset):
            specialty = UNSET
        elif isinstance(self.specialty, DentalSpecialty):
            specialty = self.specialty.value
        elif isinstance(self.specialty, MedicalSpecialty):
            specialty = self.specialty.value
        else:
            specialty = self.specialty


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "rpps": rpps,
            "profession": profession,
        })
        if specialty is not UNSET:
            field_dict["specialty"] = specialty

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        rpps = d.pop("rpps")

        profession = Profession(d.pop("profession"))




        def _parse_specialty(data: object) -> DentalSpecialty | MedicalSpecialty | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                specialty_type_0 = DentalSpecialty(data)



                return specialty_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                specialty_type_1 = MedicalSpecialty(data)



                return specialty_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DentalSpecialty | MedicalSpecialty | None | Unset, data)

        specialty = _parse_specialty(d.pop("specialty", UNSET))


        requis_in = cls(
            rpps=rpps,
            profession=profession,
            specialty=specialty,
        )

        return requis_in

