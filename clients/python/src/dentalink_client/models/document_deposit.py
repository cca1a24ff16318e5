from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="DocumentDeposit")



@_attrs_define
class DocumentDeposit:
    """ A document to file in the record; `content_base64` up to the configured size (default 10 MiB).

        Attributes:
            type_code (str): DMP document type (LOINC code of the CI-SIS value set).
            title (str): Title of the document, one line (at most 300 characters).
            date_of_care (datetime.date): Date of the care the document is about (ISO 8601).
            content_type (str): Media type of the document: `application/pdf`, `text/plain`, `image/jpeg`, ….
            content_base64 (str): The document's bytes, base64-encoded (RFC 4648 §4).
            author_rpps (None | str | Unset): Defaults to the calling professional.
            sha256 (None | str | Unset): Checked against the content when given.
     """

    type_code: str
    title: str
    date_of_care: datetime.date
    content_type: str
    content_base64: str
    author_rpps: None | str | Unset = UNSET
    sha256: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        type_code = self.type_code

        title = self.title

        date_of_care = self.date_of_care.isoformat()

        content_type = self.content_type

        content_base64 = self.content_base64

        author_rpps: None | str | Unset
        if isinstance(self.author_rpps, Unset):
            author_rpps = UNSET
        else:
            author_rpps = self.author_rpps

        sha256: None | str | Unset
        if isinstance(self.sha256, Unset):
            sha256 = UNSET
        else:
            sha256 = self.sha256


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "type_code": type_code,
            "title": title,
            "date_of_care": date_of_care,
            "content_type": content_type,
            "content_base64": content_base64,
        })
        if author_rpps is not UNSET:
            field_dict["author_rpps"] = author_rpps
        if sha256 is not UNSET:
            field_dict["sha256"] = sha256

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_code = d.pop("type_code")

        title = d.pop("title")

        date_of_care = datetime.date.fromisoformat(d.pop("date_of_care"))




        content_type = d.pop("content_type")

        content_base64 = d.pop("content_base64")

        def _parse_author_rpps(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        author_rpps = _parse_author_rpps(d.pop("author_rpps", UNSET))


        def _parse_sha256(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        sha256 = _parse_sha256(d.pop("sha256", UNSET))


        document_deposit = cls(
            type_code=type_code,
            title=title,
            date_of_care=date_of_care,
            content_type=content_type,
            content_base64=content_base64,
            author_rpps=author_rpps,
            sha256=sha256,
        )


        document_deposit.additional_properties = d
        return document_deposit

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
