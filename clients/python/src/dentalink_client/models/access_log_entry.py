from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.access_log_entry_outcome import AccessLogEntryOutcome
from typing import cast
from uuid import UUID
import datetime






T = TypeVar("T", bound="AccessLogEntry")



@_attrs_define
class AccessLogEntry:
    """ One access: who (RPPS, role, practice), what, when, outcome; never the record's content.

        Attributes:
            id (UUID): Log entry id.
            at (datetime.datetime): When the access was attempted.
            actor_rpps (None | str): RPPS number of the professional; null for the platform.
            actor_role (None | str): The role acted with (`dentist`, `dental_assistant`, …).
            practice_id (None | str): The practice acted for.
            channel (str): `api` (a call) or `event` (the platform filing, e.g. a tele-expertise report).
            operation (str): What was asked: `read_documents`, `add_document`, `read_profile`, ….
            area (str): `dmp` or `espace_sante`.
            resource_type (None | str): The kind of resource touched (`document`, `profile_entry`, …).
            resource_id (None | str): Its id, when one.
            outcome (AccessLogEntryOutcome): `allowed`, `denied` (refusal, habilitation) or `skipped` (nothing to do).
            reason (None | str): Why denied or skipped, as a problem kind; null when allowed.
     """

    id: UUID
    at: datetime.datetime
    actor_rpps: None | str
    actor_role: None | str
    practice_id: None | str
    channel: str
    operation: str
    area: str
    resource_type: None | str
    resource_id: None | str
    outcome: AccessLogEntryOutcome
    reason: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        at = self.at.isoformat()

        actor_rpps: None | str
        actor_rpps = self.actor_rpps

        actor_role: None | str
        actor_role = self.actor_role

        practice_id: None | str
        practice_id = self.practice_id

        channel = self.channel

        operation = self.operation

        area = self.area

        resource_type: None | str
        resource_type = self.resource_type

        resource_id: None | str
        resource_id = self.resource_id

        outcome = self.outcome.value

        reason: None | str
        reason = self.reason


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "at": at,
            "actor_rpps": actor_rpps,
            "actor_role": actor_role,
            "practice_id": practice_id,
            "channel": channel,
            "operation": operation,
            "area": area,
            "resource_type": resource_type,
            "resource_id": resource_id,
            "outcome": outcome,
            "reason": reason,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))




        at = datetime.datetime.fromisoformat(d.pop("at"))




        def _parse_actor_rpps(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        actor_rpps = _parse_actor_rpps(d.pop("actor_rpps"))


        def _parse_actor_role(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        actor_role = _parse_actor_role(d.pop("actor_role"))


        def _parse_practice_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        practice_id = _parse_practice_id(d.pop("practice_id"))


        channel = d.pop("channel")

        operation = d.pop("operation")

        area = d.pop("area")

        def _parse_resource_type(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        resource_type = _parse_resource_type(d.pop("resource_type"))


        def _parse_resource_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        resource_id = _parse_resource_id(d.pop("resource_id"))


        outcome = AccessLogEntryOutcome(d.pop("outcome"))




        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))


        access_log_entry = cls(
            id=id,
            at=at,
            actor_rpps=actor_rpps,
            actor_role=actor_role,
            practice_id=practice_id,
            channel=channel,
            operation=operation,
            area=area,
            resource_type=resource_type,
            resource_id=resource_id,
            outcome=outcome,
            reason=reason,
        )


        access_log_entry.additional_properties = d
        return access_log_entry

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
