from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.summary_line import SummaryLine





T = TypeVar("T", bound="BillingSummary")



@_attrs_define
class BillingSummary:
    """ What was billed in a month, per act code: billed tele-expertise acts and signed care-sheet acts.

        Attributes:
            month (str): The month summarised, `YYYY-MM`.
            practitioner_rpps (None | str): The practitioner summarised; null: the whole practice.
            lines (list[SummaryLine]): One line per act code and kind.
            count (int): Acts billed in the month.
            total (str): Total billed in the month, in euros (string with two decimals).
     """

    month: str
    practitioner_rpps: None | str
    lines: list[SummaryLine]
    count: int
    total: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.summary_line import SummaryLine # noqa: PLC0415
        month = self.month

        practitioner_rpps: None | str
        practitioner_rpps = self.practitioner_rpps

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)



        count = self.count

        total = self.total


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "month": month,
            "practitioner_rpps": practitioner_rpps,
            "lines": lines,
            "count": count,
            "total": total,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.summary_line import SummaryLine # noqa: PLC0415
        d = dict(src_dict)
        month = d.pop("month")

        def _parse_practitioner_rpps(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        practitioner_rpps = _parse_practitioner_rpps(d.pop("practitioner_rpps"))


        lines = []
        _lines = d.pop("lines")
        for lines_item_data in (_lines):
            lines_item = SummaryLine.from_dict(lines_item_data)



            lines.append(lines_item)


        count = d.pop("count")

        total = d.pop("total")

        billing_summary = cls(
            month=month,
            practitioner_rpps=practitioner_rpps,
            lines=lines,
            count=count,
            total=total,
        )


        billing_summary.additional_properties = d
        return billing_summary

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
