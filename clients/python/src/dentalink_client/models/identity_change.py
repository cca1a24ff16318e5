from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.identity_out import IdentityOut
  from ..models.transition_out import TransitionOut





T = TypeVar("T", bound="IdentityChange")



@_attrs_define
class IdentityChange:
    """ The identity after a change, and the history entry the change wrote.

        Attributes:
            identity (IdentityOut): An identity of the practice. `may_reference_health_data` is true only when QUAL.
            transition (TransitionOut): One immutable history entry: who (RPPS), when, how.
     """

    identity: IdentityOut
    transition: TransitionOut
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.identity_out import IdentityOut # noqa: PLC0415
        from ..models.transition_out import TransitionOut # noqa: PLC0415
        identity = self.identity.to_dict()

        transition = self.transition.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "identity": identity,
            "transition": transition,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.identity_out import IdentityOut # noqa: PLC0415
        from ..models.transition_out import TransitionOut # noqa: PLC0415
        d = dict(src_dict)
        identity = IdentityOut.from_dict(d.pop("identity"))




        transition = TransitionOut.from_dict(d.pop("transition"))




        identity_change = cls(
            identity=identity,
            transition=transition,
        )


        identity_change.additional_properties = d
        return identity_change

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
