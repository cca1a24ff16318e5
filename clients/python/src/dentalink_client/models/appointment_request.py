from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.added_by import AddedBy
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="AppointmentRequest")



@_attrs_define
class AppointmentRequest:
    """ 
        Attributes:
            starts_at (datetime.datetime): When the appointment starts, with its UTC offset (ISO 8601).
            title (str): Title shown to the patient, one line (at most 200 characters).
            added_by (AddedBy): Who put the appointment in the agenda (DOMAIN.md §5: the patient or a professional).
            prevention_code (None | str | Unset): The agenda item this appointment fulfils; done once it has taken place.
     """

    starts_at: datetime.datetime
    title: str
    added_by: AddedBy
    prevention_code: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        starts_at = self.starts_at.isoformat()

        title = self.title

        added_by = self.added_by.value

        prevention_code: None | str | Unset
        if isinstance(self.prevention_code, Unset):
            prevention_code = UNSET
        else:
            prevention_code = self.prevention_code


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "starts_at": starts_at,
            "title": title,
            "added_by": added_by,
        })
        if prevention_code is not UNSET:
            field_dict["prevention_code"] = prevention_code

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        starts_at = datetime.datetime.fromisoformat(d.pop("starts_at"))




        title = d.pop("title")

        added_by = AddedBy(d.pop("added_by"))




        def _parse_prevention_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        prevention_code = _parse_prevention_code(d.pop("prevention_code", UNSET))


        appointment_request = cls(
            starts_at=starts_at,
            title=title,
            added_by=added_by,
            prevention_code=prevention_code,
        )


        appointment_request.additional_properties = d
        return appointment_request

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
