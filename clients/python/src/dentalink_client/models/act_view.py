from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.act_code import ActCode
from ..models.act_role import ActRole
from typing import cast
from uuid import UUID
import datetime

if TYPE_CHECKING:
  from ..models.billing_view import BillingView





T = TypeVar("T", bound="ActView")



@_attrs_define
class ActView:
    """ 
        Attributes:
            act_id (UUID): Id of the act, as billed.
            role (ActRole):
            code (ActCode): Tele-expertise act codes (dental convention avenant 1; seed).
            practice_id (str): The practice the act is billed by.
            practitioner_rpps (str): RPPS number of the professional who performed the act.
            performed_at (datetime.datetime): When the act was performed (the request, or the report).
            billing (BillingView): What billing-service said about the act (TeleExpertiseBilled /
                TeleExpertiseBillingRejected).
     """

    act_id: UUID
    role: ActRole
    code: ActCode
    practice_id: str
    practitioner_rpps: str
    performed_at: datetime.datetime
    billing: BillingView
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.billing_view import BillingView # noqa: PLC0415
        act_id = str(self.act_id)

        role = self.role.value

        code = self.code.value

        practice_id = self.practice_id

        practitioner_rpps = self.practitioner_rpps

        performed_at = self.performed_at.isoformat()

        billing = self.billing.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "act_id": act_id,
            "role": role,
            "code": code,
            "practice_id": practice_id,
            "practitioner_rpps": practitioner_rpps,
            "performed_at": performed_at,
            "billing": billing,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.billing_view import BillingView # noqa: PLC0415
        d = dict(src_dict)
        act_id = UUID(d.pop("act_id"))




        role = ActRole(d.pop("role"))




        code = ActCode(d.pop("code"))




        practice_id = d.pop("practice_id")

        practitioner_rpps = d.pop("practitioner_rpps")

        performed_at = datetime.datetime.fromisoformat(d.pop("performed_at"))




        billing = BillingView.from_dict(d.pop("billing"))




        act_view = cls(
            act_id=act_id,
            role=role,
            code=code,
            practice_id=practice_id,
            practitioner_rpps=practitioner_rpps,
            performed_at=performed_at,
            billing=billing,
        )


        act_view.additional_properties = d
        return act_view

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
