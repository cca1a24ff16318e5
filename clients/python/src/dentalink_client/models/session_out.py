from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.reading_mode import ReadingMode
from ..models.session_status import SessionStatus
from ..types import UNSET, Unset
from typing import cast
from uuid import UUID
import datetime

if TYPE_CHECKING:
  from ..models.amo_beneficiary import AmoBeneficiary
  from ..models.rights_out import RightsOut





T = TypeVar("T", bound="SessionOut")



@_attrs_define
class SessionOut:
    """ An apCV session: bound to a practice, a practitioner and a beneficiary, open until `expires_at`.

        Attributes:
            id (UUID): Session id: pass it to `POST /v1/care-sheets` to bill within the session.
            status (SessionStatus): State of a session at a given instant.
            practice_id (str): The practice the session is bound to.
            practitioner_rpps (str): RPPS number (11 digits) of the practitioner who opened the session.
            reading_mode (ReadingMode):
            beneficiary (AmoBeneficiary): One person of the AMO data, the insured or a beneficiary (DOMAIN.md §4; seed).
            rights (RightsOut): The compulsory-insurance rights ADRI validated when the session opened.
            opened_at (datetime.datetime): When the session opened.
            expires_at (datetime.datetime): When the session stops accepting care sheets (30 minutes after opening).
            closed_at (datetime.datetime | None | Unset): When the practice closed the session; null while open or once
                merely expired.
     """

    id: UUID
    status: SessionStatus
    practice_id: str
    practitioner_rpps: str
    reading_mode: ReadingMode
    beneficiary: AmoBeneficiary
    rights: RightsOut
    opened_at: datetime.datetime
    expires_at: datetime.datetime
    closed_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.amo_beneficiary import AmoBeneficiary # noqa: PLC0415
        from ..models.rights_out import RightsOut # noqa: PLC0415
        id = str(self.id)

        status = self.status.value

        practice_id = self.practice_id

        practitioner_rpps = self.practitioner_rpps

        reading_mode = self.reading_mode.value

        beneficiary = self.beneficiary.to_dict()

        rights = self.rights.to_dict()

        opened_at = self.opened_at.isoformat()

        expires_at = self.expires_at.isoformat()

        closed_at: None | str | Unset
        if isinstance(self.closed_at, Unset):
            closed_at = UNSET
        elif isinstance(self.closed_at, datetime.datetime):
            closed_at = self.closed_at.isoformat()
        else:
            closed_at = self.closed_at


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "status": status,
            "practice_id": practice_id,
            "practitioner_rpps": practitioner_rpps,
            "reading_mode": reading_mode,
            "beneficiary": beneficiary,
            "rights": rights,
            "opened_at": opened_at,
            "expires_at": expires_at,
        })
        if closed_at is not UNSET:
            field_dict["closed_at"] = closed_at

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.amo_beneficiary import AmoBeneficiary # noqa: PLC0415
        from ..models.rights_out import RightsOut # noqa: PLC0415
        d = dict(src_dict)
        id = UUID(d.pop("id"))




        status = SessionStatus(d.pop("status"))




        practice_id = d.pop("practice_id")

        practitioner_rpps = d.pop("practitioner_rpps")

        reading_mode = ReadingMode(d.pop("reading_mode"))




        beneficiary = AmoBeneficiary.from_dict(d.pop("beneficiary"))




        rights = RightsOut.from_dict(d.pop("rights"))




        opened_at = datetime.datetime.fromisoformat(d.pop("opened_at"))




        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))




        def _parse_closed_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                closed_at_type_0 = datetime.datetime.fromisoformat(data)



                return closed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        closed_at = _parse_closed_at(d.pop("closed_at", UNSET))


        session_out = cls(
            id=id,
            status=status,
            practice_id=practice_id,
            practitioner_rpps=practitioner_rpps,
            reading_mode=reading_mode,
            beneficiary=beneficiary,
            rights=rights,
            opened_at=opened_at,
            expires_at=expires_at,
            closed_at=closed_at,
        )


        session_out.additional_properties = d
        return session_out

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
