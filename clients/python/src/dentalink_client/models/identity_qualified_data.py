from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from typing import Literal, cast
import datetime






T = TypeVar("T", bound="IdentityQualifiedData")



@_attrs_define
class IdentityQualifiedData:
    """ An identity of the practice became qualified (QUAL).

        Attributes:
            identity_id (str): The identity's id (`GET /v1/identities/{identity_id}`).
            practice_id (str): The practice this webhook is for (the endpoint's).
            status (Literal['QUAL']): The identity's status: qualified.
            qualified_at (datetime.datetime): When it became qualified.
     """

    identity_id: str
    practice_id: str
    status: Literal['QUAL']
    qualified_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        identity_id = self.identity_id

        practice_id = self.practice_id

        status = self.status

        qualified_at = self.qualified_at.isoformat()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "identity_id": identity_id,
            "practice_id": practice_id,
            "status": status,
            "qualified_at": qualified_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        identity_id = d.pop("identity_id")

        practice_id = d.pop("practice_id")

        status = cast(Literal['QUAL'] , d.pop("status"))
        if status != 'QUAL':
            raise ValueError(f"status must match const 'QUAL', got '{status}'")

        qualified_at = datetime.datetime.fromisoformat(d.pop("qualified_at"))




        identity_qualified_data = cls(
            identity_id=identity_id,
            practice_id=practice_id,
            status=status,
            qualified_at=qualified_at,
        )


        identity_qualified_data.additional_properties = d
        return identity_qualified_data

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
