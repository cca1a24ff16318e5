from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.situation import Situation
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.attachment_in import AttachmentIn
  from ..models.ins_input import InsInput
  from ..models.requis_in import RequisIn





T = TypeVar("T", bound="ExpertiseRequest")



@_attrs_define
class ExpertiseRequest:
    """ A request for a dental tele-expertise, made by the calling professional (the requérant).

        Attributes:
            patient (InsInput): A national health identity reference: matricule + the OID of its assigning authority.
            situation (Situation): The only situations eligible to dental tele-expertise (avenant 1 art. 58; NGAP 14.9.4).
            requis (RequisIn): The professional asked for his expertise, as the requérant names him.
            reasons (str): The clinical question, free text (line breaks kept, at most 20 000 characters).
            attachments (list[AttachmentIn] | Unset): Files for the requis (photos, radiographs), at most 100.
     """

    patient: InsInput
    situation: Situation
    requis: RequisIn
    reasons: str
    attachments: list[AttachmentIn] | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.attachment_in import AttachmentIn # noqa: PLC0415
        from ..models.ins_input import InsInput # noqa: PLC0415
        from ..models.requis_in import RequisIn # noqa: PLC0415
        patient = self.patient.to_dict()

        situation = self.situation.value

        requis = self.requis.to_dict()

        reasons = self.reasons

        attachments: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.attachments, Unset):
            attachments = []
            for attachments_item_data in self.attachments:
                attachments_item = attachments_item_data.to_dict()
                attachments.append(attachments_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "patient": patient,
            "situation": situation,
            "requis": requis,
            "reasons": reasons,
        })
        if attachments is not UNSET:
            field_dict["attachments"] = attachments

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.attachment_in import AttachmentIn # noqa: PLC0415
        from ..models.ins_input import InsInput # noqa: PLC0415
        from ..models.requis_in import RequisIn # noqa: PLC0415
        d = dict(src_dict)
        patient = InsInput.from_dict(d.pop("patient"))




        situation = Situation(d.pop("situation"))




        requis = RequisIn.from_dict(d.pop("requis"))




        reasons = d.pop("reasons")

        _attachments = d.pop("attachments", UNSET)
        attachments: list[AttachmentIn] | Unset = UNSET
        if _attachments is not UNSET:
            attachments = []
            for attachments_item_data in _attachments:
                attachments_item = AttachmentIn.from_dict(attachments_item_data)



                attachments.append(attachments_item)


        expertise_request = cls(
            patient=patient,
            situation=situation,
            requis=requis,
            reasons=reasons,
            attachments=attachments,
        )

        return expertise_request

