from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.document_detail_source import DocumentDetailSource
from typing import cast
from uuid import UUID
import datetime

if TYPE_CHECKING:
  from ..models.version_view import VersionView





T = TypeVar("T", bound="DocumentDetail")



@_attrs_define
class DocumentDetail:
    """ 
        Attributes:
            id (UUID): Document id (stable across versions).
            source (DocumentDetailSource): How it was filed: `deposit`, `tele_expertise` (a report) or `message_attachment`.
            created_at (datetime.datetime): When version 1 was filed.
            current (VersionView):
            content_url (str): Path of the current version's content.
            versions (list[VersionView]): Every version, 1..n; none is ever destroyed.
     """

    id: UUID
    source: DocumentDetailSource
    created_at: datetime.datetime
    current: VersionView
    content_url: str
    versions: list[VersionView]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.version_view import VersionView # noqa: PLC0415
        id = str(self.id)

        source = self.source.value

        created_at = self.created_at.isoformat()

        current = self.current.to_dict()

        content_url = self.content_url

        versions = []
        for versions_item_data in self.versions:
            versions_item = versions_item_data.to_dict()
            versions.append(versions_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "source": source,
            "created_at": created_at,
            "current": current,
            "content_url": content_url,
            "versions": versions,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.version_view import VersionView # noqa: PLC0415
        d = dict(src_dict)
        id = UUID(d.pop("id"))




        source = DocumentDetailSource(d.pop("source"))




        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        current = VersionView.from_dict(d.pop("current"))




        content_url = d.pop("content_url")

        versions = []
        _versions = d.pop("versions")
        for versions_item_data in (_versions):
            versions_item = VersionView.from_dict(versions_item_data)



            versions.append(versions_item)


        document_detail = cls(
            id=id,
            source=source,
            created_at=created_at,
            current=current,
            content_url=content_url,
            versions=versions,
        )


        document_detail.additional_properties = d
        return document_detail

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
