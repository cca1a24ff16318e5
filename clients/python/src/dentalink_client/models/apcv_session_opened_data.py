from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from typing import Literal, cast
import datetime






T = TypeVar("T", bound="ApcvSessionOpenedData")



@_attrs_define
class ApcvSessionOpenedData:
    """ ADRI validated the rights: an apCV billing session opened.

        Attributes:
            session_id (str): The session's id (`GET /v1/apcv-sessions/{session_id}`).
            practice_id (str): The practice this webhook is for (the endpoint's).
            practitioner_rpps (str): RPPS number of the practitioner who opened it.
            status (Literal['open']): The session's status.
            opened_at (datetime.datetime): When it opened.
            expires_at (datetime.datetime): When its window ends.
     """

    session_id: str
    practice_id: str
    practitioner_rpps: str
    status: Literal['open']
    opened_at: datetime.datetime
    expires_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        session_id = self.session_id

        practice_id = self.practice_id

        practitioner_rpps = self.practitioner_rpps

        status = self.status

        opened_at = self.opened_at.isoformat()

        expires_at = self.expires_at.isoformat()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "session_id": session_id,
            "practice_id": practice_id,
            "practitioner_rpps": practitioner_rpps,
            "status": status,
            "opened_at": opened_at,
            "expires_at": expires_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        session_id = d.pop("session_id")

        practice_id = d.pop("practice_id")

        practitioner_rpps = d.pop("practitioner_rpps")

        status = cast(Literal['open'] , d.pop("status"))
        if status != 'open':
            raise ValueError(f"status must match const 'open', got '{status}'")

        opened_at = datetime.datetime.fromisoformat(d.pop("opened_at"))




        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))




        apcv_session_opened_data = cls(
            session_id=session_id,
            practice_id=practice_id,
            practitioner_rpps=practitioner_rpps,
            status=status,
            opened_at=opened_at,
            expires_at=expires_at,
        )


        apcv_session_opened_data.additional_properties = d
        return apcv_session_opened_data

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
