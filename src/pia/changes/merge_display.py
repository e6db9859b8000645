"""How the sides of a merge conflict read: values as ``pia.document.display`` prints them,
elements by their printed heading, orders as the list of element titles."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pia.document.access import circled, element_heading
from pia.document.display import display_value
from pia.forms.model import Item

BLANK = "(未記入)"
REMOVED = "(削除)"


def value_text(item: Item | None, value: Any) -> str:
    """A stored value as a person reads it; blank or absent as 「(未記入)」."""
    if value is None:
        return BLANK
    text = display_value(item, value) if item is not None else str(value)
    return text if text.strip() else BLANK


def element_text(repeat: Item, element: Mapping[str, Any] | None, position: int, edited: Sequence[str] = ()) -> str:
    """An element on one side of an element conflict: removed, kept, or kept with edits."""
    if element is None:
        return REMOVED
    heading = element_heading(repeat, element, position)
    if not edited:
        return heading
    return f"{heading}(変更した項目:{'、'.join(edited)})"


def order_text(repeat: Item, ids: Sequence[str], elements: Mapping[str, Mapping[str, Any]]) -> str:
    """A repeat's order as ①②… followed by each element's title (or its heading)."""
    parts = []
    for n, element_id in enumerate(ids, start=1):
        element = elements.get(element_id, {"id": element_id})
        title = str(element.get(repeat.title_item) or "").strip() if repeat.title_item else ""
        parts.append(f"{circled(n)}{title or element_heading(repeat, element, n)}")
    return "、".join(parts)
