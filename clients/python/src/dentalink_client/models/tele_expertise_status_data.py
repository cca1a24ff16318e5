from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.tele_expertise_status_data_previous_status_type_0 import TeleExpertiseStatusDataPreviousStatusType0
from ..models.tele_expertise_status_data_status import TeleExpertiseStatusDataStatus
from typing import cast
import datetime






T = TypeVar("T", bound="TeleExpertiseStatusData")



@_attrs_define
class TeleExpertiseStatusData:
    """ A tele-expertise was requested, accepted, refused, cancelled or expired: sent to the requérant's
    practice and, once the requis acted from one (acceptance, refusal), to the requis's practice.

        Attributes:
            expertise_id (str): The tele-expertise's id (`GET /v1/tele-expertises/{expertise_id}`).
            practice_id (str): The practice this webhook is for (the endpoint's).
            previous_status (None | TeleExpertiseStatusDataPreviousStatusType0): Its status before; null for `tele-
                expertise.requested`.
            status (TeleExpertiseStatusDataStatus): Its status now, the one the webhook's type names.
            changed_at (datetime.datetime): When it changed.
     """

    expertise_id: str
    practice_id: str
    previous_status: None | TeleExpertiseStatusDataPreviousStatusType0
    status: TeleExpertiseStatusDataStatus
    changed_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        expertise_id = self.expertise_id

        practice_id = self.practice_id

        previous_status: None | str
        if isinstance(self.previous_status, TeleExpertiseStatusDataPreviousStatusType0):
            previous_status = self.previous_status.value
        else:
            previous_status = self.previous_status

        status = self.status.value

        changed_at = self.changed_at.isoformat()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "expertise_id": expertise_id,
            "practice_id": practice_id,
            "previous_status": previous_status,
            "status": status,
            "changed_at": changed_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        expertise_id = d.pop("expertise_id")

        practice_id = d.pop("practice_id")

        def _parse_previous_status(data: object) -> None | TeleExpertiseStatusDataPreviousStatusType0:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                previous_status_type_0 = TeleExpertiseStatusDataPreviousStatusType0(data)



                return previous_status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TeleExpertiseStatusDataPreviousStatusType0, data)

        previous_status = _parse_previous_status(d.pop("previous_status"))


        status = TeleExpertiseStatusDataStatus(d.pop("status"))




        changed_at = datetime.datetime.fromisoformat(d.pop("changed_at"))




        tele_expertise_status_data = cls(
            expertise_id=expertise_id,
            practice_id=practice_id,
            previous_status=previous_status,
            status=status,
            changed_at=changed_at,
        )


        tele_expertise_status_data.additional_properties = d
        return tele_expertise_status_data

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
