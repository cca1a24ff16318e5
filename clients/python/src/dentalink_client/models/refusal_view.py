from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.record_area import RecordArea
from typing import cast
from uuid import UUID
import datetime






T = TypeVar("T", bound="RefusalView")



@_attrs_define
class RefusalView:
    """ 
        Attributes:
            id (UUID): Refusal id.
            rpps (None | str): RPPS number of the professional the patient refused; null: every professional.
            areas (list[RecordArea]): What the refusal covers: `dmp` (the record) and/or `espace_sante` (Mon espace santé).
            on_behalf_of (str): Who expressed it: `patient` or `legal_representative`.
            recorded_at (datetime.datetime): When it was recorded.
            recorded_by_rpps (str): RPPS number of the professional who recorded it at the patient's request.
            recorded_by_practice (str): The practice that recorded it.
            revoked_at (datetime.datetime | None): When the patient lifted it; null while in effect.
            revoked_by_rpps (None | str): RPPS number of the professional who recorded the revocation.
            revoked_on_behalf_of (None | str): Who lifted it: `patient` or `legal_representative`.
            in_effect (bool): True while the refusal blocks access.
     """

    id: UUID
    rpps: None | str
    areas: list[RecordArea]
    on_behalf_of: str
    recorded_at: datetime.datetime
    recorded_by_rpps: str
    recorded_by_practice: str
    revoked_at: datetime.datetime | None
    revoked_by_rpps: None | str
    revoked_on_behalf_of: None | str
    in_effect: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        rpps: None | str
        rpps = self.rpps

        areas = []
        for areas_item_data in self.areas:
            areas_item = areas_item_data.value
            areas.append(areas_item)



        on_behalf_of = self.on_behalf_of

        recorded_at = self.recorded_at.isoformat()

        recorded_by_rpps = self.recorded_by_rpps

        recorded_by_practice = self.recorded_by_practice

        revoked_at: None | str
        if isinstance(self.revoked_at, datetime.datetime):
            revoked_at = self.revoked_at.isoformat()
        else:
            revoked_at = self.revoked_at

        revoked_by_rpps: None | str
        revoked_by_rpps = self.revoked_by_rpps

        revoked_on_behalf_of: None | str
        revoked_on_behalf_of = self.revoked_on_behalf_of

        in_effect = self.in_effect


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "rpps": rpps,
            "areas": areas,
            "on_behalf_of": on_behalf_of,
            "recorded_at": recorded_at,
            "recorded_by_rpps": recorded_by_rpps,
            "recorded_by_practice": recorded_by_practice,
            "revoked_at": revoked_at,
            "revoked_by_rpps": revoked_by_rpps,
            "revoked_on_behalf_of": revoked_on_behalf_of,
            "in_effect": in_effect,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))




        def _parse_rpps(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        rpps = _parse_rpps(d.pop("rpps"))


        areas = []
        _areas = d.pop("areas")
        for areas_item_data in (_areas):
            areas_item = RecordArea(areas_item_data)



            areas.append(areas_item)


        on_behalf_of = d.pop("on_behalf_of")

        recorded_at = datetime.datetime.fromisoformat(d.pop("recorded_at"))




        recorded_by_rpps = d.pop("recorded_by_rpps")

        recorded_by_practice = d.pop("recorded_by_practice")

        def _parse_revoked_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                revoked_at_type_0 = datetime.datetime.fromisoformat(data)



                return revoked_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        revoked_at = _parse_revoked_at(d.pop("revoked_at"))


        def _parse_revoked_by_rpps(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        revoked_by_rpps = _parse_revoked_by_rpps(d.pop("revoked_by_rpps"))


        def _parse_revoked_on_behalf_of(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        revoked_on_behalf_of = _parse_revoked_on_behalf_of(d.pop("revoked_on_behalf_of"))


        in_effect = d.pop("in_effect")

        refusal_view = cls(
            id=id,
            rpps=rpps,
            areas=areas,
            on_behalf_of=on_behalf_of,
            recorded_at=recorded_at,
            recorded_by_rpps=recorded_by_rpps,
            recorded_by_practice=recorded_by_practice,
            revoked_at=revoked_at,
            revoked_by_rpps=revoked_by_rpps,
            revoked_on_behalf_of=revoked_on_behalf_of,
            in_effect=in_effect,
        )


        refusal_view.additional_properties = d
        return refusal_view

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
