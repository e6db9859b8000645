"""One stored value as printed: choices with their option list, checkboxes box by box.

Dates are printed in 和暦 only, as the forms print them (「令和7年12月1日」); the ISO date
stays in the web pages and the machine exports (JSON/YAML). A text that is not a date
prints as written.
"""

from __future__ import annotations

from typing import Any

from pia.document.display import display_value, printed_date
from pia.document.values import period_bounds, ticked
from pia.forms.model import Item, Kind, Option
from pia.render.model import WITHHELD, CheckOption, ChoiceOption, Value, ValueKind

PERIOD_SEPARATOR = "～"
COUNT_UNIT = "件"  # after a slot that counts the elements of a repeat (check ``slot_count_of``)


def print_value(item: Item, value: Any, *, withhold: bool = False) -> Value:
    """The printed form of an item's value (``withhold``: replaced by 「(非公表)」)."""
    if withhold:
        return Value(ValueKind.WITHHELD, WITHHELD)
    if item.kind is Kind.CHOICE:
        options = tuple(ChoiceOption(o.no, o.label) for o in item.options)
        return Value(ValueKind.CHOICE, _text(value), options=options)
    if item.kind is Kind.CHECKBOX:
        return _checkbox(item, value)
    return Value(ValueKind.TEXT, value_text(item, value))


def value_text(item: Item, value: Any) -> str:
    """Plain text of a value, as a cell of a table or a spreadsheet holds it."""
    if value is None:
        return ""
    if item.kind is Kind.DATE:
        return print_date(str(value)) if str(value).strip() else ""
    if item.kind is Kind.PERIOD:
        return period_text(value)
    if item.kind is Kind.REPEAT:
        return ""
    return display_value(item, value)


def period_text(value: Any) -> str:
    start, end = period_bounds(value)
    if not start and not end:
        return ""
    return f"{print_date(start) if start else ''}{PERIOD_SEPARATOR}{print_date(end) if end else ''}"


print_date = printed_date  # 「令和3年3月31日」: a stored date as the forms print it


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _checkbox(item: Item, value: Any) -> Value:
    chosen = ticked(value)
    counted = {str(c["option"]) for c in item.checks if "slot_count_of" in c}
    captions = [o.group if o.group != (prev.group if prev else "") else "" for prev, o in _with_previous(item)]
    checks = tuple(
        CheckOption(
            o.label,
            o.label in chosen,
            o.text_slot,
            chosen.get(o.label, ""),
            caption,
            COUNT_UNIT if o.label in counted else "",
        )
        for o, caption in zip(item.options, captions, strict=True)
    )
    known = {o.label for o in item.options}
    extra = tuple(CheckOption(label, True, bool(text), text) for label, text in chosen.items() if label not in known)
    return Value(ValueKind.CHECKBOX, display_value(item, value), checks=checks + extra)


def _with_previous(item: Item) -> list[tuple[Option | None, Option]]:
    return list(zip([None, *item.options], item.options, strict=False))
