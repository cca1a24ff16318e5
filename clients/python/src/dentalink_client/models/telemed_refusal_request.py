from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.refusal_reason import RefusalReason
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="TelemedRefusalRequest")



@_attrs_define
class TelemedRefusalRequest:
    """ Why the requis declines (avenant 1 art. 58.1.2: e.g. outside his field of expertise).

        Attributes:
            reason (RefusalReason): Why the requis declines; "outside his field of expertise" is the convention's case (art.
                58.1.2).
            detail (None | str | Unset): Free-text explanation; required when `reason` is `other`.
     """

    reason: RefusalReason
    detail: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        reason = self.reason.value

        detail: None | str | Unset
        if isinstance(self.detail, Unset):
            detail = UNSET
        else:
            detail = self.detail


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "reason": reason,
        })
        if detail is not UNSET:
            field_dict["detail"] = detail

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        reason = RefusalReason(d.pop("reason"))




        def _parse_detail(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        detail = _parse_detail(d.pop("detail", UNSET))


        telemed_refusal_request = cls(
            reason=reason,
            detail=detail,
        )

        return telemed_refusal_request

