from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="ReportDocumentView")



@_attrs_define
class ReportDocumentView:
    """ The rendering sent with the acts to billing and to the DMP.

        Attributes:
            title (str): Title of the rendered report document.
            content_type (str): Media type of the rendering (`text/plain`).
            sha256 (str): SHA-256 of the rendering, as filed in the DMP.
     """

    title: str
    content_type: str
    sha256: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        title = self.title

        content_type = self.content_type

        sha256 = self.sha256


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "title": title,
            "content_type": content_type,
            "sha256": sha256,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        title = d.pop("title")

        content_type = d.pop("content_type")

        sha256 = d.pop("sha256")

        report_document_view = cls(
            title=title,
            content_type=content_type,
            sha256=sha256,
        )


        report_document_view.additional_properties = d
        return report_document_view

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
