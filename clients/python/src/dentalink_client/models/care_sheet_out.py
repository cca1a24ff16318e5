from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.care_sheet_status import CareSheetStatus
from ..types import UNSET, Unset
from typing import cast
from uuid import UUID
import datetime

if TYPE_CHECKING:
  from ..models.apcv_beneficiary import ApcvBeneficiary
  from ..models.care_sheet_line_out import CareSheetLineOut





T = TypeVar("T", bound="CareSheetOut")



@_attrs_define
class CareSheetOut:
    """ An electronic care sheet; amounts are euros as strings ("23.00").

        Attributes:
            id (UUID): Care sheet id.
            session_id (UUID): The apCV session it is billed in.
            status (CareSheetStatus): Draft (editable) → signed (immutable) → cancelled (only by a replacing sheet).
            practitioner_rpps (str): RPPS number of the practitioner the care is billed by.
            patient_key (str): Pseudonymous patient key (`pk_` + 32 hex characters), never the NIR.
            beneficiary (ApcvBeneficiary): The beneficiary chosen on the app, as the AMO data describe them (DOMAIN.md §4).
            lines (list[CareSheetLineOut]): The acts billed.
            total (str): Sum of the lines, in euros (string with two decimals).
            created_at (datetime.datetime): When the sheet was created.
            created_by_rpps (str): RPPS number of the professional who created it.
            signed_at (datetime.datetime | None | Unset): When it was signed; null while draft.
            signed_by_rpps (None | str | Unset): RPPS number of the signing practitioner; null while draft.
            cancelled_at (datetime.datetime | None | Unset): When it was cancelled by a replacement; null otherwise.
            replaces (None | Unset | UUID): The sheet this one replaces, if any.
            replaced_by (None | Unset | UUID): The sheet that replaced this one, if any.
     """

    id: UUID
    session_id: UUID
    status: CareSheetStatus
    practitioner_rpps: str
    patient_key: str
    beneficiary: ApcvBeneficiary
    lines: list[CareSheetLineOut]
    total: str
    created_at: datetime.datetime
    created_by_rpps: str
    signed_at: datetime.datetime | None | Unset = UNSET
    signed_by_rpps: None | str | Unset = UNSET
    cancelled_at: datetime.datetime | None | Unset = UNSET
    replaces: None | Unset | UUID = UNSET
    replaced_by: None | Unset | UUID = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.apcv_beneficiary import ApcvBeneficiary # noqa: PLC0415
        from ..models.care_sheet_line_out import CareSheetLineOut # noqa: PLC0415
        id = str(self.id)

        session_id = str(self.session_id)

        status = self.status.value

        practitioner_rpps = self.practitioner_rpps

        patient_key = self.patient_key

        beneficiary = self.beneficiary.to_dict()

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)



        total = self.total

        created_at = self.created_at.isoformat()

        created_by_rpps = self.created_by_rpps

        signed_at: None | str | Unset
        if isinstance(self.signed_at, Unset):
            signed_at = UNSET
        elif isinstance(self.signed_at, datetime.datetime):
            signed_at = self.signed_at.isoformat()
        else:
            signed_at = self.signed_at

        signed_by_rpps: None | str | Unset
        if isinstance(self.signed_by_rpps, Unset):
            signed_by_rpps = UNSET
        else:
            signed_by_rpps = self.signed_by_rpps

        cancelled_at: None | str | Unset
        if isinstance(self.cancelled_at, Unset):
            cancelled_at = UNSET
        elif isinstance(self.cancelled_at, datetime.datetime):
            cancelled_at = self.cancelled_at.isoformat()
        else:
            cancelled_at = self.cancelled_at

        replaces: None | str | Unset
        if isinstance(self.replaces, Unset):
            replaces = UNSET
        elif isinstance(self.replaces, UUID):
            replaces = str(self.replaces)
        else:
            replaces = self.replaces

        replaced_by: None | str | Unset
        if isinstance(self.replaced_by, Unset):
            replaced_by = UNSET
        elif isinstance(self.replaced_by, UUID):
            replaced_by = str(self.replaced_by)
        else:
            replaced_by = self.replaced_by


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "session_id": session_id,
            "status": status,
            "practitioner_rpps": practitioner_rpps,
            "patient_key": patient_key,
            "beneficiary": beneficiary,
            "lines": lines,
            "total": total,
            "created_at": created_at,
            "created_by_rpps": created_by_rpps,
        })
        if signed_at is not UNSET:
            field_dict["signed_at"] = signed_at
        if signed_by_rpps is not UNSET:
            field_dict["signed_by_rpps"] = signed_by_rpps
        if cancelled_at is not UNSET:
            field_dict["cancelled_at"] = cancelled_at
        if replaces is not UNSET:
            field_dict["replaces"] = replaces
        if replaced_by is not UNSET:
            field_dict["replaced_by"] = replaced_by

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.apcv_beneficiary import ApcvBeneficiary # noqa: PLC0415
        from ..models.care_sheet_line_out import CareSheetLineOut # noqa: PLC0415
        d = dict(src_dict)
        id = UUID(d.pop("id"))




        session_id = UUID(d.pop("session_id"))




        status = CareSheetStatus(d.pop("status"))




        practitioner_rpps = d.pop("practitioner_rpps")

        patient_key = d.pop("patient_key")

        beneficiary = ApcvBeneficiary.from_dict(d.pop("beneficiary"))




        lines = []
        _lines = d.pop("lines")
        for lines_item_data in (_lines):
            lines_item = CareSheetLineOut.from_dict(lines_item_data)



            lines.append(lines_item)


        total = d.pop("total")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        created_by_rpps = d.pop("created_by_rpps")

        def _parse_signed_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                signed_at_type_0 = datetime.datetime.fromisoformat(data)



                return signed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        signed_at = _parse_signed_at(d.pop("signed_at", UNSET))


        def _parse_signed_by_rpps(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        signed_by_rpps = _parse_signed_by_rpps(d.pop("signed_by_rpps", UNSET))


        def _parse_cancelled_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                cancelled_at_type_0 = datetime.datetime.fromisoformat(data)



                return cancelled_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        cancelled_at = _parse_cancelled_at(d.pop("cancelled_at", UNSET))


        def _parse_replaces(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                replaces_type_0 = UUID(data)



                return replaces_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        replaces = _parse_replaces(d.pop("replaces", UNSET))


        def _parse_replaced_by(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                replaced_by_type_0 = UUID(data)



                return replaced_by_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        replaced_by = _parse_replaced_by(d.pop("replaced_by", UNSET))


        care_sheet_out = cls(
            id=id,
            session_id=session_id,
            status=status,
            practitioner_rpps=practitioner_rpps,
            patient_key=patient_key,
            beneficiary=beneficiary,
            lines=lines,
            total=total,
            created_at=created_at,
            created_by_rpps=created_by_rpps,
            signed_at=signed_at,
            signed_by_rpps=signed_by_rpps,
            cancelled_at=cancelled_at,
            replaces=replaces,
            replaced_by=replaced_by,
        )


        care_sheet_out.additional_properties = d
        return care_sheet_out

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
