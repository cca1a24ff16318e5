from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.amo_quality import AmoQuality
from ..models.sex import Sex
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.ins import Ins





T = TypeVar("T", bound="AmoBeneficiary")



@_attrs_define
class AmoBeneficiary:
    """ One person of the AMO data, the insured or a beneficiary (DOMAIN.md §4; seed).

        Attributes:
            nir (str): The beneficiary's own NIR (15 characters with its key).
            birth_name (str): Birth name, upper case as in the AMO data.
            first_names (str): First names, upper case, space-separated, as in the AMO data.
            birth_date (datetime.date): Date of birth (ISO 8601).
            quality (AmoQuality): Quality of a person on the AMO data: the insured or one of their beneficiaries (seed).
            insurer (str): The compulsory insurer's code (organisme de rattachement, 9 digits).
            updated_on (datetime.date): Date the AMO data were last updated on the patient's app.
            ouvrant_droit_nir (None | str | Unset): NIR of the insured person (ouvrant droit) this beneficiary's rights come
                from; null for the ouvrant droit themself.
            usage_name (None | str | Unset): Usage (married) name, when the AMO data carry one.
            birth_rank (int | Unset): Birth rank (1–9): tells apart twins of one ouvrant droit sharing a birth date.
                Default: 1.
            sex (None | Sex | Unset): Sex: `M`, `F` or `I`; null when the AMO data do not carry it.
            birth_place_code (None | str | Unset): Birth place: INSEE COG commune code (5 characters, `99xxx` abroad).
            ins (Ins | None | Unset): The INS read from the app: counts as qualified (RNIV), ayants droit included.
     """

    nir: str
    birth_name: str
    first_names: str
    birth_date: datetime.date
    quality: AmoQuality
    insurer: str
    updated_on: datetime.date
    ouvrant_droit_nir: None | str | Unset = UNSET
    usage_name: None | str | Unset = UNSET
    birth_rank: int | Unset = 1
    sex: None | Sex | Unset = UNSET
    birth_place_code: None | str | Unset = UNSET
    ins: Ins | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.ins import Ins # noqa: PLC0415
        nir = self.nir

        birth_name = self.birth_name

        first_names = self.first_names

        birth_date = self.birth_date.isoformat()

        quality = self.quality.value

        insurer = self.insurer

        updated_on = self.updated_on.isoformat()

        ouvrant_droit_nir: None | str | Unset
        if isinstance(self.ouvrant_droit_nir, Unset):
            ouvrant_droit_nir = UNSET
        else:
            ouvrant_droit_nir = self.ouvrant_droit_nir

        usage_name: None | str | Unset
        if isinstance(self.usage_name, Unset):
            usage_name = UNSET
        else:
            usage_name = self.usage_name

        birth_rank = self.birth_rank

        sex: None | str | Unset
        if isinstance(self.sex, Unset):
            sex = UNSET
        elif isinstance(self.sex, Sex):
            sex = self.sex.value
        else:
            sex = self.sex

        birth_place_code: None | str | Unset
        if isinstance(self.birth_place_code, Unset):
            birth_place_code = UNSET
        else:
            birth_place_code = self.birth_place_code

        ins: dict[str, Any] | None | Unset
        if isinstance(self.ins, Unset):
            ins = UNSET
        elif isinstance(self.ins, Ins):
            ins = self.ins.to_dict()
        else:
            ins = self.ins


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "nir": nir,
            "birth_name": birth_name,
            "first_names": first_names,
            "birth_date": birth_date,
            "quality": quality,
            "insurer": insurer,
            "updated_on": updated_on,
        })
        if ouvrant_droit_nir is not UNSET:
            field_dict["ouvrant_droit_nir"] = ouvrant_droit_nir
        if usage_name is not UNSET:
            field_dict["usage_name"] = usage_name
        if birth_rank is not UNSET:
            field_dict["birth_rank"] = birth_rank
        if sex is not UNSET:
            field_dict["sex"] = sex
        if birth_place_code is not UNSET:
            field_dict["birth_place_code"] = birth_place_code
        if ins is not UNSET:
            field_dict["ins"] = ins

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.ins import Ins # noqa: PLC0415
        d = dict(src_dict)
        nir = d.pop("nir")

        birth_name = d.pop("birth_name")

        first_names = d.pop("first_names")

        birth_date = datetime.date.fromisoformat(d.pop("birth_date"))




        quality = AmoQuality(d.pop("quality"))




        insurer = d.pop("insurer")

        updated_on = datetime.date.fromisoformat(d.pop("updated_on"))




        def _parse_ouvrant_droit_nir(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        ouvrant_droit_nir = _parse_ouvrant_droit_nir(d.pop("ouvrant_droit_nir", UNSET))


        def _parse_usage_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        usage_name = _parse_usage_name(d.pop("usage_name", UNSET))


        birth_rank = d.pop("birth_rank", UNSET)

        def _parse_sex(data: object) -> None | Sex | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                sex_type_0 = Sex(data)



                return sex_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Sex | Unset, data)

        sex = _parse_sex(d.pop("sex", UNSET))


        def _parse_birth_place_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        birth_place_code = _parse_birth_place_code(d.pop("birth_place_code", UNSET))


        def _parse_ins(data: object) -> Ins | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                ins_type_0 = Ins.from_dict(data)



                return ins_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Ins | None | Unset, data)

        ins = _parse_ins(d.pop("ins", UNSET))


        amo_beneficiary = cls(
            nir=nir,
            birth_name=birth_name,
            first_names=first_names,
            birth_date=birth_date,
            quality=quality,
            insurer=insurer,
            updated_on=updated_on,
            ouvrant_droit_nir=ouvrant_droit_nir,
            usage_name=usage_name,
            birth_rank=birth_rank,
            sex=sex,
            birth_place_code=birth_place_code,
            ins=ins,
        )

        return amo_beneficiary

