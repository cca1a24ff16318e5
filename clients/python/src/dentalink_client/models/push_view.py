from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.push_status import PushStatus
from typing import cast
import datetime






T = TypeVar("T", bound="PushView")



@_attrs_define
class PushView:
    """ Where the copy in the national DMP stands.

        Attributes:
            status (PushStatus): State of a document's copy in the national DMP.
            attempts (int): Push attempts made so far.
            next_attempt_at (datetime.datetime | None): When the next attempt is due; null when none is planned.
            pushed_at (datetime.datetime | None): When the national DMP accepted the copy; null until then.
            national_id (None | str): The document's id in the national DMP; null until pushed.
            last_error (None | str): Why the last attempt failed, without personal data.
     """

    status: PushStatus
    attempts: int
    next_attempt_at: datetime.datetime | None
    pushed_at: datetime.datetime | None
    national_id: None | str
    last_error: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        attempts = self.attempts

        next_attempt_at: None | str
        if isinstance(self.next_attempt_at, datetime.datetime):
            next_attempt_at = self.next_attempt_at.isoformat()
        else:
            next_attempt_at = self.next_attempt_at

        pushed_at: None | str
        if isinstance(self.pushed_at, datetime.datetime):
            pushed_at = self.pushed_at.isoformat()
        else:
            pushed_at = self.pushed_at

        national_id: None | str
        national_id = self.national_id

        last_error: None | str
        last_error = self.last_error


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "status": status,
            "attempts": attempts,
            "next_attempt_at": next_attempt_at,
            "pushed_at": pushed_at,
            "national_id": national_id,
            "last_error": last_error,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = PushStatus(d.pop("status"))




        attempts = d.pop("attempts")

        def _parse_next_attempt_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_attempt_at_type_0 = datetime.datetime.fromisoformat(data)



                return next_attempt_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        next_attempt_at = _parse_next_attempt_at(d.pop("next_attempt_at"))


        def _parse_pushed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                pushed_at_type_0 = datetime.datetime.fromisoformat(data)



                return pushed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        pushed_at = _parse_pushed_at(d.pop("pushed_at"))


        def _parse_national_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        national_id = _parse_national_id(d.pop("national_id"))


        def _parse_last_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_error = _parse_last_error(d.pop("last_error"))


        push_view = cls(
            status=status,
            attempts=attempts,
            next_attempt_at=next_attempt_at,
            pushed_at=pushed_at,
            national_id=national_id,
            last_error=last_error,
        )


        push_view.additional_properties = d
        return push_view

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
