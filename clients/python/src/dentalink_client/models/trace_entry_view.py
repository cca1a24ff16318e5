from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.action import Action
from ..models.expertise_status import ExpertiseStatus
from ..models.party_role import PartyRole
from typing import cast
import datetime






T = TypeVar("T", bound="TraceEntryView")



@_attrs_define
class TraceEntryView:
    """ One step of the file: what, when (date and time), who (RPPS, role, practice), status change.

        Attributes:
            seq (int): Position in the trace, from 1.
            at (datetime.datetime): When it happened.
            action (Action): What can happen to a tele-expertise; each one leaves a trace entry (CSP R6316-4).
            actor_role (PartyRole): Who acts: one of the two professionals, or the platform itself (expiry, incidents).
            actor_rpps (None | str): RPPS number of the acting professional; null for the platform.
            actor_practice_id (None | str): The practice the actor acted for; null for the platform.
            from_status (ExpertiseStatus | None): Status before; null for the request.
            to_status (ExpertiseStatus): Where a tele-expertise stands (DOMAIN.md §6; avenant 1 art. 58.1.2).
            details (str): What was done, without patient data.
     """

    seq: int
    at: datetime.datetime
    action: Action
    actor_role: PartyRole
    actor_rpps: None | str
    actor_practice_id: None | str
    from_status: ExpertiseStatus | None
    to_status: ExpertiseStatus
    details: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        seq = self.seq

        at = self.at.isoformat()

        action = self.action.value

        actor_role = self.actor_role.value

        actor_rpps: None | str
        actor_rpps = self.actor_rpps

        actor_practice_id: None | str
        actor_practice_id = self.actor_practice_id

        from_status: None | str
        if isinstance(self.from_status, ExpertiseStatus):
            from_status = self.from_status.value
        else:
            from_status = self.from_status

        to_status = self.to_status.value

        details = self.details


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "seq": seq,
            "at": at,
            "action": action,
            "actor_role": actor_role,
            "actor_rpps": actor_rpps,
            "actor_practice_id": actor_practice_id,
            "from_status": from_status,
            "to_status": to_status,
            "details": details,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        seq = d.pop("seq")

        at = datetime.datetime.fromisoformat(d.pop("at"))




        action = Action(d.pop("action"))




        actor_role = PartyRole(d.pop("actor_role"))




        def _parse_actor_rpps(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        actor_rpps = _parse_actor_rpps(d.pop("actor_rpps"))


        def _parse_actor_practice_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        actor_practice_id = _parse_actor_practice_id(d.pop("actor_practice_id"))


        def _parse_from_status(data: object) -> ExpertiseStatus | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                from_status_type_0 = ExpertiseStatus(data)



                return from_status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ExpertiseStatus | None, data)

        from_status = _parse_from_status(d.pop("from_status"))


        to_status = ExpertiseStatus(d.pop("to_status"))




        details = d.pop("details")

        trace_entry_view = cls(
            seq=seq,
            at=at,
            action=action,
            actor_role=actor_role,
            actor_rpps=actor_rpps,
            actor_practice_id=actor_practice_id,
            from_status=from_status,
            to_status=to_status,
            details=details,
        )


        trace_entry_view.additional_properties = d
        return trace_entry_view

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
