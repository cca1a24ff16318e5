from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.relationship import Relationship






T = TypeVar("T", bound="RelatedProfileRequest")



@_attrs_define
class RelatedProfileRequest:
    """ Attach a child's record (qualified INS, a minor) to this parent's record.

        Attributes:
            child_ins (str): The child's INS matricule (the related profile to attach).
            relationship (Relationship): Who the adult is to the child (Code civil art. 371-1, 390: parental authority or
                guardianship).
     """

    child_ins: str
    relationship: Relationship
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        child_ins = self.child_ins

        relationship = self.relationship.value


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "child_ins": child_ins,
            "relationship": relationship,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        child_ins = d.pop("child_ins")

        relationship = Relationship(d.pop("relationship"))




        related_profile_request = cls(
            child_ins=child_ins,
            relationship=relationship,
        )


        related_profile_request.additional_properties = d
        return related_profile_request

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
