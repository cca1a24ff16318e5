from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.care_relationship_kind import CareRelationshipKind
from typing import cast
from uuid import UUID
import datetime

if TYPE_CHECKING:
  from ..models.ins_output import InsOutput





T = TypeVar("T", bound="CareRelationshipView")



@_attrs_define
class CareRelationshipView:
    """ 
        Attributes:
            id (UUID): Care relationship id.
            patient (InsOutput): A national health identity reference: matricule + the OID of its assigning authority.
            dentist_rpps (str): RPPS number of the dentist the patient knows.
            kind (CareRelationshipKind): The patient already consulted the dentist, or the dentist did the entry oral check-
                up (art. 58).
            declared_by_rpps (str): RPPS number of the professional who declared it.
            created_at (datetime.datetime): When it was declared.
     """

    id: UUID
    patient: InsOutput
    dentist_rpps: str
    kind: CareRelationshipKind
    declared_by_rpps: str
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.ins_output import InsOutput # noqa: PLC0415
        id = str(self.id)

        patient = self.patient.to_dict()

        dentist_rpps = self.dentist_rpps

        kind = self.kind.value

        declared_by_rpps = self.declared_by_rpps

        created_at = self.created_at.isoformat()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "patient": patient,
            "dentist_rpps": dentist_rpps,
            "kind": kind,
            "declared_by_rpps": declared_by_rpps,
            "created_at": created_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.ins_output import InsOutput # noqa: PLC0415
        d = dict(src_dict)
        id = UUID(d.pop("id"))




        patient = InsOutput.from_dict(d.pop("patient"))




        dentist_rpps = d.pop("dentist_rpps")

        kind = CareRelationshipKind(d.pop("kind"))




        declared_by_rpps = d.pop("declared_by_rpps")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        care_relationship_view = cls(
            id=id,
            patient=patient,
            dentist_rpps=dentist_rpps,
            kind=kind,
            declared_by_rpps=declared_by_rpps,
            created_at=created_at,
        )


        care_relationship_view.additional_properties = d
        return care_relationship_view

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
