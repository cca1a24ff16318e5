from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="PscToken")



@_attrs_define
class PscToken:
    """ 
        Attributes:
            id_token (str): The Pro Santé Connect ID token (JWT), signed by the sandbox issuer.
            rpps (str): RPPS number of the professional it identifies.
            expires_at (datetime.datetime): When the token expires.
            header (str | Unset): The header to send it in. Default: 'X-Pro-Sante-Connect-Token'.
     """

    id_token: str
    rpps: str
    expires_at: datetime.datetime
    header: str | Unset = 'X-Pro-Sante-Connect-Token'
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id_token = self.id_token

        rpps = self.rpps

        expires_at = self.expires_at.isoformat()

        header = self.header


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id_token": id_token,
            "rpps": rpps,
            "expires_at": expires_at,
        })
        if header is not UNSET:
            field_dict["header"] = header

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id_token = d.pop("id_token")

        rpps = d.pop("rpps")

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))




        header = d.pop("header", UNSET)

        psc_token = cls(
            id_token=id_token,
            rpps=rpps,
            expires_at=expires_at,
            header=header,
        )


        psc_token.additional_properties = d
        return psc_token

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
