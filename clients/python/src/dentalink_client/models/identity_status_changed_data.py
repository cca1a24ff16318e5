from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="IdentityStatusChangedData")



@_attrs_define
class IdentityStatusChangedData:
    """ An identity changed status (other than reaching QUAL), downgrades included.

        Attributes:
            identity_id (str): The identity's id.
            practice_id (str): The practice this webhook is for (the endpoint's).
            previous_status (None | str): RNIV status before: PROV, RECUP, VALI or QUAL.
            status (str): RNIV status now: PROV, RECUP, VALI or QUAL.
            changed_at (datetime.datetime): When it changed.
     """

    identity_id: str
    practice_id: str
    previous_status: None | str
    status: str
    changed_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        identity_id = self.identity_id

        practice_id = self.practice_id

        previous_status: None | str
        previous_status = self.previous_status

        status = self.status

        changed_at = self.changed_at.isoformat()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "identity_id": identity_id,
            "practice_id": practice_id,
            "previous_status": previous_status,
            "status": status,
            "changed_at": changed_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        identity_id = d.pop("identity_id")

        practice_id = d.pop("practice_id")

        def _parse_previous_status(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        previous_status = _parse_previous_status(d.pop("previous_status"))


        status = d.pop("status")

        changed_at = datetime.datetime.fromisoformat(d.pop("changed_at"))




        identity_status_changed_data = cls(
            identity_id=identity_id,
            practice_id=practice_id,
            previous_status=previous_status,
            status=status,
            changed_at=changed_at,
        )


        identity_status_changed_data.additional_properties = d
        return identity_status_changed_data

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
