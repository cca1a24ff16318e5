from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.relationship import Relationship
from typing import cast
from uuid import UUID
import datetime






T = TypeVar("T", bound="RelatedProfileView")



@_attrs_define
class RelatedProfileView:
    """ 
        Attributes:
            id (UUID): Link id.
            child_ins (str): The child's INS matricule.
            relationship (Relationship): Who the adult is to the child (Code civil art. 371-1, 390: parental authority or
                guardianship).
            attached_at (datetime.datetime): When attached.
            attached_by_rpps (str): RPPS number of the professional who attached it.
            detached_at (datetime.datetime | None): When detached; null while attached.
            active (bool): Attached and the child still a minor today.
     """

    id: UUID
    child_ins: str
    relationship: Relationship
    attached_at: datetime.datetime
    attached_by_rpps: str
    detached_at: datetime.datetime | None
    active: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        child_ins = self.child_ins

        relationship = self.relationship.value

        attached_at = self.attached_at.isoformat()

        attached_by_rpps = self.attached_by_rpps

        detached_at: None | str
        if isinstance(self.detached_at, datetime.datetime):
            detached_at = self.detached_at.isoformat()
        else:
            detached_at = self.detached_at

        active = self.active


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "child_ins": child_ins,
            "relationship": relationship,
            "attached_at": attached_at,
            "attached_by_rpps": attached_by_rpps,
            "detached_at": detached_at,
            "active": active,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))




        child_ins = d.pop("child_ins")

        relationship = Relationship(d.pop("relationship"))




        attached_at = datetime.datetime.fromisoformat(d.pop("attached_at"))




        attached_by_rpps = d.pop("attached_by_rpps")

        def _parse_detached_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                detached_at_type_0 = datetime.datetime.fromisoformat(data)



                return detached_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        detached_at = _parse_detached_at(d.pop("detached_at"))


        active = d.pop("active")

        related_profile_view = cls(
            id=id,
            child_ins=child_ins,
            relationship=relationship,
            attached_at=attached_at,
            attached_by_rpps=attached_by_rpps,
            detached_at=detached_at,
            active=active,
        )


        related_profile_view.additional_properties = d
        return related_profile_view

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
