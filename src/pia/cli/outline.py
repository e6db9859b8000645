"""A readable, indented outline of a document (``pia show``): what applies, in printed order.

An item whose form data are not verified carries its mark after the label (〔推定〕, 〔一部確認〕,
``pia.forms.confidence``), and a legend follows the title line when any is shown."""

from __future__ import annotations

from collections.abc import Iterator

from pia.document.access import element_heading
from pia.document.display import display_value
from pia.document.model import BODY_TYPES, Document
from pia.document.values import is_filled
from pia.document.walk import Occurrence, walk
from pia.forms.confidence import legend, mark
from pia.forms.model import FormTemplate, Item, Kind
from pia.rules.conditions import applies


def outline(document: Document, template: FormTemplate, include_empty: bool = False) -> Iterator[str]:
    yield f"{template.title} {template.edition_label}({BODY_TYPES[document.body_type]})"
    lines = list(_lines(document, template, include_empty))
    if any(mark(template.item(item_id)) for item_id, _ in lines):
        yield f"(様式データの確かさ: {legend()})"
    yield from (line for _, line in lines)


def _lines(document: Document, template: FormTemplate, include_empty: bool) -> Iterator[tuple[str, str]]:
    for occ in walk(document, template):
        if not applies(template, occ.item.id, occ.scopes, document.body_type):
            continue
        line = _line(template, occ, include_empty)
        if line is not None:
            depth = len(template.ancestors(occ.item.id)) + len(occ.path.selectors)
            yield occ.item.id, "  " * depth + line.replace("\n", "\n" + "  " * depth + "    ")


def _line(template: FormTemplate, occ: Occurrence, include_empty: bool) -> str | None:
    item = occ.item
    if occ.is_element and isinstance(occ.value, dict) and occ.index is not None:
        return f"■ {element_heading(item, occ.value, occ.index)}"
    if item.kind is Kind.SECTION or (item.kind is Kind.REPEAT and template.parent(item.id) is None):
        return _label(item)
    if item.kind is Kind.HEADING:
        return f"・{_label(item)}"
    if item.kind is Kind.REPEAT or _is_shown_in_heading(template, item.id):
        return None
    if include_empty or is_filled(occ.value):
        return f"{_label(item)}: {display_value(item, occ.value)}"
    return None


def _label(item: Item) -> str:
    """「②事務の内容 ※〔推定〕」: the label, the ※ of an important item, the confidence mark."""
    return f"{item.label}{' ※' if item.star else ''}{mark(item)}"


def _is_shown_in_heading(template: FormTemplate, item_id: str) -> bool:
    parent = template.parent(item_id)
    return parent is not None and parent.title_item == item_id and "{title}" in parent.heading
