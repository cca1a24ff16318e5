from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.ins_oid import InsOid






T = TypeVar("T", bound="InsInput")



@_attrs_define
class InsInput:
    """ A national health identity reference: matricule + the OID of its assigning authority.

        Attributes:
            matricule (str): The INS matricule: NIR or NIA, 15 characters (key included).
            oid (InsOid): OIDs of the INS assigning authorities (DOMAIN.md §2).
     """

    matricule: str
    oid: InsOid
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        matricule = self.matricule

        oid = self.oid.value


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "matricule": matricule,
            "oid": oid,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        matricule = d.pop("matricule")

        oid = InsOid(d.pop("oid"))




        ins_input = cls(
            matricule=matricule,
            oid=oid,
        )


        ins_input.additional_properties = d
        return ins_input

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
