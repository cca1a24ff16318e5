from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.sandbox_beneficiary import SandboxBeneficiary





T = TypeVar("T", bound="SandboxPatientOut")



@_attrs_define
class SandboxPatientOut:
    """ One fictitious app of the sandbox issuer.

        Attributes:
            label (str): Label to pass as `patient` to `POST /v1/sandbox/apcv-payloads`.
            description (str): What the fictitious app exercises (family, expired rights, …).
            beneficiaries (list[SandboxBeneficiary]): The people of the fictitious app's AMO data.
     """

    label: str
    description: str
    beneficiaries: list[SandboxBeneficiary]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.sandbox_beneficiary import SandboxBeneficiary # noqa: PLC0415
        label = self.label

        description = self.description

        beneficiaries = []
        for beneficiaries_item_data in self.beneficiaries:
            beneficiaries_item = beneficiaries_item_data.to_dict()
            beneficiaries.append(beneficiaries_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "label": label,
            "description": description,
            "beneficiaries": beneficiaries,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.sandbox_beneficiary import SandboxBeneficiary # noqa: PLC0415
        d = dict(src_dict)
        label = d.pop("label")

        description = d.pop("description")

        beneficiaries = []
        _beneficiaries = d.pop("beneficiaries")
        for beneficiaries_item_data in (_beneficiaries):
            beneficiaries_item = SandboxBeneficiary.from_dict(beneficiaries_item_data)



            beneficiaries.append(beneficiaries_item)


        sandbox_patient_out = cls(
            label=label,
            description=description,
            beneficiaries=beneficiaries,
        )


        sandbox_patient_out.additional_properties = d
        return sandbox_patient_out

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
