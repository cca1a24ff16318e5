from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.document_type import DocumentType
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="DocumentCheckCreate")



@_attrs_define
class DocumentCheckCreate:
    """ The high-trust document the traits were checked against: its type and context only, never
    its number or an image (extra fields are refused).

        Attributes:
            document (DocumentType): A document a practitioner may look at when checking an identity (DOMAIN.md §2).
            holder_nationality (None | str | Unset): ISO alpha-2.
            guardian_document (DocumentType | None | Unset): For a minor with a birth extract or family record book: the
                parent's or guardian's high-trust document.
            guardian_nationality (None | str | Unset): The guardian document's issuing country, ISO 3166-1 alpha-2.
            ehpad_direct_admission (bool | Unset): The resident entered the EHPAD directly, the document being checked by
                its staff (RNIV EHPAD rule). Default: False.
            carte_vitale_with_photo (bool | Unset): A carte Vitale with photo was also shown (context only; never a proof on
                its own). Default: False.
     """

    document: DocumentType
    holder_nationality: None | str | Unset = UNSET
    guardian_document: DocumentType | None | Unset = UNSET
    guardian_nationality: None | str | Unset = UNSET
    ehpad_direct_admission: bool | Unset = False
    carte_vitale_with_photo: bool | Unset = False





    def to_dict(self) -> dict[str, Any]:
        document = self.document.value

        holder_nationality: None | str | Unset
        if isinstance(self.holder_nationality, Unset):
            holder_nationality = UNSET
        else:
            holder_nationality = self.holder_nationality

        guardian_document: None | str | Unset
        if isinstance(self.guardian_document, Unset):
            guardian_document = UNSET
        elif isinstance(self.guardian_document, DocumentType):
            guardian_document = self.guardian_document.value
        else:
            guardian_document = self.guardian_document

        guardian_nationality: None | str | Unset
        if isinstance(self.guardian_nationality, Unset):
            guardian_nationality = UNSET
        else:
            guardian_nationality = self.guardian_nationality

        ehpad_direct_admission = self.ehpad_direct_admission

        carte_vitale_with_photo = self.carte_vitale_with_photo


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "document": document,
        })
        if holder_nationality is not UNSET:
            field_dict["holder_nationality"] = holder_nationality
        if guardian_document is not UNSET:
            field_dict["guardian_document"] = guardian_document
        if guardian_nationality is not UNSET:
            field_dict["guardian_nationality"] = guardian_nationality
        if ehpad_direct_admission is not UNSET:
            field_dict["ehpad_direct_admission"] = ehpad_direct_admission
        if carte_vitale_with_photo is not UNSET:
            field_dict["carte_vitale_with_photo"] = carte_vitale_with_photo

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        document = DocumentType(d.pop("document"))




        def _parse_holder_nationality(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        holder_nationality = _parse_holder_nationality(d.pop("holder_nationality", UNSET))


        def _parse_guardian_document(data: object) -> DocumentType | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                guardian_document_type_0 = DocumentType(data)



                return guardian_document_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DocumentType | None | Unset, data)

        guardian_document = _parse_guardian_document(d.pop("guardian_document", UNSET))


        def _parse_guardian_nationality(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        guardian_nationality = _parse_guardian_nationality(d.pop("guardian_nationality", UNSET))


        ehpad_direct_admission = d.pop("ehpad_direct_admission", UNSET)

        carte_vitale_with_photo = d.pop("carte_vitale_with_photo", UNSET)

        document_check_create = cls(
            document=document,
            holder_nationality=holder_nationality,
            guardian_document=guardian_document,
            guardian_nationality=guardian_nationality,
            ehpad_direct_admission=ehpad_direct_admission,
            carte_vitale_with_photo=carte_vitale_with_photo,
        )

        return document_check_create

