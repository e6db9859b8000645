"""The 委託事項 of a filled 評価書 (Ⅱ 特定個人情報ファイルの概要 › 4. 特定個人情報ファイルの取扱いの委託),
found by the form data's structure, not by item ids of one edition.

The 委託事項 is the repeat the form labels 「委託事項」 (one element per 委託事項, titled by its
``title_item``, the 委託事項名); its fields are the children whose printed label, without the
circled number, is the field's name: the 全項目評価書 prints ⑥委託先名 where the 重点項目評価書
prints ③委託先名, and both are 「委託先名」. A 基礎項目評価書 has no 委託事項.

Each 委託事項 is addressed by its element path (``II.file[#jumin].4.itaku[#card-center]``): the ids
of its file and of itself, which stay the same across saves, reordering and edits of its text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pia.document.access import element_heading
from pia.document.model import Document
from pia.document.walk import walk
from pia.forms.model import FormTemplate, Item, Kind
from pia.forms.registry import get_form

REPEAT_LABEL = "委託事項"
# The fields the register reads, by the printed label without its circled number.
FIELDS = {
    "content": "委託内容",
    "confirmation": "委託先名の確認方法",
    "contractor_name": "委託先名",
    "subcontracting": "再委託の有無",
    "subcontract_approval": "再委託の許諾方法",
    "subcontract_items": "再委託事項",
}
_NUMBERING = re.compile(r"\A[①-⑳]\s*")


@dataclass(frozen=True)
class Entrustment:
    """One 委託事項 as the 評価書 says it (every value as text, "" when empty)."""

    path: str  # the element path of the 委託事項
    element_id: str
    heading: str  # 「委託事項2」
    number: int  # its place among the 委託事項 of its file (1-based)
    file_heading: str  # 「(1) 住民基本台帳ファイル」
    name: str  # 委託事項名
    values: dict[str, str] = field(default_factory=dict)  # FIELDS keys → text
    item_ids: dict[str, str] = field(default_factory=dict)  # FIELDS keys → item id in this edition

    @property
    def contractor_name(self) -> str:
        return self.values.get("contractor_name", "")

    @property
    def content(self) -> str:
        return self.values.get("content", "")

    @property
    def label(self) -> str:
        """「(1) 住民基本台帳ファイル › 委託事項2 熊本市マイナンバーカードセンター等運営業務委託」."""
        own = f"{self.heading} {self.name}".strip()
        return f"{self.file_heading} › {own}" if self.file_heading else own


def entrustment_repeat(template: FormTemplate) -> Item | None:
    """The form's 委託事項 repeat, None for a form without one."""
    return next((i for i in template.walk() if i.kind is Kind.REPEAT and i.label == REPEAT_LABEL), None)


def field_items(repeat: Item) -> dict[str, Item]:
    """The children of the 委託事項 repeat that hold the FIELDS, by key."""
    by_name = {_NUMBERING.sub("", child.label).strip(): child for child in repeat.walk() if child is not repeat}
    return {key: by_name[name] for key, name in FIELDS.items() if name in by_name}


def entrustments(document: Document, template: FormTemplate | None = None) -> list[Entrustment]:
    """Every 委託事項 of the document, in printed order."""
    template = template or get_form(document.form, document.edition)
    repeat = entrustment_repeat(template)
    if repeat is None:
        return []
    fields = field_items(repeat)
    enclosing = {a.id for a in template.ancestors(repeat.id) if a.kind is Kind.REPEAT}
    headings: dict[str, str] = {}
    found: list[Entrustment] = []
    for occurrence in walk(document, template):
        if not occurrence.is_element or occurrence.index is None:
            continue
        element: dict[str, Any] = occurrence.value
        if occurrence.item.id in enclosing:
            headings[occurrence.item.id] = element_heading(occurrence.item, element, occurrence.index)
            continue
        if occurrence.item is not repeat:
            continue
        title = str(element.get(repeat.title_item) or "").strip() if repeat.title_item else ""
        found.append(
            Entrustment(
                path=str(occurrence.path),
                element_id=str(element.get("id", "")),
                heading=f"{repeat.label}{occurrence.index}",
                number=occurrence.index,
                file_heading=" › ".join(headings[a.id] for a in template.ancestors(repeat.id) if a.id in headings),
                name=title,
                values={key: _text(element.get(item.id)) for key, item in fields.items()},
                item_ids={key: item.id for key, item in fields.items()},
            )
        )
    return found


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


# Ⅲ 4. 特定個人情報ファイルの取扱いの委託: how the body supervises 再委託先, per file. Found by the
# printed labels (the choice 「再委託先による特定個人情報ファイルの適切な取扱いの確保」 and the
# 「具体的な方法」 text that follows it), like the 委託事項 fields.
SUPERVISION_LABEL = "再委託先による特定個人情報ファイルの適切な取扱いの確保"
METHOD_LABEL = "具体的な方法"
_ELEMENT_ID = re.compile(r"\[#([^\]]+)\]")


def supervision_item(template: FormTemplate) -> Item | None:
    """The 「具体的な方法」 text after the 再委託先 choice of Ⅲ4, None for a form without one."""
    seen_choice = False
    for item in template.walk():
        if _NUMBERING.sub("", item.label).strip() == SUPERVISION_LABEL:
            seen_choice = True
        elif seen_choice and item.label.strip() == METHOD_LABEL:
            return item
    return None


def subcontract_supervision(document: Document, entry: Entrustment, template: FormTemplate | None = None) -> str:
    """Ⅲ4's 具体的な方法 of supervising 再委託先 for the file the 委託事項 belongs to ("" if none)."""
    template = template or get_form(document.form, document.edition)
    item = supervision_item(template)
    found = _ELEMENT_ID.search(entry.path)
    if item is None or found is None:
        return ""
    marker = f"[#{found.group(1)}]"
    for occurrence in walk(document, template):
        if occurrence.item is item and marker in str(occurrence.path):
            return _text(occurrence.value)
    return ""
