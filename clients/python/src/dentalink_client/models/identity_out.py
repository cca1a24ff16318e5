from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.identity_attribute import IdentityAttribute
from ..models.identity_status import IdentityStatus
from typing import cast
from uuid import UUID
import datetime

if TYPE_CHECKING:
  from ..models.alert_out import AlertOut
  from ..models.ins import Ins
  from ..models.ins_out import InsOut
  from ..models.links import Links
  from ..models.traits_out import TraitsOut





T = TypeVar("T", bound="IdentityOut")



@_attrs_define
class IdentityOut:
    """ An identity of the practice. `may_reference_health_data` is true only when QUAL.

        Attributes:
            id (UUID): Identity id, unique within the platform.
            status (IdentityStatus): RNIV identity statuses (FR Core `fr-core-cs-identity-status`).
            typed_traits (TraitsOut):
            insi_traits (None | TraitsOut): The traits returned by INSi; null until INSi found the patient.
            ins (InsOut | None): The INS (matricule + OID); null until known.
            previous_ins (list[Ins]): Former INS of this patient (an NIA replaced by a NIR), oldest first.
            attributes (list[IdentityAttribute]): RNIV attributes set: `DOUT`, `FICT`, `HOMA`.
            verification_refused (bool): The patient refused the identity verification; the status stays PROV.
            collection_method (str): How the identity was collected (FR Core code): `SM` typed, `CV` carte Vitale, `INSI`
                INSi, `CB` barcode, `RFID` chip.
            validation_mode (None | str): The proof the identity was validated with (FR Core code, e.g. `PA` passport, `CN`
                national id card); null until validated.
            may_reference_health_data (bool): True only when QUAL: only a qualified INS may index health data (DMP, secure
                messaging, tele-expertise).
            matricule_flags (list[str]): Accepted but noteworthy features of the matricule: `foreign-person-being-
                registered`, `special-month`.
            alerts (list[AlertOut]): Identity-vigilance alerts: the matricule and the traits disagree (never corrected
                silently).
            insi_confirmed_at (datetime.datetime | None): When INSi last returned or verified the INS; null when never.
            validated_at (datetime.datetime | None): When a high-trust document validated the identity; null when never.
            created_at (datetime.datetime): When the identity was created.
            updated_at (datetime.datetime): When the identity last changed.
            links (Links):
     """

    id: UUID
    status: IdentityStatus
    typed_traits: TraitsOut
    insi_traits: None | TraitsOut
    ins: InsOut | None
    previous_ins: list[Ins]
    attributes: list[IdentityAttribute]
    verification_refused: bool
    collection_method: str
    validation_mode: None | str
    may_reference_health_data: bool
    matricule_flags: list[str]
    alerts: list[AlertOut]
    insi_confirmed_at: datetime.datetime | None
    validated_at: datetime.datetime | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    links: Links
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.alert_out import AlertOut # noqa: PLC0415
        from ..models.ins import Ins # noqa: PLC0415
        from ..models.ins_out import InsOut # noqa: PLC0415
        from ..models.links import Links # noqa: PLC0415
        from ..models.traits_out import TraitsOut # noqa: PLC0415
        id = str(self.id)

        status = self.status.value

        typed_traits = self.typed_traits.to_dict()

        insi_traits: dict[str, Any] | None
        if isinstance(self.insi_traits, TraitsOut):
            insi_traits = self.insi_traits.to_dict()
        else:
            insi_traits = self.insi_traits

        ins: dict[str, Any] | None
        if isinstance(self.ins, InsOut):
            ins = self.ins.to_dict()
        else:
            ins = self.ins

        previous_ins = []
        for previous_ins_item_data in self.previous_ins:
            previous_ins_item = previous_ins_item_data.to_dict()
            previous_ins.append(previous_ins_item)



        attributes = []
        for attributes_item_data in self.attributes:
            attributes_item = attributes_item_data.value
            attributes.append(attributes_item)



        verification_refused = self.verification_refused

        collection_method = self.collection_method

        validation_mode: None | str
        validation_mode = self.validation_mode

        may_reference_health_data = self.may_reference_health_data

        matricule_flags = self.matricule_flags



        alerts = []
        for alerts_item_data in self.alerts:
            alerts_item = alerts_item_data.to_dict()
            alerts.append(alerts_item)



        insi_confirmed_at: None | str
        if isinstance(self.insi_confirmed_at, datetime.datetime):
            insi_confirmed_at = self.insi_confirmed_at.isoformat()
        else:
            insi_confirmed_at = self.insi_confirmed_at

        validated_at: None | str
        if isinstance(self.validated_at, datetime.datetime):
            validated_at = self.validated_at.isoformat()
        else:
            validated_at = self.validated_at

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        links = self.links.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "status": status,
            "typed_traits": typed_traits,
            "insi_traits": insi_traits,
            "ins": ins,
            "previous_ins": previous_ins,
            "attributes": attributes,
            "verification_refused": verification_refused,
            "collection_method": collection_method,
            "validation_mode": validation_mode,
            "may_reference_health_data": may_reference_health_data,
            "matricule_flags": matricule_flags,
            "alerts": alerts,
            "insi_confirmed_at": insi_confirmed_at,
            "validated_at": validated_at,
            "created_at": created_at,
            "updated_at": updated_at,
            "links": links,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.alert_out import AlertOut # noqa: PLC0415
        from ..models.ins import Ins # noqa: PLC0415
        from ..models.ins_out import InsOut # noqa: PLC0415
        from ..models.links import Links # noqa: PLC0415
        from ..models.traits_out import TraitsOut # noqa: PLC0415
        d = dict(src_dict)
        id = UUID(d.pop("id"))




        status = IdentityStatus(d.pop("status"))




        typed_traits = TraitsOut.from_dict(d.pop("typed_traits"))




        def _parse_insi_traits(data: object) -> None | TraitsOut:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                insi_traits_type_0 = TraitsOut.from_dict(data)



                return insi_traits_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TraitsOut, data)

        insi_traits = _parse_insi_traits(d.pop("insi_traits"))


        def _parse_ins(data: object) -> InsOut | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                ins_type_0 = InsOut.from_dict(data)



                return ins_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(InsOut | None, data)

        ins = _parse_ins(d.pop("ins"))


        previous_ins = []
        _previous_ins = d.pop("previous_ins")
        for previous_ins_item_data in (_previous_ins):
            previous_ins_item = Ins.from_dict(previous_ins_item_data)



            previous_ins.append(previous_ins_item)


        attributes = []
        _attributes = d.pop("attributes")
        for attributes_item_data in (_attributes):
            attributes_item = IdentityAttribute(attributes_item_data)



            attributes.append(attributes_item)


        verification_refused = d.pop("verification_refused")

        collection_method = d.pop("collection_method")

        def _parse_validation_mode(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        validation_mode = _parse_validation_mode(d.pop("validation_mode"))


        may_reference_health_data = d.pop("may_reference_health_data")

        matricule_flags = cast(list[str], d.pop("matricule_flags"))


        alerts = []
        _alerts = d.pop("alerts")
        for alerts_item_data in (_alerts):
            alerts_item = AlertOut.from_dict(alerts_item_data)



            alerts.append(alerts_item)


        def _parse_insi_confirmed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                insi_confirmed_at_type_0 = datetime.datetime.fromisoformat(data)



                return insi_confirmed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        insi_confirmed_at = _parse_insi_confirmed_at(d.pop("insi_confirmed_at"))


        def _parse_validated_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                validated_at_type_0 = datetime.datetime.fromisoformat(data)



                return validated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        validated_at = _parse_validated_at(d.pop("validated_at"))


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        links = Links.from_dict(d.pop("links"))




        identity_out = cls(
            id=id,
            status=status,
            typed_traits=typed_traits,
            insi_traits=insi_traits,
            ins=ins,
            previous_ins=previous_ins,
            attributes=attributes,
            verification_refused=verification_refused,
            collection_method=collection_method,
            validation_mode=validation_mode,
            may_reference_health_data=may_reference_health_data,
            matricule_flags=matricule_flags,
            alerts=alerts,
            insi_confirmed_at=insi_confirmed_at,
            validated_at=validated_at,
            created_at=created_at,
            updated_at=updated_at,
            links=links,
        )


        identity_out.additional_properties = d
        return identity_out

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
