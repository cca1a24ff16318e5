from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.act_code import ActCode
from ..models.act_role import ActRole
from ..models.billing_rejection_reason import BillingRejectionReason
from ..models.invoice_status import InvoiceStatus
from ..models.payer import Payer
from ..types import UNSET, Unset
from typing import cast
from uuid import UUID
import datetime






T = TypeVar("T", bound="InvoiceOut")



@_attrs_define
class InvoiceOut:
    """ The billing decision on one tele-expertise act. `amount` is null when the act was rejected.

        Attributes:
            id (UUID): Invoice id.
            act_id (UUID): The tele-expertise act billed.
            expertise_id (UUID): The tele-expertise the act belongs to.
            practice_id (str): The practice billing the act.
            practitioner_rpps (str): RPPS number of the practitioner who performed the act.
            patient_key (str): Pseudonymous patient key (`pk_` + 32 hex characters), never the NIR.
            role (ActRole):
            act_code (ActCode): Tele-expertise act codes (dental convention avenant 1; seed).
            performed_at (datetime.datetime): When the act was performed.
            performed_on (datetime.date): The act's day in Paris time (the tariff and the yearly cap use it).
            status (InvoiceStatus): A tele-expertise act is either billed (an invoice line exists) or rejected (never
                billed).
            decided_at (datetime.datetime): When billing-service decided.
            amount (None | str | Unset): Amount billed in euros (string with two decimals); null when rejected.
            payer (None | Payer | Unset): `amo` (compulsory insurance) or `patient`; null when rejected.
            tariff_source (None | str | Unset): Where the tariff comes from; null when rejected.
            rejection_reason (BillingRejectionReason | None | Unset): `yearly_cap_reached`, `no_tariff` or
                `practitioner_not_dentist`; null when billed.
            rejection_detail (None | str | Unset): Explanation of the rejection, without personal data.
            cap_slot (int | None | Unset): Which of the patient's yearly tele-expertise acts this is (1–4); null when not
                capped.
     """

    id: UUID
    act_id: UUID
    expertise_id: UUID
    practice_id: str
    practitioner_rpps: str
    patient_key: str
    role: ActRole
    act_code: ActCode
    performed_at: datetime.datetime
    performed_on: datetime.date
    status: InvoiceStatus
    decided_at: datetime.datetime
    amount: None | str | Unset = UNSET
    payer: None | Payer | Unset = UNSET
    tariff_source: None | str | Unset = UNSET
    rejection_reason: BillingRejectionReason | None | Unset = UNSET
    rejection_detail: None | str | Unset = UNSET
    cap_slot: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        act_id = str(self.act_id)

        expertise_id = str(self.expertise_id)

        practice_id = self.practice_id

        practitioner_rpps = self.practitioner_rpps

        patient_key = self.patient_key

        role = self.role.value

        act_code = self.act_code.value

        performed_at = self.performed_at.isoformat()

        performed_on = self.performed_on.isoformat()

        status = self.status.value

        decided_at = self.decided_at.isoformat()

        amount: None | str | Unset
        if isinstance(self.amount, Unset):
            amount = UNSET
        else:
            amount = self.amount

        payer: None | str | Unset
        if isinstance(self.payer, Unset):
            payer = UNSET
        elif isinstance(self.payer, Payer):
            payer = self.payer.value
        else:
            payer = self.payer

        tariff_source: None | str | Unset
        if isinstance(self.tariff_source, Unset):
            tariff_source = UNSET
        else:
            tariff_source = self.tariff_source

        rejection_reason: None | str | Unset
        if isinstance(self.rejection_reason, Unset):
            rejection_reason = UNSET
        elif isinstance(self.rejection_reason, BillingRejectionReason):
            rejection_reason = self.rejection_reason.value
        else:
            rejection_reason = self.rejection_reason

        rejection_detail: None | str | Unset
        if isinstance(self.rejection_detail, Unset):
            rejection_detail = UNSET
        else:
            rejection_detail = self.rejection_detail

        cap_slot: int | None | Unset
        if isinstance(self.cap_slot, Unset):
            cap_slot = UNSET
        else:
            cap_slot = self.cap_slot


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "act_id": act_id,
            "expertise_id": expertise_id,
            "practice_id": practice_id,
            "practitioner_rpps": practitioner_rpps,
            "patient_key": patient_key,
            "role": role,
            "act_code": act_code,
            "performed_at": performed_at,
            "performed_on": performed_on,
            "status": status,
            "decided_at": decided_at,
        })
        if amount is not UNSET:
            field_dict["amount"] = amount
        if payer is not UNSET:
            field_dict["payer"] = payer
        if tariff_source is not UNSET:
            field_dict["tariff_source"] = tariff_source
        if rejection_reason is not UNSET:
            field_dict["rejection_reason"] = rejection_reason
        if rejection_detail is not UNSET:
            field_dict["rejection_detail"] = rejection_detail
        if cap_slot is not UNSET:
            field_dict["cap_slot"] = cap_slot

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))




        act_id = UUID(d.pop("act_id"))




        expertise_id = UUID(d.pop("expertise_id"))




        practice_id = d.pop("practice_id")

        practitioner_rpps = d.pop("practitioner_rpps")

        patient_key = d.pop("patient_key")

        role = ActRole(d.pop("role"))




        act_code = ActCode(d.pop("act_code"))




        performed_at = datetime.datetime.fromisoformat(d.pop("performed_at"))




        performed_on = datetime.date.fromisoformat(d.pop("performed_on"))




        status = InvoiceStatus(d.pop("status"))




        decided_at = datetime.datetime.fromisoformat(d.pop("decided_at"))




        def _parse_amount(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        amount = _parse_amount(d.pop("amount", UNSET))


        def _parse_payer(data: object) -> None | Payer | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                payer_type_0 = Payer(data)



                return payer_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Payer | Unset, data)

        payer = _parse_payer(d.pop("payer", UNSET))


        def _parse_tariff_source(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        tariff_source = _parse_tariff_source(d.pop("tariff_source", UNSET))


        def _parse_rejection_reason(data: object) -> BillingRejectionReason | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                rejection_reason_type_0 = BillingRejectionReason(data)



                return rejection_reason_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BillingRejectionReason | None | Unset, data)

        rejection_reason = _parse_rejection_reason(d.pop("rejection_reason", UNSET))


        def _parse_rejection_detail(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        rejection_detail = _parse_rejection_detail(d.pop("rejection_detail", UNSET))


        def _parse_cap_slot(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        cap_slot = _parse_cap_slot(d.pop("cap_slot", UNSET))


        invoice_out = cls(
            id=id,
            act_id=act_id,
            expertise_id=expertise_id,
            practice_id=practice_id,
            practitioner_rpps=practitioner_rpps,
            patient_key=patient_key,
            role=role,
            act_code=act_code,
            performed_at=performed_at,
            performed_on=performed_on,
            status=status,
            decided_at=decided_at,
            amount=amount,
            payer=payer,
            tariff_source=tariff_source,
            rejection_reason=rejection_reason,
            rejection_detail=rejection_detail,
            cap_slot=cap_slot,
        )


        invoice_out.additional_properties = d
        return invoice_out

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
