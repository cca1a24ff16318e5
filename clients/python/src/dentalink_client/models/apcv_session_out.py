from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.apcv_session_status import ApcvSessionStatus
from typing import cast
from uuid import UUID
import datetime






T = TypeVar("T", bound="ApcvSessionOut")



@_attrs_define
class ApcvSessionOut:
    """ What billing knows of an apCV session (from vitale-service's events), and whether it bills now.

        Attributes:
            session_id (UUID): The apCV session's id.
            status (ApcvSessionStatus):
            practitioner_rpps (None | str): RPPS number of the practitioner who opened it; null until known.
            patient_key (str): Pseudonymous patient key (`pk_` + 32 hex characters).
            opened_at (datetime.datetime | None): When it opened; null until known.
            expires_at (datetime.datetime | None): When it stops accepting care sheets; null until known.
            closed_at (datetime.datetime | None): When the practice closed it; null otherwise.
     """

    session_id: UUID
    status: ApcvSessionStatus
    practitioner_rpps: None | str
    patient_key: str
    opened_at: datetime.datetime | None
    expires_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        session_id = str(self.session_id)

        status = self.status.value

        practitioner_rpps: None | str
        practitioner_rpps = self.practitioner_rpps

        patient_key = self.patient_key

        opened_at: None | str
        if isinstance(self.opened_at, datetime.datetime):
            opened_at = self.opened_at.isoformat()
        else:
            opened_at = self.opened_at

        expires_at: None | str
        if isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        closed_at: None | str
        if isinstance(self.closed_at, datetime.datetime):
            closed_at = self.closed_at.isoformat()
        else:
            closed_at = self.closed_at


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "session_id": session_id,
            "status": status,
            "practitioner_rpps": practitioner_rpps,
            "patient_key": patient_key,
            "opened_at": opened_at,
            "expires_at": expires_at,
            "closed_at": closed_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        session_id = UUID(d.pop("session_id"))




        status = ApcvSessionStatus(d.pop("status"))




        def _parse_practitioner_rpps(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        practitioner_rpps = _parse_practitioner_rpps(d.pop("practitioner_rpps"))


        patient_key = d.pop("patient_key")

        def _parse_opened_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                opened_at_type_0 = datetime.datetime.fromisoformat(data)



                return opened_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        opened_at = _parse_opened_at(d.pop("opened_at"))


        def _parse_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)



                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        expires_at = _parse_expires_at(d.pop("expires_at"))


        def _parse_closed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                closed_at_type_0 = datetime.datetime.fromisoformat(data)



                return closed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        closed_at = _parse_closed_at(d.pop("closed_at"))


        apcv_session_out = cls(
            session_id=session_id,
            status=status,
            practitioner_rpps=practitioner_rpps,
            patient_key=patient_key,
            opened_at=opened_at,
            expires_at=expires_at,
            closed_at=closed_at,
        )


        apcv_session_out.additional_properties = d
        return apcv_session_out

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
