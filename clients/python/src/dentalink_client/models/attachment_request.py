from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="AttachmentRequest")



@_attrs_define
class AttachmentRequest:
    """ 
        Attributes:
            title (str): Title of the attachment, one line (at most 300 characters).
            type_code (str): DMP document type (LOINC code) it would be filed with.
            content_type (str): Media type of the attachment.
            content_base64 (str): The attachment's bytes, base64-encoded (RFC 4648 §4).
            sha256 (None | str | Unset): SHA-256 of the decoded bytes, 64 lowercase hex characters; checked when given.
     """

    title: str
    type_code: str
    content_type: str
    content_base64: str
    sha256: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        title = self.title

        type_code = self.type_code

        content_type = self.content_type

        content_base64 = self.content_base64

        sha256: None | str | Unset
        if isinstance(self.sha256, Unset):
            sha256 = UNSET
        else:
            sha256 = self.sha256


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "title": title,
            "type_code": type_code,
            "content_type": content_type,
            "content_base64": content_base64,
        })
        if sha256 is not UNSET:
            field_dict["sha256"] = sha256

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        title = d.pop("title")

        type_code = d.pop("type_code")

        content_type = d.pop("content_type")

        content_base64 = d.pop("content_base64")

        def _parse_sha256(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        sha256 = _parse_sha256(d.pop("sha256", UNSET))


        attachment_request = cls(
            title=title,
            type_code=type_code,
            content_type=content_type,
            content_base64=content_base64,
            sha256=sha256,
        )


        attachment_request.additional_properties = d
        return attachment_request

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
