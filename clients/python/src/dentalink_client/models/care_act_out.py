from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="CareActOut")



@_attrs_define
class CareActOut:
    """ A dental act that may appear on a care sheet, with its price in force on `on`.

        Attributes:
            act_code (str): NGAP or CCAM act code to put on a care sheet line.
            label (str): The act's label.
            amount (str): Price in euros (string with two decimals).
            effective_from (datetime.date): First day this price applies.
            effective_to (datetime.date | None): Last day this price applies; null while in force.
            source (str): Where the price comes from.
            illustrative (bool): True when the price is not sourced (sandbox catalogue): do not bill real care with it.
     """

    act_code: str
    label: str
    amount: str
    effective_from: datetime.date
    effective_to: datetime.date | None
    source: str
    illustrative: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        act_code = self.act_code

        label = self.label

        amount = self.amount

        effective_from = self.effective_from.isoformat()

        effective_to: None | str
        if isinstance(self.effective_to, datetime.date):
            effective_to = self.effective_to.isoformat()
        else:
            effective_to = self.effective_to

        source = self.source

        illustrative = self.illustrative


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "act_code": act_code,
            "label": label,
            "amount": amount,
            "effective_from": effective_from,
            "effective_to": effective_to,
            "source": source,
            "illustrative": illustrative,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        act_code = d.pop("act_code")

        label = d.pop("label")

        amount = d.pop("amount")

        effective_from = datetime.date.fromisoformat(d.pop("effective_from"))




        def _parse_effective_to(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                effective_to_type_0 = datetime.date.fromisoformat(data)



                return effective_to_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        effective_to = _parse_effective_to(d.pop("effective_to"))


        source = d.pop("source")

        illustrative = d.pop("illustrative")

        care_act_out = cls(
            act_code=act_code,
            label=label,
            amount=amount,
            effective_from=effective_from,
            effective_to=effective_to,
            source=source,
            illustrative=illustrative,
        )


        care_act_out.additional_properties = d
        return care_act_out

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
