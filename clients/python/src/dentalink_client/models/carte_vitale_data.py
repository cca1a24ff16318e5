from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="CarteVitaleData")



@_attrs_define
class CarteVitaleData:
    """ What the carte Vitale reader gave; the birth name and date default to the typed traits.

        Attributes:
            matricule (str): The card's matricule (the holder's); compact or spaced as printed on the card.
            birth_rank (int | Unset): Tells twins on one card apart. Default: 1.
            birth_name (None | str | Unset): Birth name read from the card; the typed birth name when absent.
            birth_date (datetime.date | None | Unset): Birth date read from the card (ISO 8601); the typed one when absent.
     """

    matricule: str
    birth_rank: int | Unset = 1
    birth_name: None | str | Unset = UNSET
    birth_date: datetime.date | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        matricule = self.matricule

        birth_rank = self.birth_rank

        birth_name: None | str | Unset
        if isinstance(self.birth_name, Unset):
            birth_name = UNSET
        else:
            birth_name = self.birth_name

        birth_date: None | str | Unset
        if isinstance(self.birth_date, Unset):
            birth_date = UNSET
        elif isinstance(self.birth_date, datetime.date):
            birth_date = self.birth_date.isoformat()
        else:
            birth_date = self.birth_date


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "matricule": matricule,
        })
        if birth_rank is not UNSET:
            field_dict["birth_rank"] = birth_rank
        if birth_name is not UNSET:
            field_dict["birth_name"] = birth_name
        if birth_date is not UNSET:
            field_dict["birth_date"] = birth_date

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        matricule = d.pop("matricule")

        birth_rank = d.pop("birth_rank", UNSET)

        def _parse_birth_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        birth_name = _parse_birth_name(d.pop("birth_name", UNSET))


        def _parse_birth_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                birth_date_type_0 = datetime.date.fromisoformat(data)



                return birth_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        birth_date = _parse_birth_date(d.pop("birth_date", UNSET))


        carte_vitale_data = cls(
            matricule=matricule,
            birth_rank=birth_rank,
            birth_name=birth_name,
            birth_date=birth_date,
        )

        return carte_vitale_data

