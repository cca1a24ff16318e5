from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from uuid import UUID






T = TypeVar("T", bound="AttachmentView")



@_attrs_define
class AttachmentView:
    """ 
        Attributes:
            id (UUID): Attachment id: file it into the record with `POST …/attachments/{attachment_id}/file`.
            title (str): Title of the attachment.
            type_code (str): DMP document type (LOINC code).
            content_type (str): Media type.
            size_bytes (int): Size in bytes.
            sha256 (str): SHA-256 of the content.
            filed_document_id (None | UUID): The record document it was filed as; null until filed.
     """

    id: UUID
    title: str
    type_code: str
    content_type: str
    size_bytes: int
    sha256: str
    filed_document_id: None | UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        title = self.title

        type_code = self.type_code

        content_type = self.content_type

        size_bytes = self.size_bytes

        sha256 = self.sha256

        filed_document_id: None | str
        if isinstance(self.filed_document_id, UUID):
            filed_document_id = str(self.filed_document_id)
        else:
            filed_document_id = self.filed_document_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "title": title,
            "type_code": type_code,
            "content_type": content_type,
            "size_bytes": size_bytes,
            "sha256": sha256,
            "filed_document_id": filed_document_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))




        title = d.pop("title")

        type_code = d.pop("type_code")

        content_type = d.pop("content_type")

        size_bytes = d.pop("size_bytes")

        sha256 = d.pop("sha256")

        def _parse_filed_document_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                filed_document_id_type_0 = UUID(data)



                return filed_document_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        filed_document_id = _parse_filed_document_id(d.pop("filed_document_id"))


        attachment_view = cls(
            id=id,
            title=title,
            type_code=type_code,
            content_type=content_type,
            size_bytes=size_bytes,
            sha256=sha256,
            filed_document_id=filed_document_id,
        )


        attachment_view.additional_properties = d
        return attachment_view

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
