from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from uuid import UUID






T = TypeVar("T", bound="TelemedAttachmentView")



@_attrs_define
class TelemedAttachmentView:
    """ 
        Attributes:
            id (UUID): Attachment id: download it with `GET …/attachments/{attachment_id}`.
            name (None | str): File name given by the sender; null when none.
            content_type (str): Media type of the file.
            size_bytes (int): Size of the file in bytes.
            sha256 (str): SHA-256 of the file, 64 lowercase hex characters.
     """

    id: UUID
    name: None | str
    content_type: str
    size_bytes: int
    sha256: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        name: None | str
        name = self.name

        content_type = self.content_type

        size_bytes = self.size_bytes

        sha256 = self.sha256


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "name": name,
            "content_type": content_type,
            "size_bytes": size_bytes,
            "sha256": sha256,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))




        def _parse_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        name = _parse_name(d.pop("name"))


        content_type = d.pop("content_type")

        size_bytes = d.pop("size_bytes")

        sha256 = d.pop("sha256")

        telemed_attachment_view = cls(
            id=id,
            name=name,
            content_type=content_type,
            size_bytes=size_bytes,
            sha256=sha256,
        )


        telemed_attachment_view.additional_properties = d
        return telemed_attachment_view

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
