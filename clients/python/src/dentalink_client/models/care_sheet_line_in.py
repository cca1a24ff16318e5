from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="CareSheetLineIn")



@_attrs_define
class CareSheetLineIn:
    """ One act to put on the sheet; its price is the catalogue's on `performed_on`.

        Attributes:
            act_code (str): Code from GET /v1/care-acts
            quantity (int | Unset): How many times the act was performed (1–99). Default: 1.
            performed_on (datetime.date | None | Unset): Day of the act; default today (Paris)
     """

    act_code: str
    quantity: int | Unset = 1
    performed_on: datetime.date | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        act_code = self.act_code

        quantity = self.quantity

        performed_on: None | str | Unset
        if isinstance(self.performed_on, Unset):
            performed_on = UNSET
        elif isinstance(self.performed_on, datetime.date):
            performed_on = self.performed_on.isoformat()
        else:
            performed_on = self.performed_on


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "act_code": act_code,
        })
        if quantity is not UNSET:
            field_dict["quantity"] = quantity
        if performed_on is not UNSET:
            field_dict["performed_on"] = performed_on

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        act_code = d.pop("act_code")

        quantity = d.pop("quantity", UNSET)

        def _parse_performed_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                performed_on_type_0 = datetime.date.fromisoformat(data)



                return performed_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        performed_on = _parse_performed_on(d.pop("performed_on", UNSET))


        care_sheet_line_in = cls(
            act_code=act_code,
            quantity=quantity,
            performed_on=performed_on,
        )


        care_sheet_line_in.additional_properties = d
        return care_sheet_line_in

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
