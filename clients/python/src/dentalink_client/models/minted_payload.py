from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="MintedPayload")



@_attrs_define
class MintedPayload:
    """ A single-use payload, as the patient's app would show it by QR code or NFC.

        Attributes:
            patient (str): The sandbox patient's label.
            payload (str): Compact JWS to send as `payload` to POST /v1/apcv-sessions.
            kid (str): Key id of the sandbox issuer key that signed the payload.
            expires_at (datetime.datetime): When the payload stops being accepted (single use before that).
     """

    patient: str
    payload: str
    kid: str
    expires_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        patient = self.patient

        payload = self.payload

        kid = self.kid

        expires_at = self.expires_at.isoformat()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "patient": patient,
            "payload": payload,
            "kid": kid,
            "expires_at": expires_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        patient = d.pop("patient")

        payload = d.pop("payload")

        kid = d.pop("kid")

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))




        minted_payload = cls(
            patient=patient,
            payload=payload,
            kid=kid,
            expires_at=expires_at,
        )


        minted_payload.additional_properties = d
        return minted_payload

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
