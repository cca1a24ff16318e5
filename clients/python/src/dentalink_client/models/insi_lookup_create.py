from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.lookup_method import LookupMethod
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.carte_vitale_data import CarteVitaleData





T = TypeVar("T", bound="InsiLookupCreate")



@_attrs_define
class InsiLookupCreate:
    """ An INSi search: by the typed traits (with the retry strategy) or by carte Vitale data.

        Attributes:
            method (LookupMethod | Unset):
            carte_vitale (CarteVitaleData | None | Unset): The card's data; required when `method` is `carte-vitale`.
     """

    method: LookupMethod | Unset = UNSET
    carte_vitale: CarteVitaleData | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.carte_vitale_data import CarteVitaleData # noqa: PLC0415
        method: str | Unset = UNSET
        if not isinstance(self.method, Unset):
            method = self.method.value


        carte_vitale: dict[str, Any] | None | Unset
        if isinstance(self.carte_vitale, Unset):
            carte_vitale = UNSET
        elif isinstance(self.carte_vitale, CarteVitaleData):
            carte_vitale = self.carte_vitale.to_dict()
        else:
            carte_vitale = self.carte_vitale


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if method is not UNSET:
            field_dict["method"] = method
        if carte_vitale is not UNSET:
            field_dict["carte_vitale"] = carte_vitale

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.carte_vitale_data import CarteVitaleData # noqa: PLC0415
        d = dict(src_dict)
        _method = d.pop("method", UNSET)
        method: LookupMethod | Unset
        if isinstance(_method,  Unset):
            method = UNSET
        else:
            method = LookupMethod(_method)




        def _parse_carte_vitale(data: object) -> CarteVitaleData | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                carte_vitale_type_0 = CarteVitaleData.from_dict(data)



                return carte_vitale_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CarteVitaleData | None | Unset, data)

        carte_vitale = _parse_carte_vitale(d.pop("carte_vitale", UNSET))


        insi_lookup_create = cls(
            method=method,
            carte_vitale=carte_vitale,
        )

        return insi_lookup_create

