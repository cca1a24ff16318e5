from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="AttachmentIn")



@_attrs_define
class AttachmentIn:
    """ A file sent inline, base64-encoded (RFC 4648 §4). `sha256`, when given, must match the content.

        Attributes:
            content_type (str): Media type of the file, e.g. `image/jpeg`, `application/pdf`.
            content_base64 (str): The file's bytes, base64-encoded (RFC 4648 §4).
            name (None | str | Unset): File name shown to the other professional (one line, at most 255 characters).
            sha256 (None | str | Unset): SHA-256 of the decoded bytes, 64 lowercase hex characters; checked when given.
     """

    content_type: str
    content_base64: str
    name: None | str | Unset = UNSET
    sha256: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        content_type = self.content_type

        content_base64 = self.content_base64

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        sha256: None | str | Unset
        if isinstance(self.sha256, Unset):
            sha256 = UNSET
        else:
            sha256 = self.sha256


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "content_type": content_type,
            "content_base64": content_base64,
        })
        if name is not UNSET:
            field_dict["name"] = name
        if sha256 is not UNSET:
            field_dict["sha256"] = sha256

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        content_type = d.pop("content_type")

        content_base64 = d.pop("content_base64")

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))


        def _parse_sha256(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        sha256 = _parse_sha256(d.pop("sha256", UNSET))


        attachment_in = cls(
            content_type=content_type,
            content_base64=content_base64,
            name=name,
            sha256=sha256,
        )

        return attachment_in

