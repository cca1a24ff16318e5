from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from typing import Literal, cast
import datetime






T = TypeVar("T", bound="TeleExpertiseReportedData")



@_attrs_define
class TeleExpertiseReportedData:
    """ The requis answered a tele-expertise: sent to the requérant's practice and to the practice the
    requis answered for (once when they are one).

        Attributes:
            expertise_id (str): The tele-expertise's id (`GET /v1/tele-expertises/{expertise_id}`).
            practice_id (str): The practice this webhook is for (the endpoint's).
            status (Literal['answered']): The tele-expertise's status.
            reported_at (datetime.datetime): When the report was given.
     """

    expertise_id: str
    practice_id: str
    status: Literal['answered']
    reported_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        expertise_id = self.expertise_id

        practice_id = self.practice_id

        status = self.status

        reported_at = self.reported_at.isoformat()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "expertise_id": expertise_id,
            "practice_id": practice_id,
            "status": status,
            "reported_at": reported_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        expertise_id = d.pop("expertise_id")

        practice_id = d.pop("practice_id")

        status = cast(Literal['answered'] , d.pop("status"))
        if status != 'answered':
            raise ValueError(f"status must match const 'answered', got '{status}'")

        reported_at = datetime.datetime.fromisoformat(d.pop("reported_at"))




        tele_expertise_reported_data = cls(
            expertise_id=expertise_id,
            practice_id=practice_id,
            status=status,
            reported_at=reported_at,
        )


        tele_expertise_reported_data.additional_properties = d
        return tele_expertise_reported_data

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
