from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.apcv_session_closed_data_status import ApcvSessionClosedDataStatus
from typing import cast
import datetime






T = TypeVar("T", bound="ApcvSessionClosedData")



@_attrs_define
class ApcvSessionClosedData:
    """ An apCV session was closed by the practitioner or expired.

        Attributes:
            session_id (str): The session's id.
            practice_id (str): The practice this webhook is for (the endpoint's).
            status (ApcvSessionClosedDataStatus): How it ended.
            closed_at (datetime.datetime): When it ended.
     """

    session_id: str
    practice_id: str
    status: ApcvSessionClosedDataStatus
    closed_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        session_id = self.session_id

        practice_id = self.practice_id

        status = self.status.value

        closed_at = self.closed_at.isoformat()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "session_id": session_id,
            "practice_id": practice_id,
            "status": status,
            "closed_at": closed_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        session_id = d.pop("session_id")

        practice_id = d.pop("practice_id")

        status = ApcvSessionClosedDataStatus(d.pop("status"))




        closed_at = datetime.datetime.fromisoformat(d.pop("closed_at"))




        apcv_session_closed_data = cls(
            session_id=session_id,
            practice_id=practice_id,
            status=status,
            closed_at=closed_at,
        )


        apcv_session_closed_data.additional_properties = d
        return apcv_session_closed_data

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
