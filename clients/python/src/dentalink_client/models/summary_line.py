from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.summary_kind import SummaryKind






T = TypeVar("T", bound="SummaryLine")



@_attrs_define
class SummaryLine:
    """ 
        Attributes:
            act_code (str): The act code.
            kind (SummaryKind):
            count (int): How many acts were billed.
            total (str): Their total, in euros (string with two decimals).
     """

    act_code: str
    kind: SummaryKind
    count: int
    total: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        act_code = self.act_code

        kind = self.kind.value

        count = self.count

        total = self.total


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "act_code": act_code,
            "kind": kind,
            "count": count,
            "total": total,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        act_code = d.pop("act_code")

        kind = SummaryKind(d.pop("kind"))




        count = d.pop("count")

        total = d.pop("total")

        summary_line = cls(
            act_code=act_code,
            kind=kind,
            count=count,
            total=total,
        )


        summary_line.additional_properties = d
        return summary_line

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
