from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from uuid import UUID
import datetime






T = TypeVar("T", bound="AuditEventOut")



@_attrs_define
class AuditEventOut:
    """ One traced call.

        Attributes:
            id (UUID): Audit event id.
            occurred_at (datetime.datetime): When the call reached the gateway.
            completed_at (datetime.datetime | None): When the answer was sent; null while the call was running.
            client_id (str): The OAuth client (vendor software) that made the call.
            practice_id (str): The practice the call acted for (`X-Practice-Id`).
            rpps (str): RPPS number of the acting professional (from the Pro Santé Connect token).
            profession (str): The professional's profession (`dentist`, `physician`, `nurse`, …).
            role (None | str): Null when the professional held no usable role.
            operation (str): Method and route template, e.g. `GET /v1/identities/{identity_id}`.
            upstream (str): The service that answered: `ins`, `vitale`, `dmp`, `telemed`, `billing` or `gateway`.
            resource (str): The kind of resource touched (`identity`, `document`, `tele-expertise`, …).
            resource_id (None | str): Its id, when the route names one.
            patient_ins (None | str): The patient's INS matricule when the route names one; null otherwise.
            status (int | None): HTTP status answered; null while the call was running.
            outcome (None | str): `success`, or why not: `refused`, `timeout`, `unreachable`, …; null while running.
            request_id (str): The call's `X-Request-Id`, to correlate with the vendor's logs.
     """

    id: UUID
    occurred_at: datetime.datetime
    completed_at: datetime.datetime | None
    client_id: str
    practice_id: str
    rpps: str
    profession: str
    role: None | str
    operation: str
    upstream: str
    resource: str
    resource_id: None | str
    patient_ins: None | str
    status: int | None
    outcome: None | str
    request_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        occurred_at = self.occurred_at.isoformat()

        completed_at: None | str
        if isinstance(self.completed_at, datetime.datetime):
            completed_at = self.completed_at.isoformat()
        else:
            completed_at = self.completed_at

        client_id = self.client_id

        practice_id = self.practice_id

        rpps = self.rpps

        profession = self.profession

        role: None | str
        role = self.role

        operation = self.operation

        upstream = self.upstream

        resource = self.resource

        resource_id: None | str
        resource_id = self.resource_id

        patient_ins: None | str
        patient_ins = self.patient_ins

        status: int | None
        status = self.status

        outcome: None | str
        outcome = self.outcome

        request_id = self.request_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "occurred_at": occurred_at,
            "completed_at": completed_at,
            "client_id": client_id,
            "practice_id": practice_id,
            "rpps": rpps,
            "profession": profession,
            "role": role,
            "operation": operation,
            "upstream": upstream,
            "resource": resource,
            "resource_id": resource_id,
            "patient_ins": patient_ins,
            "status": status,
            "outcome": outcome,
            "request_id": request_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))




        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))




        def _parse_completed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                completed_at_type_0 = datetime.datetime.fromisoformat(data)



                return completed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        completed_at = _parse_completed_at(d.pop("completed_at"))


        client_id = d.pop("client_id")

        practice_id = d.pop("practice_id")

        rpps = d.pop("rpps")

        profession = d.pop("profession")

        def _parse_role(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        role = _parse_role(d.pop("role"))


        operation = d.pop("operation")

        upstream = d.pop("upstream")

        resource = d.pop("resource")

        def _parse_resource_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        resource_id = _parse_resource_id(d.pop("resource_id"))


        def _parse_patient_ins(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        patient_ins = _parse_patient_ins(d.pop("patient_ins"))


        def _parse_status(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        status = _parse_status(d.pop("status"))


        def _parse_outcome(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        outcome = _parse_outcome(d.pop("outcome"))


        request_id = d.pop("request_id")

        audit_event_out = cls(
            id=id,
            occurred_at=occurred_at,
            completed_at=completed_at,
            client_id=client_id,
            practice_id=practice_id,
            rpps=rpps,
            profession=profession,
            role=role,
            operation=operation,
            upstream=upstream,
            resource=resource,
            resource_id=resource_id,
            patient_ins=patient_ins,
            status=status,
            outcome=outcome,
            request_id=request_id,
        )


        audit_event_out.additional_properties = d
        return audit_event_out

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
