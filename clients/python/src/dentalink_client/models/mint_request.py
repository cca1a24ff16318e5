from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="MintRequest")



@_attrs_define
class MintRequest:
    """ 
        Attributes:
            patient (str): Label of a sandbox patient (see GET /v1/sandbox/apcv-patients).
            lifetime_seconds (int | None | Unset): Override the payload lifetime (over 300 s is refused on use).
     """

    patient: str
    lifetime_seconds: int | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        patient = self.patient

        lifetime_seconds: int | None | Unset
        if isinstance(self.lifetime_seconds, Unset):
            lifetime_seconds = UNSET
        else:
            lifetime_seconds = self.lifetime_seconds


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "patient": patient,
        })
        if lifetime_seconds is not UNSET:
            field_dict["lifetime_seconds"] = lifetime_seconds

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        patient = d.pop("patient")

        def _parse_lifetime_seconds(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        lifetime_seconds = _parse_lifetime_seconds(d.pop("lifetime_seconds", UNSET))


        mint_request = cls(
            patient=patient,
            lifetime_seconds=lifetime_seconds,
        )

        return mint_request

