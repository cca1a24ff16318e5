from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.identity_attribute import IdentityAttribute






T = TypeVar("T", bound="AttributeCreate")



@_attrs_define
class AttributeCreate:
    """ An RNIV attribute to set: DOUT (doubtful), FICT (fictitious) or HOMA (homonym).

        Attributes:
            attribute (IdentityAttribute): RNIV attributes: doubtful, fictitious, homonym (DOMAIN.md §2).
     """

    attribute: IdentityAttribute





    def to_dict(self) -> dict[str, Any]:
        attribute = self.attribute.value


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "attribute": attribute,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        attribute = IdentityAttribute(d.pop("attribute"))




        attribute_create = cls(
            attribute=attribute,
        )

        return attribute_create

