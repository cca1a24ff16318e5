from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.insi_result_code import InsiResultCode
from typing import cast

if TYPE_CHECKING:
  from ..models.identity_out import IdentityOut
  from ..models.insi_call import InsiCall
  from ..models.transition_out import TransitionOut





T = TypeVar("T", bound="InsiOutcome")



@_attrs_define
class InsiOutcome:
    """ An INSi answer applied: 00 found, 01 none found, 02 several found (after the retry strategy).

        Attributes:
            identity (IdentityOut): An identity of the practice. `may_reference_health_data` is true only when QUAL.
            transition (TransitionOut): One immutable history entry: who (RPPS), when, how.
            result_code (InsiResultCode): Business result codes (DOMAIN.md §3); technical faults are not results and never
                appear here.
            calls (list[InsiCall]): Every INSi call made, in order.
     """

    identity: IdentityOut
    transition: TransitionOut
    result_code: InsiResultCode
    calls: list[InsiCall]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.identity_out import IdentityOut # noqa: PLC0415
        from ..models.insi_call import InsiCall # noqa: PLC0415
        from ..models.transition_out import TransitionOut # noqa: PLC0415
        identity = self.identity.to_dict()

        transition = self.transition.to_dict()

        result_code = self.result_code.value

        calls = []
        for calls_item_data in self.calls:
            calls_item = calls_item_data.to_dict()
            calls.append(calls_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "identity": identity,
            "transition": transition,
            "result_code": result_code,
            "calls": calls,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.identity_out import IdentityOut # noqa: PLC0415
        from ..models.insi_call import InsiCall # noqa: PLC0415
        from ..models.transition_out import TransitionOut # noqa: PLC0415
        d = dict(src_dict)
        identity = IdentityOut.from_dict(d.pop("identity"))




        transition = TransitionOut.from_dict(d.pop("transition"))




        result_code = InsiResultCode(d.pop("result_code"))




        calls = []
        _calls = d.pop("calls")
        for calls_item_data in (_calls):
            calls_item = InsiCall.from_dict(calls_item_data)



            calls.append(calls_item)


        insi_outcome = cls(
            identity=identity,
            transition=transition,
            result_code=result_code,
            calls=calls,
        )


        insi_outcome.additional_properties = d
        return insi_outcome

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
