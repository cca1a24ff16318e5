from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.agenda_category import AgendaCategory
from ..models.item_status import ItemStatus
from typing import cast
import datetime






T = TypeVar("T", bound="AgendaItemView")



@_attrs_define
class AgendaItemView:
    """ 
        Attributes:
            code (str): Stable code of the rule, e.g. `mtdents.y12`, `child_exam.m9`.
            label (str): Label of the item (French, as shown to the patient).
            category (AgendaCategory): Kinds of prevention items shown in the agenda (DOMAIN.md §5; seed "agenda
                prévisionnel").
            compulsory (bool): True for a compulsory examination or vaccination.
            window_start (datetime.date): First day the item is due.
            window_end (datetime.date | None): Last day of the window, exclusive; null when open-ended.
            status (ItemStatus): Where an agenda item stands on the day the agenda is computed (DOMAIN.md §5).
            source (str): The rule's source text and version in force when the window opens.
            rule_effective_from (datetime.date | None): Null for a rule in force since always.
            care_without_advance_payment_months (int | None): Months after the exam during which care needs no advance
                payment; null when not applicable.
            completed_on (datetime.date | None): When it was done (from the record); null otherwise.
     """

    code: str
    label: str
    category: AgendaCategory
    compulsory: bool
    window_start: datetime.date
    window_end: datetime.date | None
    status: ItemStatus
    source: str
    rule_effective_from: datetime.date | None
    care_without_advance_payment_months: int | None
    completed_on: datetime.date | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        code = self.code

        label = self.label

        category = self.category.value

        compulsory = self.compulsory

        window_start = self.window_start.isoformat()

        window_end: None | str
        if isinstance(self.window_end, datetime.date):
            window_end = self.window_end.isoformat()
        else:
            window_end = self.window_end

        status = self.status.value

        source = self.source

        rule_effective_from: None | str
        if isinstance(self.rule_effective_from, datetime.date):
            rule_effective_from = self.rule_effective_from.isoformat()
        else:
            rule_effective_from = self.rule_effective_from

        care_without_advance_payment_months: int | None
        care_without_advance_payment_months = self.care_without_advance_payment_months

        completed_on: None | str
        if isinstance(self.completed_on, datetime.date):
            completed_on = self.completed_on.isoformat()
        else:
            completed_on = self.completed_on


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "code": code,
            "label": label,
            "category": category,
            "compulsory": compulsory,
            "window_start": window_start,
            "window_end": window_end,
            "status": status,
            "source": source,
            "rule_effective_from": rule_effective_from,
            "care_without_advance_payment_months": care_without_advance_payment_months,
            "completed_on": completed_on,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        label = d.pop("label")

        category = AgendaCategory(d.pop("category"))




        compulsory = d.pop("compulsory")

        window_start = datetime.date.fromisoformat(d.pop("window_start"))




        def _parse_window_end(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                window_end_type_0 = datetime.date.fromisoformat(data)



                return window_end_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        window_end = _parse_window_end(d.pop("window_end"))


        status = ItemStatus(d.pop("status"))




        source = d.pop("source")

        def _parse_rule_effective_from(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                rule_effective_from_type_0 = datetime.date.fromisoformat(data)



                return rule_effective_from_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        rule_effective_from = _parse_rule_effective_from(d.pop("rule_effective_from"))


        def _parse_care_without_advance_payment_months(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        care_without_advance_payment_months = _parse_care_without_advance_payment_months(d.pop("care_without_advance_payment_months"))


        def _parse_completed_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                completed_on_type_0 = datetime.date.fromisoformat(data)



                return completed_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        completed_on = _parse_completed_on(d.pop("completed_on"))


        agenda_item_view = cls(
            code=code,
            label=label,
            category=category,
            compulsory=compulsory,
            window_start=window_start,
            window_end=window_end,
            status=status,
            source=source,
            rule_effective_from=rule_effective_from,
            care_without_advance_payment_months=care_without_advance_payment_months,
            completed_on=completed_on,
        )


        agenda_item_view.additional_properties = d
        return agenda_item_view

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
