from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.added_by import AddedBy
from typing import cast
from uuid import UUID
import datetime






T = TypeVar("T", bound="AppointmentView")



@_attrs_define
class AppointmentView:
    """ 
        Attributes:
            id (UUID): Appointment id.
            starts_at (datetime.datetime): When it starts.
            title (str): Title.
            added_by (AddedBy): Who put the appointment in the agenda (DOMAIN.md §5: the patient or a professional).
            prevention_code (None | str): The agenda item it is for (e.g. `mtdents.y13`), if any.
            created_by_rpps (str): RPPS number of the professional who added it.
            practice_id (str): The practice that added it.
            cancelled_at (datetime.datetime | None): When cancelled; null while planned.
            created_at (datetime.datetime): When added.
     """

    id: UUID
    starts_at: datetime.datetime
    title: str
    added_by: AddedBy
    prevention_code: None | str
    created_by_rpps: str
    practice_id: str
    cancelled_at: datetime.datetime | None
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        starts_at = self.starts_at.isoformat()

        title = self.title

        added_by = self.added_by.value

        prevention_code: None | str
        prevention_code = self.prevention_code

        created_by_rpps = self.created_by_rpps

        practice_id = self.practice_id

        cancelled_at: None | str
        if isinstance(self.cancelled_at, datetime.datetime):
            cancelled_at = self.cancelled_at.isoformat()
        else:
            cancelled_at = self.cancelled_at

        created_at = self.created_at.isoformat()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "starts_at": starts_at,
            "title": title,
            "added_by": added_by,
            "prevention_code": prevention_code,
            "created_by_rpps": created_by_rpps,
            "practice_id": practice_id,
            "cancelled_at": cancelled_at,
            "created_at": created_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))




        starts_at = datetime.datetime.fromisoformat(d.pop("starts_at"))




        title = d.pop("title")

        added_by = AddedBy(d.pop("added_by"))




        def _parse_prevention_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        prevention_code = _parse_prevention_code(d.pop("prevention_code"))


        created_by_rpps = d.pop("created_by_rpps")

        practice_id = d.pop("practice_id")

        def _parse_cancelled_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                cancelled_at_type_0 = datetime.datetime.fromisoformat(data)



                return cancelled_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        cancelled_at = _parse_cancelled_at(d.pop("cancelled_at"))


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        appointment_view = cls(
            id=id,
            starts_at=starts_at,
            title=title,
            added_by=added_by,
            prevention_code=prevention_code,
            created_by_rpps=created_by_rpps,
            practice_id=practice_id,
            cancelled_at=cancelled_at,
            created_at=created_at,
        )


        appointment_view.additional_properties = d
        return appointment_view

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
