from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.ins_oid import InsOid
from ..models.sex import Sex
from ..types import UNSET, Unset
from typing import cast
from uuid import UUID
import datetime






T = TypeVar("T", bound="IdentityCreate")



@_attrs_define
class IdentityCreate:
    """ Traits as typed by the user, and the INS when it is already known (matricule + OID).

        Attributes:
            birth_name (str): Birth name as typed; kept exactly.
            birth_first_names (str): Birth first names, spaced.
            birth_date (datetime.date): Date of birth (ISO 8601), as typed from the patient's document.
            sex (Sex): Administrative sex as carried by the INS traits.
            first_birth_first_name (None | str | Unset): The first birth first name; defaults to the list's first.
            birth_place_code (None | str | Unset): INSEE COG code.
            matricule (None | str | Unset): NIR or NIA, if known; compact or spaced as on the card (`1 84 12 76 451 089
                46`).
            oid (InsOid | None | Unset): OID of the matricule's assigning authority.
            acknowledged_homonyms (list[UUID] | Unset): Ids of identities with the same traits confirmed to be other persons
                (HOMA).
     """

    birth_name: str
    birth_first_names: str
    birth_date: datetime.date
    sex: Sex
    first_birth_first_name: None | str | Unset = UNSET
    birth_place_code: None | str | Unset = UNSET
    matricule: None | str | Unset = UNSET
    oid: InsOid | None | Unset = UNSET
    acknowledged_homonyms: list[UUID] | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        birth_name = self.birth_name

        birth_first_names = self.birth_first_names

        birth_date = self.birth_date.isoformat()

        sex = self.sex.value

        first_birth_first_name: None | str | Unset
        if isinstance(self.first_birth_first_name, Unset):
            first_birth_first_name = UNSET
        else:
            first_birth_first_name = self.first_birth_first_name

        birth_place_code: None | str | Unset
        if isinstance(self.birth_place_code, Unset):
            birth_place_code = UNSET
        else:
            birth_place_code = self.birth_place_code

        matricule: None | str | Unset
        if isinstance(self.matricule, Unset):
            matricule = UNSET
        else:
            matricule = self.matricule

        oid: None | str | Unset
        if isinstance(self.oid, Unset):
            oid = UNSET
        elif isinstance(self.oid, InsOid):
            oid = self.oid.value
        else:
            oid = self.oid

        acknowledged_homonyms: list[str] | Unset = UNSET
        if not isinstance(self.acknowledged_homonyms, Unset):
            acknowledged_homonyms = []
            for acknowledged_homonyms_item_data in self.acknowledged_homonyms:
                acknowledged_homonyms_item = str(acknowledged_homonyms_item_data)
                acknowledged_homonyms.append(acknowledged_homonyms_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "birth_name": birth_name,
            "birth_first_names": birth_first_names,
            "birth_date": birth_date,
            "sex": sex,
        })
        if first_birth_first_name is not UNSET:
            field_dict["first_birth_first_name"] = first_birth_first_name
        if birth_place_code is not UNSET:
            field_dict["birth_place_code"] = birth_place_code
        if matricule is not UNSET:
            field_dict["matricule"] = matricule
        if oid is not UNSET:
            field_dict["oid"] = oid
        if acknowledged_homonyms is not UNSET:
            field_dict["acknowledged_homonyms"] = acknowledged_homonyms

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        birth_name = d.pop("birth_name")

        birth_first_names = d.pop("birth_first_names")

        birth_date = datetime.date.fromisoformat(d.pop("birth_date"))




        sex = Sex(d.pop("sex"))




        def _parse_first_birth_first_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        first_birth_first_name = _parse_first_birth_first_name(d.pop("first_birth_first_name", UNSET))


        def _parse_birth_place_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        birth_place_code = _parse_birth_place_code(d.pop("birth_place_code", UNSET))


        def _parse_matricule(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        matricule = _parse_matricule(d.pop("matricule", UNSET))


        def _parse_oid(data: object) -> InsOid | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                oid_type_0 = InsOid(data)



                return oid_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(InsOid | None | Unset, data)

        oid = _parse_oid(d.pop("oid", UNSET))


        _acknowledged_homonyms = d.pop("acknowledged_homonyms", UNSET)
        acknowledged_homonyms: list[UUID] | Unset = UNSET
        if _acknowledged_homonyms is not UNSET:
            acknowledged_homonyms = []
            for acknowledged_homonyms_item_data in _acknowledged_homonyms:
                acknowledged_homonyms_item = UUID(acknowledged_homonyms_item_data)



                acknowledged_homonyms.append(acknowledged_homonyms_item)


        identity_create = cls(
            birth_name=birth_name,
            birth_first_names=birth_first_names,
            birth_date=birth_date,
            sex=sex,
            first_birth_first_name=first_birth_first_name,
            birth_place_code=birth_place_code,
            matricule=matricule,
            oid=oid,
            acknowledged_homonyms=acknowledged_homonyms,
        )

        return identity_create

