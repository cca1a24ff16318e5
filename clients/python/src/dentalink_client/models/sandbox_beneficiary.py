from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.amo_quality import AmoQuality






T = TypeVar("T", bound="SandboxBeneficiary")



@_attrs_define
class SandboxBeneficiary:
    """ 
        Attributes:
            nir (str): The fictitious beneficiary's NIR (valid key, TEST data).
            first_names (str): First names as on the fictitious AMO data.
            birth_name (str): Birth name as on the fictitious AMO data.
            quality (AmoQuality): Quality of a person on the AMO data: the insured or one of their beneficiaries (seed).
            adri (str): What the sandbox ADRI answers: open, closed or unknown_beneficiary.
     """

    nir: str
    first_names: str
    birth_name: str
    quality: AmoQuality
    adri: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        nir = self.nir

        first_names = self.first_names

        birth_name = self.birth_name

        quality = self.quality.value

        adri = self.adri


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "nir": nir,
            "first_names": first_names,
            "birth_name": birth_name,
            "quality": quality,
            "adri": adri,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        nir = d.pop("nir")

        first_names = d.pop("first_names")

        birth_name = d.pop("birth_name")

        quality = AmoQuality(d.pop("quality"))




        adri = d.pop("adri")

        sandbox_beneficiary = cls(
            nir=nir,
            first_names=first_names,
            birth_name=birth_name,
            quality=quality,
            adri=adri,
        )


        sandbox_beneficiary.additional_properties = d
        return sandbox_beneficiary

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
