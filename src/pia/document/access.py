"""Read and write single values by element path, and print a path as the form labels it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pia.document.model import Document
from pia.document.paths import ElementPath, PathError
from pia.forms.model import FormTemplate, Item, Kind

LABEL_SEPARATOR = " › "


@dataclass(frozen=True)
class Located:
    """Where a path lives: the scope dict holding it and the headings of its elements."""

    scope: dict[str, Any]
    headings: dict[str, str]  # repeat id -> printed heading of the selected element


CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def circled(n: int) -> str:
    return CIRCLED[n - 1] if 1 <= n <= len(CIRCLED) else f"({n})"


def element_heading(repeat: Item, element: Mapping[str, Any], n: int) -> str:
    """Printed heading of a repeat element: ``(2) 本人確認情報ファイル``, ``委託事項2``, ``(リスク①)``."""
    title = str(element.get(repeat.title_item) or "") if repeat.title_item else ""
    text = repeat.heading.format(n=n, title=title, circled=circled(n)).strip() if repeat.heading else ""
    return text or f"{repeat.label}{n}"


def locate(document: Document, template: FormTemplate, path: ElementPath) -> Located:
    """Follow the path's selectors down to the scope that holds the item's value."""
    scope: dict[str, Any] = document.values
    headings: dict[str, str] = {}
    for repeat_id, element_id in path.selectors:
        repeat = template.item(repeat_id)
        elements = scope.get(repeat.storage_key)
        found = _find_element(elements, element_id)
        if found is None:
            raise PathError(f"要素 '{repeat_id}[#{element_id}]' は文書にありません")
        n, element = found
        headings[repeat_id] = element_heading(repeat, element, n)
        scope = element
    return Located(scope, headings)


def _find_element(elements: Any, element_id: str) -> tuple[int, dict[str, Any]] | None:
    if not isinstance(elements, list):
        return None
    for n, element in enumerate(elements, start=1):
        if isinstance(element, dict) and element.get("id") == element_id:
            return n, element
    return None


def is_element_path(template: FormTemplate, path: ElementPath) -> bool:
    """True when the path selects one repeat element (``…itaku[#card]``), not a value."""
    return bool(path.selectors) and path.selectors[-1][0] == path.item_id


def _key(template: FormTemplate, path: ElementPath) -> str:
    if is_element_path(template, path):
        raise PathError(f"'{path}' は繰り返し要素を指しています(値ではありません)")
    return template.item(path.item_id).storage_key


def get_value(document: Document, template: FormTemplate, path: ElementPath) -> Any:
    located = locate(document, template, path)
    if is_element_path(template, path):
        return located.scope
    return located.scope.get(_key(template, path))


def set_value(document: Document, template: FormTemplate, path: ElementPath, value: Any) -> None:
    """Set (or, with None, remove) the value at a path; elements above it must exist."""
    located = locate(document, template, path)
    key = _key(template, path)
    if value is None:
        located.scope.pop(key, None)
    else:
        located.scope[key] = value


def label_path(document: Document, template: FormTemplate, path: ElementPath, heading_chars: int | None = None) -> str:
    """The printed labels leading to an element, e.g.
    「Ⅱ 特定個人情報ファイルの概要 (2) 本人確認情報ファイル › 4.特定個人情報ファイルの取扱いの委託 › 委託事項2」.
    ``heading_chars`` cuts each element heading (a title people typed) after that many characters."""
    try:
        headings = locate(document, template, path).headings
    except PathError:
        headings = {}
    return labels_with(template, path, headings, heading_chars)


def labels_with(
    template: FormTemplate, path: ElementPath, headings: Mapping[str, str], heading_chars: int | None = None
) -> str:
    """:func:`label_path` with the headings of the path's elements already known (repeat id →
    printed heading): a caller walking the document collects them on the way."""
    item = template.item(path.item_id)
    parts: list[str] = []
    for node in [*template.ancestors(item.id), item]:
        if node.kind is Kind.REPEAT and node.id in headings:
            heading = headings[node.id]
            if heading_chars is not None and len(heading) > heading_chars:
                heading = heading[:heading_chars] + "…"
            _append_heading(template, parts, node, heading)
        elif node.kind is not Kind.REPEAT or node is item:
            parts.append(node.label)
    return LABEL_SEPARATOR.join(parts)


def _append_heading(template: FormTemplate, parts: list[str], repeat: Item, heading: str) -> None:
    """A per-file heading is printed on the section's line: 「Ⅱ 特定個人情報ファイルの概要 (2) …」."""
    parent = template.parent(repeat.id)
    if parts and parent is not None and template.parent(parent.id) is None:
        parts[-1] = f"{parts[-1]} {heading}"
    else:
        parts.append(heading)
