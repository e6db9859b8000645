"""(別添3) 変更箇所: the rows of the change table, generated from a ChangeList.

Columns as on the form: 変更日, 項目 (as bodies write it: 「Ⅱ (2) 4. 委託事項2 ①」),
変更前の記載, 変更後の記載, 提出時期 (事前/事後), 提出時期に係る説明. The table repeat is
looked up in the form data by its column labels (``bessoe3`` in 様式3/4, ``changes`` in 様式2).
Long texts are shortened with a visible note; the full text stays on the row
(``before_full``/``after_full``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from pia.changes.model import Change, ChangeList
from pia.changes.public import public_revision
from pia.document.access import element_heading, get_value, locate
from pia.document.display import display_value
from pia.document.model import Document
from pia.document.paths import ElementPath, PathError
from pia.document.values import is_filled
from pia.document.walk import elements_of
from pia.errors import PiaError
from pia.forms.model import FormTemplate, Item, Kind
from pia.forms.registry import get_form
from pia.wareki import format_wareki

DEFAULT_MAX_CHARS = 200
OMITTED = "…(以下略、全文は評価書本文を参照)"
BLANK = "(記載なし)"
REMOVED = "(削除)"
TIMINGS = ("事前", "事後")
COLUMNS = {
    "変更日": "date",
    "項目": "item",
    "変更前の記載": "before",
    "変更後の記載": "after",
    "提出時期": "timing",
    "提出時期に係る説明": "timing_note",
}
NOTE_IMPORTANT = "重要な変更に当たるため、変更前に特定個人情報保護評価を再実施"
NOTE_WITH_REASSESSMENT = "特定個人情報保護評価の再実施に合わせて修正"
NOTE_AFTER = "重要な変更に当たらない変更のため、変更後に評価書を修正して提出"


class ChangeTableError(PiaError, ValueError):
    """The rows cannot be made or added: a 提出時期 other than 事前/事後, a form without a
    change table, or a table whose stored value is not a list (message in Japanese)."""


@dataclass(frozen=True)
class ChangeRow:
    date: str  # as printed: 令和8年4月1日
    item: str
    before: str
    after: str
    timing: str  # 事前 | 事後
    timing_note: str
    path: str = ""  # element path of the change ('' for rows already in the document)
    before_full: str = ""
    after_full: str = ""
    # The 項目 as the tables written before the short form have it (the labels of the way down,
    # 「Ⅱ 特定個人情報ファイルの概要 (2) … › 委託事項2 › ①委託内容」), so such a row is still
    # recognised as recorded (``pia.changes.fill``); not printed, not in the JSON.
    breadcrumb: str = ""

    @property
    def shortened(self) -> bool:
        return self.before != self.before_full or self.after != self.after_full

    def to_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        del data["breadcrumb"]
        return data | {"shortened": self.shortened}


def shorten(text: str, max_chars: int = DEFAULT_MAX_CHARS) -> str:
    """The text, or its first part (ending at a sentence or line end when one is near) + a note."""
    if len(text) <= max_chars:
        return text
    cut = text[:max_chars]
    end = max(cut.rfind("。"), cut.rfind("\n"))
    if end >= max_chars // 2:
        cut = cut[: end + 1]
    return cut.rstrip() + OMITTED


# --- describing a change --------------------------------------------------------------------


def element_lines(template: FormTemplate, container: Item, scope: Any) -> list[str]:
    """「label: value」 lines for the filled items of an element, nested elements headed."""
    lines: list[str] = []
    if not isinstance(scope, Mapping):
        return lines
    for child in container.children:
        if child.kind is Kind.REPEAT:
            for n, element in enumerate(elements_of(scope, child), start=1):
                if not isinstance(element, Mapping):
                    continue  # not an element (validation reports it); the numbering stays
                lines.append(element_heading(child, element, n))
                lines.extend(element_lines(template, child, element))
        elif child.kind.holds_value:
            if is_filled(scope.get(child.id)):
                lines.append(f"{child.label}: {display_value(child, scope.get(child.id))}")
        else:
            lines.extend(element_lines(template, child, scope))
    return lines


def _titles(document: Document, template: FormTemplate, change: Change, ids: list[str]) -> str:
    repeat = template.item(change.item_id)
    try:
        stored = get_value(document, template, ElementPath.parse(change.path))
    except PathError:
        stored = []
    names = {
        str(e.get("id")): str(e.get(repeat.title_item) or e.get("id")) for e in stored or [] if isinstance(e, dict)
    }
    return "並び順: " + "、".join(names.get(i, i) for i in ids)


def describe(change: Change, template: FormTemplate, old: Document, new: Document) -> tuple[str, str]:
    """The 変更前の記載 and 変更後の記載 texts of a change (full length)."""
    item = template.item(change.item_id)
    if change.kind == "reordered":
        return _titles(old, template, change, change.before), _titles(new, template, change, change.after)
    if change.is_element:
        before = "\n".join(element_lines(template, item, change.before)) if change.before else BLANK
        after = "\n".join(element_lines(template, item, change.after)) if change.after else REMOVED
        return before or BLANK, after or REMOVED
    before = display_value(item, change.before) if is_filled(change.before) else BLANK
    after = display_value(item, change.after) if is_filled(change.after) else BLANK
    return before, after


# --- the 項目 column ----------------------------------------------------------------------------

_PART_NUMBER = re.compile(r"^(\S+)\s")  # 「Ⅱ」 of 「Ⅱ 特定個人情報ファイルの概要」, 「(別添2)」
_SECTION_NUMBER = re.compile(r"^(\d+\.)")  # 「4.」 of 「4.特定個人情報ファイルの取扱いの委託」
_ITEM_NUMBER = re.compile(r"^([①-⑳㉑-㉟])")  # 「①」 of 「①委託内容」
_FILE_NUMBER = re.compile(r"^(\(\d+\))")  # 「(2)」 of 「(2) 本人確認情報ファイル」
_SLOT = re.compile(r"^[(（]\s*[)）]")  # 「( )件」


def item_reference(template: FormTemplate, path: ElementPath, *documents: Document) -> str:
    """The 項目 of a change as bodies write it: the numbers of the way down, the labels only where
    there is no number — 「Ⅱ (2) 4. 委託事項2 ①」, 「Ⅰ 7. ②」, 「Ⅲ (2) 4. 具体的な方法」. Element
    headings come from the first of ``documents`` holding the element (the new version, else the
    old one for a removed element)."""
    headings: Mapping[str, str] = {}
    for document in documents:
        try:
            headings = locate(document, template, path).headings
            break
        except PathError:
            continue
    item = template.item(path.item_id)
    chain = [*template.ancestors(item.id), item]
    parts: list[str] = []
    for n, node in enumerate(chain):
        last = node is item
        if node.kind is Kind.REPEAT:
            part = _PART_NUMBER.match(node.label) if n == 0 else None  # the per-file repeat of a part
            parts += [part.group(1)] if part else []
            if node.id in headings:
                parts.append(_repeat_reference(node, headings[node.id]))
            elif last:
                parts.append(node.label)
            continue
        if last and n and node.label == chain[0].label:  # (別添1) 事務の内容: the part's only text
            parts = [node.label]
            continue
        pattern = _PART_NUMBER if n == 0 else _ITEM_NUMBER if last else _SECTION_NUMBER
        number = pattern.match(node.label) if len(chain) > 1 or n else None
        parts.append(number.group(1) if number else _slot_label(template, node) if last else node.label)
    return " ".join(parts)


def _slot_label(template: FormTemplate, item: Item) -> str:
    """A slot item (「( )件」) is named with the item it belongs to: 「委託の有無 ( )件」."""
    parent = template.parent(item.id)
    if not _SLOT.match(item.label) or parent is None:
        return item.label
    siblings = list(parent.children)
    at = siblings.index(item)
    return f"{siblings[at - 1].label} {item.label}" if at > 0 else item.label


def _repeat_reference(repeat: Item, heading: str) -> str:
    """「(2)」 for a file, 「委託事項2」 for a numbered element, the repeat's label for an element
    headed only by the title people typed (その他のリスク)."""
    number = _FILE_NUMBER.match(heading)
    if number:
        return number.group(1)
    return repeat.label if repeat.heading.strip() == "{title}" else heading


# --- rows -------------------------------------------------------------------------------------


def change_table(template: FormTemplate) -> Item | None:
    """The repeat holding the 変更箇所 rows: a top-level table whose columns are the official ones."""
    for item in template.items:
        labels = {child.label for child in item.children}
        if item.kind is Kind.REPEAT and set(COLUMNS) <= labels:
            return item
    return None


def is_change_log(template: FormTemplate, item_id: str) -> bool:
    table = change_table(template)
    return table is not None and (item_id == table.id or item_id.startswith(table.id + "."))


def _timing(cl: ChangeList, change: Change, timing: str, note: str) -> tuple[str, str]:
    if cl.verdict == "reassessment":
        return "事前", NOTE_IMPORTANT if change.important else NOTE_WITH_REASSESSMENT
    return timing, note or (NOTE_AFTER if timing == "事後" else "")


def change_rows(
    cl: ChangeList,
    old: Document,
    new: Document,
    date: date,
    *,
    timing: str = "事前",
    timing_note: str = "",
    max_chars: int = DEFAULT_MAX_CHARS,
) -> list[ChangeRow]:
    """One row per change (changes to the change table itself left out).

    In a 再実施 every row is 事前 (the whole document is filed before the change); for a
    修正 ``timing`` and ``timing_note`` say when it is filed and why.

    The rows are public text (the table is printed in the published 評価書): they describe the
    public editions (``pia.changes.public``), so a withheld value is 「(非公表)」 in them."""
    if timing not in TIMINGS:
        raise ChangeTableError(f"提出時期は「事前」か「事後」です: 「{timing}」")
    revision = public_revision(old, new, cl)
    template, cl, old, new = revision.template, revision.changes, revision.old, revision.new
    day = format_wareki(date)
    rows: list[ChangeRow] = []
    for change in cl.changes:
        if not is_change_log(template, change.item_id):
            before, after = describe(change, template, old, new)
            when, note = _timing(cl, change, timing, timing_note)
            short = shorten(before, max_chars), shorten(after, max_chars)
            item = item_reference(template, ElementPath.parse(change.path), new, old)
            rows.append(ChangeRow(day, item, *short, when, note, change.path, before, after, change.label))
    return rows


def existing_rows(document: Document) -> list[ChangeRow]:
    """The rows the document's change table already holds, in order."""
    template = get_form(document.form, document.edition)
    table = change_table(template)
    if table is None:
        return []
    ids = {COLUMNS[child.label]: child.id for child in table.children if child.label in COLUMNS}
    rows = []
    for element in elements_of(document.values, table):
        if not isinstance(element, Mapping):
            continue
        cells = {field: str(element.get(item_id) or "") for field, item_id in ids.items()}
        rows.append(ChangeRow(**cells, before_full=cells["before"], after_full=cells["after"]))
    return rows


def with_rows(document: Document, rows: list[ChangeRow]) -> Document:
    """A copy of the document with the rows appended to its change table."""
    template = get_form(document.form, document.edition)
    table = change_table(template)
    if table is None:
        raise ChangeTableError(f"{template.title} には変更箇所の表がありません")
    result = document.copy()
    elements = result.values.setdefault(table.storage_key, [])
    if not isinstance(elements, list):
        raise ChangeTableError(f"「{table.label}」の値が表(行のリスト)になっていないため、行を追加できません")
    ids = {child.label: child.id for child in table.children}
    taken = {e.get("id") for e in elements if isinstance(e, dict)}
    for row in rows:
        element_id = next(f"change-{n}" for n in range(1, len(taken) + 2) if f"change-{n}" not in taken)
        taken.add(element_id)
        values = {label: getattr(row, field) for label, field in COLUMNS.items()}
        elements.append({"id": element_id, **{ids[label]: value for label, value in values.items()}})
    return result
