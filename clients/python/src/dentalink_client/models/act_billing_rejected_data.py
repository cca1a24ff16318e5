from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.act_billing_rejected_data_act_code import ActBillingRejectedDataActCode
from typing import cast
from typing import Literal, cast
import datetime






T = TypeVar("T", bound="ActBillingRejectedData")



@_attrs_define
class ActBillingRejectedData:
    """ A tele-expertise act could not be billed; `reason` says why.

        Attributes:
            act_id (str): The act's id.
            expertise_id (str): The tele-expertise it belongs to.
            practice_id (str): The practice this webhook is for (the endpoint's).
            act_code (ActBillingRejectedDataActCode): The act code.
            status (Literal['rejected']): The act's billing status.
            reason (str): `yearly_cap_reached`, `no_tariff` or `practitioner_not_dentist`.
            rejected_at (datetime.datetime): When billing was refused.
     """

    act_id: str
    expertise_id: str
    practice_id: str
    act_code: ActBillingRejectedDataActCode
    status: Literal['rejected']
    reason: str
    rejected_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        act_id = self.act_id

        expertise_id = self.expertise_id

        practice_id = self.practice_id

        act_code = self.act_code.value

        status = self.status

        reason = self.reason

        rejected_at = self.rejected_at.isoformat()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "act_id": act_id,
            "expertise_id": expertise_id,
            "practice_id": practice_id,
            "act_code": act_code,
            "status": status,
            "reason": reason,
            "rejected_at": rejected_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        act_id = d.pop("act_id")

        expertise_id = d.pop("expertise_id")

        practice_id = d.pop("practice_id")

        act_code = ActBillingRejectedDataActCode(d.pop("act_code"))




        status = cast(Literal['rejected'] , d.pop("status"))
        if status != 'rejected':
            raise ValueError(f"status must match const 'rejected', got '{status}'")

        reason = d.pop("reason")

        rejected_at = datetime.datetime.fromisoformat(d.pop("rejected_at"))




        act_billing_rejected_data = cls(
            act_id=act_id,
            expertise_id=expertise_id,
            practice_id=practice_id,
            act_code=act_code,
            status=status,
            reason=reason,
            rejected_at=rejected_at,
        )


        act_billing_rejected_data.additional_properties = d
        return act_billing_rejected_data

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
