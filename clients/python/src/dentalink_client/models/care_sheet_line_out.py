from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="CareSheetLineOut")



@_attrs_define
class CareSheetLineOut:
    """ 
        Attributes:
            position (int): Line number on the sheet, from 1.
            act_code (str): NGAP or CCAM act code.
            label (str): The act's label in the catalogue.
            performed_on (datetime.date): Day the act was performed.
            unit_amount (str): Catalogue price on that day, in euros (string with two decimals).
            quantity (int): How many times the act was performed.
            amount (str): `unit_amount` × `quantity`, in euros (string with two decimals).
            tariff_source (str): Where the catalogue price comes from.
     """

    position: int
    act_code: str
    label: str
    performed_on: datetime.date
    unit_amount: str
    quantity: int
    amount: str
    tariff_source: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        position = self.position

        act_code = self.act_code

        label = self.label

        performed_on = self.performed_on.isoformat()

        unit_amount = self.unit_amount

        quantity = self.quantity

        amount = self.amount

        tariff_source = self.tariff_source


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "position": position,
            "act_code": act_code,
            "label": label,
            "performed_on": performed_on,
            "unit_amount": unit_amount,
            "quantity": quantity,
            "amount": amount,
            "tariff_source": tariff_source,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        position = d.pop("position")

        act_code = d.pop("act_code")

        label = d.pop("label")

        performed_on = datetime.date.fromisoformat(d.pop("performed_on"))




        unit_amount = d.pop("unit_amount")

        quantity = d.pop("quantity")

        amount = d.pop("amount")

        tariff_source = d.pop("tariff_source")

        care_sheet_line_out = cls(
            position=position,
            act_code=act_code,
            label=label,
            performed_on=performed_on,
            unit_amount=unit_amount,
            quantity=quantity,
            amount=amount,
            tariff_source=tariff_source,
        )


        care_sheet_line_out.additional_properties = d
        return care_sheet_line_out

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
