"""Where a change sits in the 評価書's Ⅰ–Ⅵ structure, and the 【構成】 table of the 概要版.

A place is (top-level section, per-file element when the section repeats per
特定個人情報ファイル, numbered part such as 「4.特定個人情報ファイルの取扱いの委託」).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pia.document.model import Document
from pia.document.paths import ElementPath
from pia.document.walk import elements_of
from pia.forms.model import FormTemplate, Item, Kind
from pia.summary.model import StructureItem, StructureRow

ROMAN_SECTION = re.compile(r"^[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]")
NUMBERED = re.compile(r"^\d+\.")
TRAILING_NOTE = re.compile(r"[(（][^()（）]*[)）]$")


@dataclass(frozen=True)
class Place:
    section: Item
    file_repeat: Item | None
    file_id: str
    part: Item | None

    @property
    def key(self) -> tuple[str, str, str]:
        return self.section.id, self.file_id, self.part.id if self.part else ""


def file_repeat_of(section: Item) -> Item | None:
    """The per-file repeat of a section (Ⅱ, Ⅲ), or the section itself when it repeats ((別添2))."""
    if section.kind is Kind.REPEAT:
        return section
    return next((c for c in section.children if c.kind is Kind.REPEAT and c.title_item), None)


def place_of(template: FormTemplate, path: ElementPath) -> Place:
    chain = [*template.ancestors(path.item_id), template.item(path.item_id)]
    section = chain[0]
    repeat = file_repeat_of(section)
    if repeat is not None and repeat not in chain:
        repeat = None
    file_id = next((element for rid, element in path.selectors if repeat and rid == repeat.id), "")
    start = chain.index(repeat) + 1 if repeat else 1
    part = next((node for node in chain[start:] if NUMBERED.match(node.label)), None)
    return Place(section, repeat, file_id, part)


def short_label(label: str) -> str:
    """A part's label without its trailing parenthetical: 「5.特定個人情報の提供・移転」."""
    return TRAILING_NOTE.sub("", label).strip() or label


def roman_sections(template: FormTemplate) -> list[Item]:
    return [i for i in template.items if i.kind is Kind.SECTION and ROMAN_SECTION.match(i.label)]


def numbered(items: Sequence[Item]) -> list[Item]:
    return [i for i in items if NUMBERED.match(i.label)]


def file_element(document: Document, repeat: Item, file_id: str) -> tuple[int, Mapping[str, Any]] | None:
    for n, element in enumerate(elements_of(document.values, repeat), start=1):
        if isinstance(element, Mapping) and element.get("id") == file_id:
            return n, element
    return None


def _row(label: str, parts: Sequence[Item], places: Sequence[Place], file_id: str) -> StructureRow:
    here = [p for p in places if p.file_id == file_id]
    whole = any(p.part is None for p in here if file_id)
    items = tuple(StructureItem(short_label(i.label), whole or any(p.part is i for p in here)) for i in parts)
    return StructureRow(label, items)


def _section_rows(
    section: Item, label: str, document: Document, places: Sequence[Place], all_files: bool
) -> list[StructureRow]:
    mine = [p for p in places if p.section is section]
    repeat = file_repeat_of(section)
    if repeat is None:
        return [_row(label, numbered(section.children), mine, "")]
    rows = []
    changed_files = {p.file_id for p in mine}
    for n, element in enumerate(elements_of(document.values, repeat), start=1):
        file_id = str(element.get("id")) if isinstance(element, Mapping) else ""
        if all_files or file_id in changed_files:
            rows.append(_row(f"{label} ({n})", numbered(repeat.children), mine, file_id))
    if not rows:
        rows.append(_row(label, numbered(repeat.children), [], ""))
    rest = numbered([c for c in section.children if c is not repeat])
    if rest:
        rows.append(_row(label, rest, [p for p in mine if not p.file_id], ""))
    return rows


def structure_rows(
    template: FormTemplate,
    document: Document,
    places: Sequence[Place],
    labels: Mapping[str, str],
    all_files: bool = False,
) -> tuple[StructureRow, ...]:
    """The 【構成】 rows: each Ⅰ–Ⅵ section (per file where it repeats) with its numbered parts.

    Without ``all_files`` only the files with changes get a row, as in the 熊本市 概要版."""
    rows: list[StructureRow] = []
    for section in roman_sections(template):
        rows += _section_rows(section, labels.get(section.id, section.label), document, places, all_files)
    return tuple(rows)
