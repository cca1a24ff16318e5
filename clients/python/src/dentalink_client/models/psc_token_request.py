from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="PscTokenRequest")



@_attrs_define
class PscTokenRequest:
    """ Which sandbox professional, and optionally a lifetime or an already expired token.

        Attributes:
            professional (str): Label (e.g. `dentist`) or RPPS of a sandbox professional.
            lifetime_seconds (int | None | Unset): At most the lifetime the gateway accepts
                (GATEWAY_PSC_MAX_TOKEN_LIFETIME_SECONDS, one hour by default); longer is a 422.
            expired (bool | Unset): Mint a token that expired an hour ago (to test 401s). Default: False.
     """

    professional: str
    lifetime_seconds: int | None | Unset = UNSET
    expired: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        professional = self.professional

        lifetime_seconds: int | None | Unset
        if isinstance(self.lifetime_seconds, Unset):
            lifetime_seconds = UNSET
        else:
            lifetime_seconds = self.lifetime_seconds

        expired = self.expired


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "professional": professional,
        })
        if lifetime_seconds is not UNSET:
            field_dict["lifetime_seconds"] = lifetime_seconds
        if expired is not UNSET:
            field_dict["expired"] = expired

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        professional = d.pop("professional")

        def _parse_lifetime_seconds(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        lifetime_seconds = _parse_lifetime_seconds(d.pop("lifetime_seconds", UNSET))


        expired = d.pop("expired", UNSET)

        psc_token_request = cls(
            professional=professional,
            lifetime_seconds=lifetime_seconds,
            expired=expired,
        )


        psc_token_request.additional_properties = d
        return psc_token_request

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
