from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.expertise_status import ExpertiseStatus
from ..models.situation import Situation
from typing import cast
from uuid import UUID
import datetime

if TYPE_CHECKING:
  from ..models.act_view import ActView
  from ..models.ins_output import InsOutput
  from ..models.party_view import PartyView
  from ..models.report_view import ReportView
  from ..models.telemed_attachment_view import TelemedAttachmentView
  from ..models.telemed_refusal_view import TelemedRefusalView





T = TypeVar("T", bound="ExpertiseView")



@_attrs_define
class ExpertiseView:
    """ 
        Attributes:
            id (UUID): Tele-expertise id.
            status (ExpertiseStatus): Where a tele-expertise stands (DOMAIN.md §6; avenant 1 art. 58.1.2).
            situation (Situation): The only situations eligible to dental tele-expertise (avenant 1 art. 58; NGAP 14.9.4).
            patient (InsOutput): A national health identity reference: matricule + the OID of its assigning authority.
            requerant (PartyView): A professional of the tele-expertise and, when known, the practice he acts for.
            requis (PartyView): A professional of the tele-expertise and, when known, the practice he acts for.
            requested_at (datetime.datetime): When the request was made.
            accepted_at (datetime.datetime | None): When the requis accepted; null until then.
            closed_at (datetime.datetime | None): When it was answered, refused, cancelled or expired; null while open.
            answer_due_at (datetime.datetime): Request time + the configured answer delay (7 days).
            known_relationship (bool): A care relationship between the patient and the requis was declared (required for an
                EHPAD resident).
            reasons (str): The clinical question.
            attachments (list[TelemedAttachmentView]): Files sent with the request.
            refusal (None | TelemedRefusalView): Why the requis declined; null unless refused.
            cancellation_reason (None | str): Why the requérant cancelled; null unless cancelled with a reason.
            report (None | ReportView): The requis's answer; null until answered.
            acts (list[ActView]): The billable acts: RQD for the requérant, TE2 for the requis, once answered.
     """

    id: UUID
    status: ExpertiseStatus
    situation: Situation
    patient: InsOutput
    requerant: PartyView
    requis: PartyView
    requested_at: datetime.datetime
    accepted_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    answer_due_at: datetime.datetime
    known_relationship: bool
    reasons: str
    attachments: list[TelemedAttachmentView]
    refusal: None | TelemedRefusalView
    cancellation_reason: None | str
    report: None | ReportView
    acts: list[ActView]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.act_view import ActView # noqa: PLC0415
        from ..models.ins_output import InsOutput # noqa: PLC0415
        from ..models.party_view import PartyView # noqa: PLC0415
        from ..models.report_view import ReportView # noqa: PLC0415
        from ..models.telemed_attachment_view import TelemedAttachmentView # noqa: PLC0415
        from ..models.telemed_refusal_view import TelemedRefusalView # noqa: PLC0415
        id = str(self.id)

        status = self.status.value

        situation = self.situation.value

        patient = self.patient.to_dict()

        requerant = self.requerant.to_dict()

        requis = self.requis.to_dict()

        requested_at = self.requested_at.isoformat()

        accepted_at: None | str
        if isinstance(self.accepted_at, datetime.datetime):
            accepted_at = self.accepted_at.isoformat()
        else:
            accepted_at = self.accepted_at

        closed_at: None | str
        if isinstance(self.closed_at, datetime.datetime):
            closed_at = self.closed_at.isoformat()
        else:
            closed_at = self.closed_at

        answer_due_at = self.answer_due_at.isoformat()

        known_relationship = self.known_relationship

        reasons = self.reasons

        attachments = []
        for attachments_item_data in self.attachments:
            attachments_item = attachments_item_data.to_dict()
            attachments.append(attachments_item)



        refusal: dict[str, Any] | None
        if isinstance(self.refusal, TelemedRefusalView):
            refusal = self.refusal.to_dict()
        else:
            refusal = self.refusal

        cancellation_reason: None | str
        cancellation_reason = self.cancellation_reason

        report: dict[str, Any] | None
        if isinstance(self.report, ReportView):
            report = self.report.to_dict()
        else:
            report = self.report

        acts = []
        for acts_item_data in self.acts:
            acts_item = acts_item_data.to_dict()
            acts.append(acts_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "status": status,
            "situation": situation,
            "patient": patient,
            "requerant": requerant,
            "requis": requis,
            "requested_at": requested_at,
            "accepted_at": accepted_at,
            "closed_at": closed_at,
            "answer_due_at": answer_due_at,
            "known_relationship": known_relationship,
            "reasons": reasons,
            "attachments": attachments,
            "refusal": refusal,
            "cancellation_reason": cancellation_reason,
            "report": report,
            "acts": acts,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.act_view import ActView # noqa: PLC0415
        from ..models.ins_output import InsOutput # noqa: PLC0415
        from ..models.party_view import PartyView # noqa: PLC0415
        from ..models.report_view import ReportView # noqa: PLC0415
        from ..models.telemed_attachment_view import TelemedAttachmentView # noqa: PLC0415
        from ..models.telemed_refusal_view import TelemedRefusalView # noqa: PLC0415
        d = dict(src_dict)
        id = UUID(d.pop("id"))




        status = ExpertiseStatus(d.pop("status"))




        situation = Situation(d.pop("situation"))




        patient = InsOutput.from_dict(d.pop("patient"))




        requerant = PartyView.from_dict(d.pop("requerant"))




        requis = PartyView.from_dict(d.pop("requis"))




        requested_at = datetime.datetime.fromisoformat(d.pop("requested_at"))




        def _parse_accepted_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                accepted_at_type_0 = datetime.datetime.fromisoformat(data)



                return accepted_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        accepted_at = _parse_accepted_at(d.pop("accepted_at"))


        def _parse_closed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                closed_at_type_0 = datetime.datetime.fromisoformat(data)



                return closed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        closed_at = _parse_closed_at(d.pop("closed_at"))


        answer_due_at = datetime.datetime.fromisoformat(d.pop("answer_due_at"))




        known_relationship = d.pop("known_relationship")

        reasons = d.pop("reasons")

        attachments = []
        _attachments = d.pop("attachments")
        for attachments_item_data in (_attachments):
            attachments_item = TelemedAttachmentView.from_dict(attachments_item_data)



            attachments.append(attachments_item)


        def _parse_refusal(data: object) -> None | TelemedRefusalView:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                refusal_type_0 = TelemedRefusalView.from_dict(data)



                return refusal_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TelemedRefusalView, data)

        refusal = _parse_refusal(d.pop("refusal"))


        def _parse_cancellation_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cancellation_reason = _parse_cancellation_reason(d.pop("cancellation_reason"))


        def _parse_report(data: object) -> None | ReportView:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                report_type_0 = ReportView.from_dict(data)



                return report_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ReportView, data)

        report = _parse_report(d.pop("report"))


        acts = []
        _acts = d.pop("acts")
        for acts_item_data in (_acts):
            acts_item = ActView.from_dict(acts_item_data)



            acts.append(acts_item)


        expertise_view = cls(
            id=id,
            status=status,
            situation=situation,
            patient=patient,
            requerant=requerant,
            requis=requis,
            requested_at=requested_at,
            accepted_at=accepted_at,
            closed_at=closed_at,
            answer_due_at=answer_due_at,
            known_relationship=known_relationship,
            reasons=reasons,
            attachments=attachments,
            refusal=refusal,
            cancellation_reason=cancellation_reason,
            report=report,
            acts=acts,
        )


        expertise_view.additional_properties = d
        return expertise_view

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
