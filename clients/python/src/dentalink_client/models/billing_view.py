from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.billing_view_status import BillingViewStatus
from ..types import UNSET, Unset
from typing import cast
from uuid import UUID
import datetime






T = TypeVar("T", bound="BillingView")



@_attrs_define
class BillingView:
    """ What billing-service said about the act (TeleExpertiseBilled / TeleExpertiseBillingRejected).

        Attributes:
            status (BillingViewStatus): `pending` until billing-service answers, then `billed` or `rejected`.
            invoice_id (None | Unset | UUID): The invoice the act was billed on (`GET /v1/invoices/{invoice_id}`).
            amount (None | str | Unset): Amount billed, in euros with two decimals (a string, e.g. `"20.00"`).
            payer (None | str | Unset): Who pays: `amo` (compulsory insurance) or `patient`.
            rejection_reason (None | str | Unset): Why the act was not billed: `yearly_cap_reached`, `no_tariff` or
                `practitioner_not_dentist`.
            rejection_detail (None | str | Unset): Explanation of the rejection, without personal data.
            updated_at (datetime.datetime | None | Unset): When billing-service last answered; null while pending.
     """

    status: BillingViewStatus
    invoice_id: None | Unset | UUID = UNSET
    amount: None | str | Unset = UNSET
    payer: None | str | Unset = UNSET
    rejection_reason: None | str | Unset = UNSET
    rejection_detail: None | str | Unset = UNSET
    updated_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        invoice_id: None | str | Unset
        if isinstance(self.invoice_id, Unset):
            invoice_id = UNSET
        elif isinstance(self.invoice_id, UUID):
            invoice_id = str(self.invoice_id)
        else:
            invoice_id = self.invoice_id

        amount: None | str | Unset
        if isinstance(self.amount, Unset):
            amount = UNSET
        else:
            amount = self.amount

        payer: None | str | Unset
        if isinstance(self.payer, Unset):
            payer = UNSET
        else:
            payer = self.payer

        rejection_reason: None | str | Unset
        if isinstance(self.rejection_reason, Unset):
            rejection_reason = UNSET
        else:
            rejection_reason = self.rejection_reason

        rejection_detail: None | str | Unset
        if isinstance(self.rejection_detail, Unset):
            rejection_detail = UNSET
        else:
            rejection_detail = self.rejection_detail

        updated_at: None | str | Unset
        if isinstance(self.updated_at, Unset):
            updated_at = UNSET
        elif isinstance(self.updated_at, datetime.datetime):
            updated_at = self.updated_at.isoformat()
        else:
            updated_at = self.updated_at


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "status": status,
        })
        if invoice_id is not UNSET:
            field_dict["invoice_id"] = invoice_id
        if amount is not UNSET:
            field_dict["amount"] = amount
        if payer is not UNSET:
            field_dict["payer"] = payer
        if rejection_reason is not UNSET:
            field_dict["rejection_reason"] = rejection_reason
        if rejection_detail is not UNSET:
            field_dict["rejection_detail"] = rejection_detail
        if updated_at is not UNSET:
            field_dict["updated_at"] = updated_at

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = BillingViewStatus(d.pop("status"))




        def _parse_invoice_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                invoice_id_type_0 = UUID(data)



                return invoice_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        invoice_id = _parse_invoice_id(d.pop("invoice_id", UNSET))


        def _parse_amount(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        amount = _parse_amount(d.pop("amount", UNSET))


        def _parse_payer(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        payer = _parse_payer(d.pop("payer", UNSET))


        def _parse_rejection_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        rejection_reason = _parse_rejection_reason(d.pop("rejection_reason", UNSET))


        def _parse_rejection_detail(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        rejection_detail = _parse_rejection_detail(d.pop("rejection_detail", UNSET))


        def _parse_updated_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                updated_at_type_0 = datetime.datetime.fromisoformat(data)



                return updated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        updated_at = _parse_updated_at(d.pop("updated_at", UNSET))


        billing_view = cls(
            status=status,
            invoice_id=invoice_id,
            amount=amount,
            payer=payer,
            rejection_reason=rejection_reason,
            rejection_detail=rejection_detail,
            updated_at=updated_at,
        )


        billing_view.additional_properties = d
        return billing_view

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
