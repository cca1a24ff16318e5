from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.profile_section import ProfileSection
from typing import cast
from uuid import UUID
import datetime






T = TypeVar("T", bound="ProfileEntryView")



@_attrs_define
class ProfileEntryView:
    """ 
        Attributes:
            id (UUID): Entry id.
            section (ProfileSection): Sections of the medical profile (seed: maladies et sujets de santé, traitements, …).
            version (int): Current version: pass it as `expected_version` to revise or remove.
            removed (bool): True once removed (the history stays).
            text (None | str): Current text; null once removed.
            changed_at (datetime.datetime): When it last changed.
            changed_by_rpps (None | str): RPPS number of the last professional who changed it; null for the patient.
            created_at (datetime.datetime): When it was created.
     """

    id: UUID
    section: ProfileSection
    version: int
    removed: bool
    text: None | str
    changed_at: datetime.datetime
    changed_by_rpps: None | str
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        section = self.section.value

        version = self.version

        removed = self.removed

        text: None | str
        text = self.text

        changed_at = self.changed_at.isoformat()

        changed_by_rpps: None | str
        changed_by_rpps = self.changed_by_rpps

        created_at = self.created_at.isoformat()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "section": section,
            "version": version,
            "removed": removed,
            "text": text,
            "changed_at": changed_at,
            "changed_by_rpps": changed_by_rpps,
            "created_at": created_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))




        section = ProfileSection(d.pop("section"))




        version = d.pop("version")

        removed = d.pop("removed")

        def _parse_text(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        text = _parse_text(d.pop("text"))


        changed_at = datetime.datetime.fromisoformat(d.pop("changed_at"))




        def _parse_changed_by_rpps(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        changed_by_rpps = _parse_changed_by_rpps(d.pop("changed_by_rpps"))


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        profile_entry_view = cls(
            id=id,
            section=section,
            version=version,
            removed=removed,
            text=text,
            changed_at=changed_at,
            changed_by_rpps=changed_by_rpps,
            created_at=created_at,
        )


        profile_entry_view.additional_properties = d
        return profile_entry_view

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
