from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from uuid import UUID

if TYPE_CHECKING:
  from ..models.care_sheet_line_in import CareSheetLineIn





T = TypeVar("T", bound="CareSheetReplacement")



@_attrs_define
class CareSheetReplacement:
    """ The corrected sheet: made in an open session of the same beneficiary (possibly a new one).

        Attributes:
            session_id (UUID): An open apCV session of the same beneficiary.
            lines (list[CareSheetLineIn]): The acts of the replacing sheet, 1 to 50 lines.
     """

    session_id: UUID
    lines: list[CareSheetLineIn]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.care_sheet_line_in import CareSheetLineIn # noqa: PLC0415
        session_id = str(self.session_id)

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "session_id": session_id,
            "lines": lines,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.care_sheet_line_in import CareSheetLineIn # noqa: PLC0415
        d = dict(src_dict)
        session_id = UUID(d.pop("session_id"))




        lines = []
        _lines = d.pop("lines")
        for lines_item_data in (_lines):
            lines_item = CareSheetLineIn.from_dict(lines_item_data)



            lines.append(lines_item)


        care_sheet_replacement = cls(
            session_id=session_id,
            lines=lines,
        )


        care_sheet_replacement.additional_properties = d
        return care_sheet_replacement

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
