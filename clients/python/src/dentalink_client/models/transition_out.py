from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.identity_status import IdentityStatus
from typing import cast
from uuid import UUID
import datetime

if TYPE_CHECKING:
  from ..models.transition_out_document_check_type_0 import TransitionOutDocumentCheckType0





T = TypeVar("T", bound="TransitionOut")



@_attrs_define
class TransitionOut:
    """ One immutable history entry: who (RPPS), when, how.

        Attributes:
            id (UUID): History entry id.
            kind (str): What happened: `created`, `insi-result`, `document-checked`, `attribute-set`, `attribute-cleared`,
                `refusal-recorded`, `refusal-withdrawn`, `apcv-qualified`, ….
            by_rpps (str): RPPS number (11 digits) of the professional who made the change.
            at (datetime.datetime): When the change was made.
            previous_status (IdentityStatus | None): Status before the change; null on creation.
            new_status (IdentityStatus): RNIV identity statuses (FR Core `fr-core-cs-identity-status`).
            downgrade (bool): True when the status went down (e.g. QUAL to PROV on a doubtful attribute).
            attributes (list[str]): RNIV attributes after the change.
            reason (str): Why the status changed, in words (empty when it did not).
            collection_method (None | str): The collection method recorded by this change, if any.
            validation_mode (None | str): The validation mode recorded by this change, if any.
            document_check (None | TransitionOutDocumentCheckType0): The document check recorded (type and context only,
                never a number or image).
            insi_operation (None | str): The INSi operation called (`search-by-traits`, `search-by-carte-vitale` or
                `verify`), if any.
            insi_result_code (None | str): INSi business result: `00` found, `01` none found, `02` several found.
            insi_call_reference (None | str): INSi's reference of the call, for a support request.
            apcv_session_reference (None | str): The apCV session the identity was qualified through, if any.
            attribute (None | str): The RNIV attribute set or cleared by this change, if any.
     """

    id: UUID
    kind: str
    by_rpps: str
    at: datetime.datetime
    previous_status: IdentityStatus | None
    new_status: IdentityStatus
    downgrade: bool
    attributes: list[str]
    reason: str
    collection_method: None | str
    validation_mode: None | str
    document_check: None | TransitionOutDocumentCheckType0
    insi_operation: None | str
    insi_result_code: None | str
    insi_call_reference: None | str
    apcv_session_reference: None | str
    attribute: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.transition_out_document_check_type_0 import TransitionOutDocumentCheckType0 # noqa: PLC0415
        id = str(self.id)

        kind = self.kind

        by_rpps = self.by_rpps

        at = self.at.isoformat()

        previous_status: None | str
        if isinstance(self.previous_status, IdentityStatus):
            previous_status = self.previous_status.value
        else:
            previous_status = self.previous_status

        new_status = self.new_status.value

        downgrade = self.downgrade

        attributes = self.attributes



        reason = self.reason

        collection_method: None | str
        collection_method = self.collection_method

        validation_mode: None | str
        validation_mode = self.validation_mode

        document_check: dict[str, Any] | None
        if isinstance(self.document_check, TransitionOutDocumentCheckType0):
            document_check = self.document_check.to_dict()
        else:
            document_check = self.document_check

        insi_operation: None | str
        insi_operation = self.insi_operation

        insi_result_code: None | str
        insi_result_code = self.insi_result_code

        insi_call_reference: None | str
        insi_call_reference = self.insi_call_reference

        apcv_session_reference: None | str
        apcv_session_reference = self.apcv_session_reference

        attribute: None | str
        attribute = self.attribute


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "kind": kind,
            "by_rpps": by_rpps,
            "at": at,
            "previous_status": previous_status,
            "new_status": new_status,
            "downgrade": downgrade,
            "attributes": attributes,
            "reason": reason,
            "collection_method": collection_method,
            "validation_mode": validation_mode,
            "document_check": document_check,
            "insi_operation": insi_operation,
            "insi_result_code": insi_result_code,
            "insi_call_reference": insi_call_reference,
            "apcv_session_reference": apcv_session_reference,
            "attribute": attribute,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.transition_out_document_check_type_0 import TransitionOutDocumentCheckType0 # noqa: PLC0415
        d = dict(src_dict)
        id = UUID(d.pop("id"))




        kind = d.pop("kind")

        by_rpps = d.pop("by_rpps")

        at = datetime.datetime.fromisoformat(d.pop("at"))




        def _parse_previous_status(data: object) -> IdentityStatus | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                previous_status_type_0 = IdentityStatus(data)



                return previous_status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(IdentityStatus | None, data)

        previous_status = _parse_previous_status(d.pop("previous_status"))


        new_status = IdentityStatus(d.pop("new_status"))




        downgrade = d.pop("downgrade")

        attributes = cast(list[str], d.pop("attributes"))


        reason = d.pop("reason")

        def _parse_collection_method(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        collection_method = _parse_collection_method(d.pop("collection_method"))


        def _parse_validation_mode(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        validation_mode = _parse_validation_mode(d.pop("validation_mode"))


        def _parse_document_check(data: object) -> None | TransitionOutDocumentCheckType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                document_check_type_0 = TransitionOutDocumentCheckType0.from_dict(data)



                return document_check_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TransitionOutDocumentCheckType0, data)

        document_check = _parse_document_check(d.pop("document_check"))


        def _parse_insi_operation(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        insi_operation = _parse_insi_operation(d.pop("insi_operation"))


        def _parse_insi_result_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        insi_result_code = _parse_insi_result_code(d.pop("insi_result_code"))


        def _parse_insi_call_reference(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        insi_call_reference = _parse_insi_call_reference(d.pop("insi_call_reference"))


        def _parse_apcv_session_reference(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        apcv_session_reference = _parse_apcv_session_reference(d.pop("apcv_session_reference"))


        def _parse_attribute(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        attribute = _parse_attribute(d.pop("attribute"))


        transition_out = cls(
            id=id,
            kind=kind,
            by_rpps=by_rpps,
            at=at,
            previous_status=previous_status,
            new_status=new_status,
            downgrade=downgrade,
            attributes=attributes,
            reason=reason,
            collection_method=collection_method,
            validation_mode=validation_mode,
            document_check=document_check,
            insi_operation=insi_operation,
            insi_result_code=insi_result_code,
            insi_call_reference=insi_call_reference,
            apcv_session_reference=apcv_session_reference,
            attribute=attribute,
        )


        transition_out.additional_properties = d
        return transition_out

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
