from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.act_billed_data_act_code import ActBilledDataActCode
from ..models.act_billed_data_payer import ActBilledDataPayer
from typing import cast
from typing import Literal, cast
import datetime






T = TypeVar("T", bound="ActBilledData")



@_attrs_define
class ActBilledData:
    """ A tele-expertise act was billed.

        Attributes:
            act_id (str): The act's id.
            expertise_id (str): The tele-expertise it belongs to.
            practice_id (str): The practice this webhook is for (the endpoint's).
            invoice_id (str): The invoice's id (`GET /v1/invoices/{invoice_id}`).
            act_code (ActBilledDataActCode): The act code.
            amount (float | str): Amount billed in euros, a decimal string (`"20.00"`).
            payer (ActBilledDataPayer): Who pays.
            status (Literal['billed']): The act's billing status.
            billed_at (datetime.datetime): When it was billed.
     """

    act_id: str
    expertise_id: str
    practice_id: str
    invoice_id: str
    act_code: ActBilledDataActCode
    amount: float | str
    payer: ActBilledDataPayer
    status: Literal['billed']
    billed_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        act_id = self.act_id

        expertise_id = self.expertise_id

        practice_id = self.practice_id

        invoice_id = self.invoice_id

        act_code = self.act_code.value

        amount: float | str
        amount = self.amount

        payer = self.payer.value

        status = self.status

        billed_at = self.billed_at.isoformat()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "act_id": act_id,
            "expertise_id": expertise_id,
            "practice_id": practice_id,
            "invoice_id": invoice_id,
            "act_code": act_code,
            "amount": amount,
            "payer": payer,
            "status": status,
            "billed_at": billed_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        act_id = d.pop("act_id")

        expertise_id = d.pop("expertise_id")

        practice_id = d.pop("practice_id")

        invoice_id = d.pop("invoice_id")

        act_code = ActBilledDataActCode(d.pop("act_code"))




        def _parse_amount(data: object) -> float | str:
            return cast(float | str, data)

        amount = _parse_amount(d.pop("amount"))


        payer = ActBilledDataPayer(d.pop("payer"))




        status = cast(Literal['billed'] , d.pop("status"))
        if status != 'billed':
            raise ValueError(f"status must match const 'billed', got '{status}'")

        billed_at = datetime.datetime.fromisoformat(d.pop("billed_at"))




        act_billed_data = cls(
            act_id=act_id,
            expertise_id=expertise_id,
            practice_id=practice_id,
            invoice_id=invoice_id,
            act_code=act_code,
            amount=amount,
            payer=payer,
            status=status,
            billed_at=billed_at,
        )


        act_billed_data.additional_properties = d
        return act_billed_data

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
