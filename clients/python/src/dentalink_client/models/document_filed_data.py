from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from typing import Literal, cast
import datetime






T = TypeVar("T", bound="DocumentFiledData")



@_attrs_define
class DocumentFiledData:
    """ A document, or a new version of one, was filed in a patient's DMP record by the practice (a
    deposit, a tele-expertise report it answered, a message attachment): sent to that practice.

        Attributes:
            document_id (str): The document's id.
            version_id (str): The id of the version filed.
            version (int): The version's number: 1 for a new document, more for a replacement.
            identity_id (None | str): The practice's identity of the patient (`GET /v1/identities/{identity_id}`), when it
                has one.
            practice_id (str): The practice this webhook is for (the endpoint's).
            status (Literal['filed']): The document's status.
            filed_at (datetime.datetime): When it was filed.
     """

    document_id: str
    version_id: str
    version: int
    identity_id: None | str
    practice_id: str
    status: Literal['filed']
    filed_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        document_id = self.document_id

        version_id = self.version_id

        version = self.version

        identity_id: None | str
        identity_id = self.identity_id

        practice_id = self.practice_id

        status = self.status

        filed_at = self.filed_at.isoformat()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "document_id": document_id,
            "version_id": version_id,
            "version": version,
            "identity_id": identity_id,
            "practice_id": practice_id,
            "status": status,
            "filed_at": filed_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        document_id = d.pop("document_id")

        version_id = d.pop("version_id")

        version = d.pop("version")

        def _parse_identity_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        identity_id = _parse_identity_id(d.pop("identity_id"))


        practice_id = d.pop("practice_id")

        status = cast(Literal['filed'] , d.pop("status"))
        if status != 'filed':
            raise ValueError(f"status must match const 'filed', got '{status}'")

        filed_at = datetime.datetime.fromisoformat(d.pop("filed_at"))




        document_filed_data = cls(
            document_id=document_id,
            version_id=version_id,
            version=version,
            identity_id=identity_id,
            practice_id=practice_id,
            status=status,
            filed_at=filed_at,
        )


        document_filed_data.additional_properties = d
        return document_filed_data

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
