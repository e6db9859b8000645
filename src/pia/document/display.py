"""One value as a person reads it: dates in 和暦 beside ISO on screen, in 和暦 only in print (as
the forms print them), ticked boxes listed."""

from __future__ import annotations

from typing import Any

from pia.document.images import image_refs
from pia.document.public import WITHHELD
from pia.document.values import period_bounds, ticked
from pia.forms.model import Item, Kind
from pia.wareki import WarekiError, format_both, format_wareki, parse_date


def display_date(text: str) -> str:
    try:
        return format_both(parse_date(text))
    except WarekiError:
        return text


def printed_date(text: str) -> str:
    """「令和3年3月31日」: a stored date as the forms print it; any other text as written."""
    try:
        return format_wareki(parse_date(text))
    except WarekiError:
        return text


def display_checkbox(value: Any) -> str:
    parts = [f"{label}({text})" if text else label for label, text in ticked(value).items()]
    return "、".join(parts)


def display_period(value: Any) -> str:
    start, end = period_bounds(value)
    try:
        return f"{format_wareki(parse_date(start))}～{format_wareki(parse_date(end))}"
    except WarekiError:
        return f"{start}～{end}" if start or end else ""


def display_value(item: Item, value: Any, *, printed: bool = False) -> str:
    """The value as text; ``printed``: for a printed output (a date in 和暦 only)."""
    if value is None:
        return ""
    if value == WITHHELD:  # a withheld value of any kind, in a public edition
        return WITHHELD
    if item.kind is Kind.CHECKBOX:
        return display_checkbox(value)
    if item.kind is Kind.DATE:
        return printed_date(str(value)) if printed else display_date(str(value))
    if item.kind is Kind.PERIOD:
        return display_period(value)
    if item.kind is Kind.REPEAT:
        return f"{len(value)}件" if isinstance(value, list) else ""
    if item.kind is Kind.IMAGE:
        return display_images(value)
    return str(value)


def display_images(value: Any) -> str:
    """「図「事務の流れ」(bessoe1-figure-1.png)、図(…)」: the figures in words."""
    return "、".join(ref.text for ref in image_refs(value)) if isinstance(value, list) else str(value)
