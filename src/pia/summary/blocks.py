"""3. 主な修正箇所: the changed blocks of the 概要版, their rows and the intro sentence.

A block is one numbered part of one section (per file where the section repeats), e.g.
Ⅱ (2) 本人確認情報ファイル › 4.特定個人情報ファイルの取扱いの委託. Its rows show what is new:
an added element with everything filled in it (nested elements flattened in print order),
a changed value, and, as unmarked context, the heading of the element a value lies in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pia.changes.elements import enclosing_elements
from pia.changes.model import Change
from pia.changes.rows import REMOVED
from pia.document.access import element_heading, locate
from pia.document.display import display_checkbox, display_value
from pia.document.model import Document
from pia.document.paths import ElementPath, PathError
from pia.document.public import WITHHELD
from pia.document.values import is_filled, ticked
from pia.document.walk import elements_of
from pia.forms.model import FormTemplate, Item, Kind
from pia.summary.model import BlockRow, ChangedBlock, OptionMark
from pia.summary.structure import Place, file_element, short_label


def value_row(item: Item, value: Any, new: bool, depth: int, path: str = "") -> BlockRow:
    label = item.label + (" ※" if item.star else "")
    if value == WITHHELD:  # a withheld value of any kind: printed as the marker, no options
        return BlockRow(label, WITHHELD, new, "text", depth, (), path)
    if item.kind is Kind.CHOICE:
        marks = tuple(OptionMark(o.no, o.label, o.label == value) for o in item.options)
        return BlockRow(label, str(value or ""), new, "choice", depth, marks, path)
    if item.kind is Kind.CHECKBOX:
        ticks = ticked(value)
        marks = tuple(
            OptionMark(o.no, o.label, o.label in ticks, ticks.get(o.label, ""), o.text_slot) for o in item.options
        )
        return BlockRow(label, display_checkbox(value), new, "checkbox", depth, marks, path)
    return BlockRow(label, display_value(item, value, printed=True), new, "text", depth, (), path)


def _numbered_heading(repeat: Item) -> bool:
    return "{n}" in repeat.heading or "{circled}" in repeat.heading


def element_rows(repeat: Item, element: Mapping[str, Any], n: int, new: bool, depth: int) -> list[BlockRow]:
    """A caption (for repeats headed by title only), the element heading, then its content."""
    rows: list[BlockRow] = []
    if not _numbered_heading(repeat):
        rows.append(BlockRow(repeat.label, "", new, "caption", depth))
    title = "" if "{title}" in repeat.heading else str(element.get(repeat.title_item) or "")
    rows.append(BlockRow(element_heading(repeat, element, n), title, new, "element", depth))
    rows += content_rows(repeat, element, new, depth + 1, skip=repeat.title_item)
    return rows


def content_rows(container: Item, scope: Mapping[str, Any], new: bool, depth: int, skip: str = "") -> list[BlockRow]:
    rows: list[BlockRow] = []
    for child in container.children:
        if child.kind is Kind.REPEAT:
            for n, element in enumerate(elements_of(scope, child), start=1):
                if isinstance(element, Mapping):  # anything else is no element (the numbering stays)
                    rows += element_rows(child, element, n, new, depth)
        elif child.kind is Kind.HEADING:
            rows.append(BlockRow(child.label, "", new, "heading", depth))
        elif child.kind is Kind.SECTION:
            inner = content_rows(child, scope, new, depth + 1)
            rows += [BlockRow(child.label, "", new, "heading", depth), *inner] if inner else []
        elif child.id != skip and is_filled(scope.get(child.id)):
            rows.append(value_row(child, scope.get(child.id), new, depth))
    return rows


@dataclass
class _Builder:
    """Rows of one block, with the context headings already printed."""

    template: FormTemplate
    new: Document
    base_depth: int  # selectors above the block (the file element)
    rows: list[BlockRow] = field(default_factory=list)
    shown: set[str] = field(default_factory=set)
    added: list[str] = field(default_factory=list)
    modified: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def context(self, path: ElementPath) -> None:
        for element_path in list(enclosing_elements(path))[self.base_depth :]:
            if str(element_path) in self.shown:
                continue
            self.shown.add(str(element_path))
            repeat = self.template.item(element_path.item_id)
            found = _element(self.new, self.template, element_path)
            if found is not None:
                title = "" if "{title}" in repeat.heading else str(found[1].get(repeat.title_item) or "")
                depth = len(element_path.selectors) - self.base_depth - 1
                self.rows.append(BlockRow(element_heading(repeat, found[1], found[0]), title, False, "element", depth))

    def add(self, change: Change) -> None:
        path = ElementPath.parse(change.path)
        self.context(path)
        self.shown.add(change.path)
        depth = max(len(path.selectors) - self.base_depth - (1 if change.is_element else 0), 0)
        item = self.template.item(change.item_id)
        if change.is_element and change.kind == "added":
            self.rows += element_rows(item, change.after, change.index or 1, True, depth)
            self.added.append(_added_name(item, change.after, change.index or 1))
        elif change.is_element:
            name = element_heading(item, change.before, change.index or 1)
            self.rows.append(BlockRow(name, REMOVED, True, "removed", depth, (), change.path))
            self.removed.append(name)
        elif change.kind == "reordered":
            self.rows.append(BlockRow(item.label, "並び順を変更", True, "text", depth, (), change.path))
            self.modified.append(f"{item.label}の並び順")
        else:
            self.rows.append(value_row(item, change.after, True, depth, change.path))
            self.modified.append(item.label)


def _element(document: Document, template: FormTemplate, path: ElementPath) -> tuple[int, Mapping[str, Any]] | None:
    try:
        elements = locate(document, template, ElementPath(path.item_id, path.selectors[:-1])).scope
    except PathError:
        return None
    for n, element in enumerate(elements_of(elements, template.item(path.item_id)), start=1):
        if isinstance(element, Mapping) and element.get("id") == path.selectors[-1][1]:
            return n, element
    return None


def _added_name(repeat: Item, element: Mapping[str, Any], n: int) -> str:
    return element_heading(repeat, element, n) if _numbered_heading(repeat) else repeat.label


def _file_title(place: Place, new: Document, old: Document) -> tuple[int, str] | None:
    if place.file_repeat is None:
        return None
    found = file_element(new, place.file_repeat, place.file_id) or file_element(old, place.file_repeat, place.file_id)
    if found is None:
        return None
    return found[0], str(found[1].get(place.file_repeat.title_item) or place.file_id)


def _names(place: Place, labels: Mapping[str, str], new: Document, old: Document) -> tuple[str, str]:
    """(section text, place text) such as 「Ⅱ …（本人確認情報ファイル）」 and 「Ⅱ … (2)（…） → 4.…」."""
    label = labels.get(place.section.id, place.section.label)
    titled = _file_title(place, new, old)
    section = f"{label}（{titled[1]}）" if titled else label
    where = f"{label} ({titled[0]})（{titled[1]}）" if titled else label
    return section, where + (f" → {short_label(place.part.label)}" if place.part else "")


def build_blocks(
    template: FormTemplate,
    old: Document,
    new: Document,
    placed: Sequence[tuple[Place, Change]],
    labels: Mapping[str, str],
) -> tuple[ChangedBlock, ...]:
    """One block per place, in the order the changes come (printed order)."""
    builders: dict[tuple[str, str, str], tuple[Place, _Builder]] = {}
    for place, change in placed:
        if place.key not in builders:
            depth = 1 if place.file_id else 0
            builders[place.key] = (place, _Builder(template, new, depth))
        builders[place.key][1].add(change)
    blocks = []
    for place, b in builders.values():
        section, where = _names(place, labels, new, old)
        heading = place.part.label if place.part else ""
        blocks.append(
            ChangedBlock(section, heading, where, tuple(b.rows), *map(tuple, (b.added, b.modified, b.removed)))
        )
    return tuple(blocks)


def _quoted(names: Sequence[str], limit: int = 2) -> str:
    shown = "、".join(f"「{n}」" for n in names[:limit])
    return shown + (f"ほか{len(names) - limit}項目" if len(names) > limit else "")


def _block_phrases(block: ChangedBlock) -> list[str]:
    phrases: list[str] = []
    for names, particle, verb in (
        (block.added, "に", "追加"),
        (block.modified, "の", "修正"),
        (block.removed, "から", "削除"),
    ):
        if names:
            where = "" if phrases else f"「{block.place}」{particle}"
            phrases.append(f"{where}{_quoted(names)}を{verb}し")
    return phrases


def intro_sentence(blocks: Sequence[ChangedBlock], subject: str) -> str:
    """「既存の…における「Ⅱ … → 4.…」に「委託事項2」を追加し、…ました。」"""
    phrases = [p for block in blocks for p in _block_phrases(block)]
    if not phrases:
        return f"既存の{subject}の記載内容に変更はありません。"
    return f"既存の{subject}における" + "、".join(phrases) + "ました。"
