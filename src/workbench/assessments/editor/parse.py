"""Apply a posted editor form to a working document, and the repeat operations.

Only the inputs that were rendered are posted; anything not posted keeps its stored value,
so hidden (not applicable) items and other sections are never lost.

A repeat's posted order (``…::order``) is checked before anything is built from it, with the
core's rule for element ids (``pia.rules.formats.check_element_ids``: the safe id pattern, no
duplicates, no more than the repeat's ``max_elements``): a refused order keeps the stored
elements (their posted values are still applied) and is reported as a finding at the repeat."""

from __future__ import annotations

import secrets
import unicodedata
from collections.abc import Mapping
from typing import Any

from pia.document import Document, ElementPath, get_value, set_value
from pia.document.access import is_element_path, label_path
from pia.document.values import is_filled
from pia.document.walk import elements_of
from pia.findings import Finding, Severity
from pia.forms import FormTemplate, Item, Kind
from pia.forms.model import DEFAULT_MAX_LENGTH
from pia.rules.formats import check_element_ids
from pia.rules.validation import LABEL_HEADING_CHARS
from workbench.assessments.editor import names

Post = Mapping[str, str]


class EditorOpError(ValueError):
    pass


def apply_post(
    document: Document, template: FormTemplate, section: Item, post: Post, refused: list[Finding] | None = None
) -> Document:
    """A copy of ``document`` with the posted values of ``section`` applied. Posted orders of
    repeats that break the element-id rules are not applied; each is appended to ``refused`` as a
    blocking finding at the repeat (with its printed label and the limit)."""
    result = document.copy()
    _Posted(result, template, post, refused if refused is not None else []).apply(
        section, ElementPath(section.id), result.values
    )
    return result


class _Posted:
    def __init__(self, document: Document, template: FormTemplate, post: Post, refused: list[Finding]) -> None:
        self.document, self.template, self.post, self.refused = document, template, post, refused

    def apply(self, item: Item, path: ElementPath, scope: dict[str, Any]) -> None:
        if item.kind is Kind.REPEAT:
            self.repeat(item, path, scope)
            return
        if item.kind.holds_value:
            _apply_value(item, path, scope, self.post)
        for child in item.children:
            self.apply(child, path.child(child.id), scope)

    def repeat(self, item: Item, path: ElementPath, scope: dict[str, Any]) -> None:
        order = self.post.get(names.name(path, names.ORDER))
        if order is None:
            return
        elements = [e for e in elements_of(scope, item) if isinstance(e, dict)]
        if self.order_accepted(item, path, order, len(elements)):
            old = {e.get("id"): e for e in elements}
            elements = [old.get(eid) or {"id": eid} for eid in order.split(",") if eid]
            scope[item.storage_key] = elements
        for element in elements:
            element_path = path.element(item.id, str(element.get("id", "")))
            for child in item.children:
                self.apply(child, element_path.child(child.id), element)

    def order_accepted(self, item: Item, path: ElementPath, order: str, stored: int) -> bool:
        """The core's element-id rule on the posted ids. A document stored before the limit
        existed may keep its surplus (never grow it), so its elements can still be removed."""
        ids = [eid for eid in order.split(",") if eid]
        problems = list(check_element_ids(item, ids, allowed=max(item.element_limit, stored)))
        if not problems:
            return True
        label = label_path(self.document, self.template, path, LABEL_HEADING_CHARS)
        for code, message in problems[:3]:  # one bad order can hold thousands of ids
            self.refused.append(Finding(code, Severity.ERROR, str(path), f"「{label}」: {message}", label))
        return False


def _apply_value(item: Item, path: ElementPath, scope: dict[str, Any], post: Post) -> None:
    value = _read_value(item, path, post)
    if value is None:
        return
    if not is_filled(value) and item.id not in scope:
        return  # an untouched blank stays absent, so diffs show no noise
    scope[item.id] = value


def _read_value(item: Item, path: ElementPath, post: Post) -> Any:
    """The posted value of one item, or None when the item was not rendered."""
    key = names.name(path)
    if item.kind is Kind.PERIOD:
        start, end = post.get(names.name(path, names.START)), post.get(names.name(path, names.END))
        if start is None or end is None:
            return None
        return {"start": start.strip(), "end": end.strip()}
    if item.kind is Kind.CHECKBOX:
        return _read_checkbox(item, path, post) if names.name(path, names.SHOWN) in post else None
    if item.kind is Kind.CHOICE:
        return post.get(key, "") if names.name(path, names.SHOWN) in post else None
    if item.kind is Kind.IMAGE:
        return _read_figures(item, path, post)
    if key not in post:
        return None
    return _clean_text(item, post[key])


def _clean_text(item: Item, raw: str) -> Any:
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    if item.kind is Kind.NUMBER:
        digits = unicodedata.normalize("NFKC", text).strip().replace(",", "")
        short = len(digits) <= (item.length_limit or DEFAULT_MAX_LENGTH["number"])  # int() of 5,000 digits fails
        return int(digits) if short and digits.isascii() and digits.isdigit() else text.strip()
    if item.kind is Kind.DATE:
        return text.strip()
    return text


def _read_figures(item: Item, path: ElementPath, post: Post) -> list[dict[str, str]] | None:
    """The figures as posted: those not ticked 「削除」, in the order typed (a blank or unreadable
    order keeps the place shown; a figure moved to a place another holds goes after it when moved
    down, before it when moved up), each caption as typed. The hash, file and type come back from
    the page; the view checks that the hashes are the 評価書's (``figures.foreign_figures``)."""
    count = post.get(names.name(path, names.FIGURES))
    if count is None:
        return None
    shown = int(count) if count.isdigit() else 0
    rows: list[tuple[int, int, int, dict[str, str]]] = []
    for no in range(1, min(shown, item.element_limit * 2) + 1):  # never more than a page can show

        def part(name: str, no: int = no) -> str:
            return post.get(names.figure_name(path, no, name), "")

        if not part("sha") or part("remove"):
            continue
        caption = part("caption").replace("\r\n", "\n").replace("\r", "\n").strip()
        ref = {"file": part("file"), "sha256": part("sha"), "media_type": part("type"), "caption": caption}
        typed = unicodedata.normalize("NFKC", part("order")).strip()
        place = int(typed) if typed.isdigit() and len(typed) < 6 else no
        rows.append((place, (place > no) - (place < no), no, ref))
    return [row[3] for row in sorted(rows, key=lambda row: row[:3])]


def _read_checkbox(item: Item, path: ElementPath, post: Post) -> list[Any]:
    ticked: list[Any] = []
    for option in item.options:
        if names.option_name(path, option.no) not in post:
            continue
        slot = post.get(names.slot_name(path, option.no), "").strip() if option.text_slot else ""
        ticked.append({option.label: slot} if slot else option.label)
    return ticked


# --- repeat operations ------------------------------------------------------------------


def apply_op(document: Document, template: FormTemplate, op: str) -> str | None:
    """Add, remove or move a repeat element in place; returns the anchor path to show."""
    verb, _, target = op.partition(":")
    if verb not in ("add", "remove", "up", "down") or not target:
        raise EditorOpError(f"不明な操作です: {op}")
    path = ElementPath.parse(target)
    if verb == "add":
        return _add(document, template, path)
    if not is_element_path(template, path):
        raise EditorOpError("移動・削除する要素が指定されていません。")
    elements = _elements(document, template, ElementPath(path.item_id, path.selectors[:-1]))
    index = next((i for i, e in enumerate(elements) if e.get("id") == path.selectors[-1][1]), None)
    if index is None:
        raise EditorOpError("指定された要素は既にありません。")
    return _move_or_remove(elements, index, verb, path)


def _move_or_remove(elements: list[dict[str, Any]], index: int, verb: str, path: ElementPath) -> str | None:
    if verb == "remove":
        del elements[index]
        return str(ElementPath(path.item_id, path.selectors[:-1]))
    other = index - 1 if verb == "up" else index + 1
    if 0 <= other < len(elements):
        elements[index], elements[other] = elements[other], elements[index]
    return str(path)


def _elements(document: Document, template: FormTemplate, repeat_path: ElementPath) -> list[dict[str, Any]]:
    if template.item(repeat_path.item_id).kind is not Kind.REPEAT:
        raise EditorOpError("繰り返し項目ではありません。")
    elements = get_value(document, template, repeat_path)
    if not isinstance(elements, list):
        elements = []
        set_value(document, template, repeat_path, elements)
    return elements


def _add(document: Document, template: FormTemplate, repeat_path: ElementPath) -> str:
    elements = _elements(document, template, repeat_path)
    repeat = template.item(repeat_path.item_id)
    if len(elements) >= repeat.element_limit:
        raise EditorOpError(
            f"「{repeat.label}」は{repeat.element_limit:,}件までです。これ以上は追加できません"
            "(不要な要素を削除してから追加してください)。"
        )
    taken = {e.get("id") for e in elements if isinstance(e, dict)}
    new_id = _new_id(taken)
    elements.append({"id": new_id})
    return str(repeat_path.element(repeat_path.item_id, new_id))


def _new_id(taken: set[Any]) -> str:
    while True:
        candidate = "e" + secrets.token_hex(3)
        if candidate not in taken:
            return candidate
