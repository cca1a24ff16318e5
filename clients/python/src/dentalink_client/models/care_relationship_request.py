from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.care_relationship_kind import CareRelationshipKind
from typing import cast

if TYPE_CHECKING:
  from ..models.ins_input import InsInput





T = TypeVar("T", bound="CareRelationshipRequest")



@_attrs_define
class CareRelationshipRequest:
    """ Declares that the patient knows this dentist (needed for an EHPAD resident's requis).

        Attributes:
            patient (InsInput): A national health identity reference: matricule + the OID of its assigning authority.
            dentist_rpps (str): RPPS number (11 digits) of the dentist the patient knows.
            kind (CareRelationshipKind): The patient already consulted the dentist, or the dentist did the entry oral check-
                up (art. 58).
     """

    patient: InsInput
    dentist_rpps: str
    kind: CareRelationshipKind





    def to_dict(self) -> dict[str, Any]:
        from ..models.ins_input import InsInput # noqa: PLC0415
        patient = self.patient.to_dict()

        dentist_rpps = self.dentist_rpps

        kind = self.kind.value


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "patient": patient,
            "dentist_rpps": dentist_rpps,
            "kind": kind,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.ins_input import InsInput # noqa: PLC0415
        d = dict(src_dict)
        patient = InsInput.from_dict(d.pop("patient"))




        dentist_rpps = d.pop("dentist_rpps")

        kind = CareRelationshipKind(d.pop("kind"))




        care_relationship_request = cls(
            patient=patient,
            dentist_rpps=dentist_rpps,
            kind=kind,
        )

        return care_relationship_request

