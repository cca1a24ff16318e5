from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.change_kind import ChangeKind
from typing import cast
import datetime






T = TypeVar("T", bound="ProfileVersionView")



@_attrs_define
class ProfileVersionView:
    """ 
        Attributes:
            version (int): Version number, from 1.
            change (ChangeKind): What a version did to the entry.
            text (None | str): The entry's text in this version; null once removed.
            author_kind (str): Who wrote it: `professional` or `patient`.
            author_rpps (None | str): RPPS number of the professional; null when the patient wrote it.
            practice_id (None | str): The practice of the professional; null when the patient wrote it.
            changed_at (datetime.datetime): When this version was written.
     """

    version: int
    change: ChangeKind
    text: None | str
    author_kind: str
    author_rpps: None | str
    practice_id: None | str
    changed_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        version = self.version

        change = self.change.value

        text: None | str
        text = self.text

        author_kind = self.author_kind

        author_rpps: None | str
        author_rpps = self.author_rpps

        practice_id: None | str
        practice_id = self.practice_id

        changed_at = self.changed_at.isoformat()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "version": version,
            "change": change,
            "text": text,
            "author_kind": author_kind,
            "author_rpps": author_rpps,
            "practice_id": practice_id,
            "changed_at": changed_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        version = d.pop("version")

        change = ChangeKind(d.pop("change"))




        def _parse_text(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        text = _parse_text(d.pop("text"))


        author_kind = d.pop("author_kind")

        def _parse_author_rpps(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        author_rpps = _parse_author_rpps(d.pop("author_rpps"))


        def _parse_practice_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        practice_id = _parse_practice_id(d.pop("practice_id"))


        changed_at = datetime.datetime.fromisoformat(d.pop("changed_at"))




        profile_version_view = cls(
            version=version,
            change=change,
            text=text,
            author_kind=author_kind,
            author_rpps=author_rpps,
            practice_id=practice_id,
            changed_at=changed_at,
        )


        profile_version_view.additional_properties = d
        return profile_version_view

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
