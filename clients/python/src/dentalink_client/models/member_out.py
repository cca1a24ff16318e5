from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.role import Role
from typing import cast
import datetime






T = TypeVar("T", bound="MemberOut")



@_attrs_define
class MemberOut:
    """ 
        Attributes:
            practice_id (str): The practice.
            rpps (str): RPPS number of the professional.
            roles (list[Role]): The roles they hold in the practice.
            created_at (datetime.datetime): When they joined the roster.
            updated_at (datetime.datetime): When their roles last changed.
            updated_by (str): RPPS of the admin who last changed it (or `manage`).
     """

    practice_id: str
    rpps: str
    roles: list[Role]
    created_at: datetime.datetime
    updated_at: datetime.datetime
    updated_by: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        practice_id = self.practice_id

        rpps = self.rpps

        roles = []
        for roles_item_data in self.roles:
            roles_item = roles_item_data.value
            roles.append(roles_item)



        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        updated_by = self.updated_by


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "practice_id": practice_id,
            "rpps": rpps,
            "roles": roles,
            "created_at": created_at,
            "updated_at": updated_at,
            "updated_by": updated_by,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        practice_id = d.pop("practice_id")

        rpps = d.pop("rpps")

        roles = []
        _roles = d.pop("roles")
        for roles_item_data in (_roles):
            roles_item = Role(roles_item_data)



            roles.append(roles_item)


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        updated_by = d.pop("updated_by")

        member_out = cls(
            practice_id=practice_id,
            rpps=rpps,
            roles=roles,
            created_at=created_at,
            updated_at=updated_at,
            updated_by=updated_by,
        )


        member_out.additional_properties = d
        return member_out

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
