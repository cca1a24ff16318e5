from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.version_view_status import VersionViewStatus
from typing import cast
from uuid import UUID
import datetime

if TYPE_CHECKING:
  from ..models.push_view import PushView





T = TypeVar("T", bound="VersionView")



@_attrs_define
class VersionView:
    """ 
        Attributes:
            version (int): Version number, from 1.
            version_id (UUID): This version's own id.
            status (VersionViewStatus): `current` or `superseded`.
            type_code (str): DMP document type (LOINC code of the CI-SIS value set).
            title (str): Title of the document.
            author_rpps (str): RPPS number of the author.
            date_of_care (datetime.date): Date of the care the document is about.
            content_type (str): Media type of the content.
            size_bytes (int): Size of the content in bytes.
            sha256 (str): SHA-256 of the content, 64 lowercase hex characters.
            filed_at (datetime.datetime): When this version was filed.
            filed_by_rpps (None | str): RPPS number of the professional who filed it; null when filed by the platform.
            filed_by_practice (None | str): The practice that filed it; null when filed by the platform.
            supersedes_version_id (None | UUID): The version this one replaced; null for version 1.
            superseded_at (datetime.datetime | None): When a newer version replaced this one; null while current.
            push (PushView): Where the copy in the national DMP stands.
     """

    version: int
    version_id: UUID
    status: VersionViewStatus
    type_code: str
    title: str
    author_rpps: str
    date_of_care: datetime.date
    content_type: str
    size_bytes: int
    sha256: str
    filed_at: datetime.datetime
    filed_by_rpps: None | str
    filed_by_practice: None | str
    supersedes_version_id: None | UUID
    superseded_at: datetime.datetime | None
    push: PushView
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.push_view import PushView # noqa: PLC0415
        version = self.version

        version_id = str(self.version_id)

        status = self.status.value

        type_code = self.type_code

        title = self.title

        author_rpps = self.author_rpps

        date_of_care = self.date_of_care.isoformat()

        content_type = self.content_type

        size_bytes = self.size_bytes

        sha256 = self.sha256

        filed_at = self.filed_at.isoformat()

        filed_by_rpps: None | str
        filed_by_rpps = self.filed_by_rpps

        filed_by_practice: None | str
        filed_by_practice = self.filed_by_practice

        supersedes_version_id: None | str
        if isinstance(self.supersedes_version_id, UUID):
            supersedes_version_id = str(self.supersedes_version_id)
        else:
            supersedes_version_id = self.supersedes_version_id

        superseded_at: None | str
        if isinstance(self.superseded_at, datetime.datetime):
            superseded_at = self.superseded_at.isoformat()
        else:
            superseded_at = self.superseded_at

        push = self.push.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "version": version,
            "version_id": version_id,
            "status": status,
            "type_code": type_code,
            "title": title,
            "author_rpps": author_rpps,
            "date_of_care": date_of_care,
            "content_type": content_type,
            "size_bytes": size_bytes,
            "sha256": sha256,
            "filed_at": filed_at,
            "filed_by_rpps": filed_by_rpps,
            "filed_by_practice": filed_by_practice,
            "supersedes_version_id": supersedes_version_id,
            "superseded_at": superseded_at,
            "push": push,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.push_view import PushView # noqa: PLC0415
        d = dict(src_dict)
        version = d.pop("version")

        version_id = UUID(d.pop("version_id"))




        status = VersionViewStatus(d.pop("status"))




        type_code = d.pop("type_code")

        title = d.pop("title")

        author_rpps = d.pop("author_rpps")

        date_of_care = datetime.date.fromisoformat(d.pop("date_of_care"))




        content_type = d.pop("content_type")

        size_bytes = d.pop("size_bytes")

        sha256 = d.pop("sha256")

        filed_at = datetime.datetime.fromisoformat(d.pop("filed_at"))




        def _parse_filed_by_rpps(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        filed_by_rpps = _parse_filed_by_rpps(d.pop("filed_by_rpps"))


        def _parse_filed_by_practice(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        filed_by_practice = _parse_filed_by_practice(d.pop("filed_by_practice"))


        def _parse_supersedes_version_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                supersedes_version_id_type_0 = UUID(data)



                return supersedes_version_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        supersedes_version_id = _parse_supersedes_version_id(d.pop("supersedes_version_id"))


        def _parse_superseded_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                superseded_at_type_0 = datetime.datetime.fromisoformat(data)



                return superseded_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        superseded_at = _parse_superseded_at(d.pop("superseded_at"))


        push = PushView.from_dict(d.pop("push"))




        version_view = cls(
            version=version,
            version_id=version_id,
            status=status,
            type_code=type_code,
            title=title,
            author_rpps=author_rpps,
            date_of_care=date_of_care,
            content_type=content_type,
            size_bytes=size_bytes,
            sha256=sha256,
            filed_at=filed_at,
            filed_by_rpps=filed_by_rpps,
            filed_by_practice=filed_by_practice,
            supersedes_version_id=supersedes_version_id,
            superseded_at=superseded_at,
            push=push,
        )


        version_view.additional_properties = d
        return version_view

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
