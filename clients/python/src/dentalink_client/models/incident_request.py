from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="IncidentRequest")



@_attrs_define
class IncidentRequest:
    """ A technical incident a party observed (CSP R6316-4). Describe it without patient data.

        Attributes:
            description (str): What went wrong (technical incident, CSP R6316-4), without patient data; at most 2 000
                characters.
     """

    description: str





    def to_dict(self) -> dict[str, Any]:
        description = self.description


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "description": description,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        description = d.pop("description")

        incident_request = cls(
            description=description,
        )

        return incident_request

