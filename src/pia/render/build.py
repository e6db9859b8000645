"""Build the print model of a document: what every output format prints, in order.

Top-level sections become parts; nested sections and numbered repeat elements become
group rows of the part's two-column table; the per-file elements of Ⅱ/(別添2)/Ⅲ become
headings 「(1) …」; ``layout: table`` repeats become tables.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from pia.document.access import element_heading
from pia.document.images import NO_ATTACHMENTS, Attachments, ImageError, ImageRef, checked_figure, image_refs
from pia.document.model import BODY_TYPES, Document
from pia.document.paths import ElementPath
from pia.document.public import public_document
from pia.document.roles import role_value
from pia.document.walk import resolve_in_scopes
from pia.forms.confidence import edition_note
from pia.forms.model import FormTemplate, Item, Kind
from pia.forms.registry import get_form
from pia.render.errors import RenderError, check_printed_rows
from pia.render.marks import NO_MARKS, ChangeMarks, Removal
from pia.render.model import (
    Block,
    Cell,
    CoverField,
    Figure,
    Heading,
    Mark,
    Part,
    PrintDocument,
    Row,
    Rows,
    Slot,
    Table,
    Value,
    ValueKind,
)
from pia.render.tree import Node, occurrence_tree
from pia.render.values import print_value, value_text

COVER_ID = "cover"
INDEX_ID = "index"
OFFICE_ROLES = ("jimu_name", "name")  # ①事務の名称, else 評価書名: the page header
LINE_CHARS = 52  # full-width characters on a line of A4 body text at 9.5 pt
MARK_NOTE = "赤字は前回の版からの変更箇所、取消線は削除された記載です。"

Emitted = Row | Heading | Table | Figure
NUMBERED_LABEL = re.compile(r"^[①-⑳㉑-㉟]")  # 「①システムの名称」: a numbered item of the form
SLOT_LABEL = re.compile(r"^[(（]\s*[)）](.*)$")  # 「( )件」: a slot printed in the row before it


def build_print(
    document: Document,
    template: FormTemplate | None = None,
    *,
    public: bool = False,
    marks: ChangeMarks = NO_MARKS,
    draft: bool = False,
    attachments: Attachments = NO_ATTACHMENTS,
) -> PrintDocument:
    """The print model of a document.

    ``attachments``: the bytes of the figures the document references (by SHA-256); a figure
    whose bytes are missing or do not match is a RenderError naming the item, never left out.

    ``draft``: printed with validation errors; its colophon says how sure the form data of the
    edition are (:func:`pia.forms.confidence.edition_note`), unless it is also ``public``.
    ``public``: the public edition (:func:`pia.document.public.public_document`: withheld items
    print 「(非公表)」); its ``marks`` must then come from public changes
    (``marks_between(old, new, public=True)``), else ValueError: a struck-through removed text
    could carry a withheld value."""
    template = template or get_form(document.form, document.edition)
    if public:
        if marks and not marks.public:
            raise ValueError("公表用の出力には公表用の変更箇所(非公表の値を含まないもの)が必要です")
        document = public_document(document, template)
    builder, roots = _Builder(template, marks, public, attachments), occurrence_tree(document, template)
    parts = tuple(builder.part(n) for n in roots if n.occ.item.id not in (COVER_ID, INDEX_ID))
    check_printed_rows(sum(_rows(b) for p in parts for b in p.blocks), template.title)
    return PrintDocument(
        template.title,
        template.edition_label,
        _office(document, template),
        BODY_TYPES.get(document.body_type, document.body_type),
        cover=tuple(builder.cover(roots)),
        index=tuple(builder.index(roots)),
        parts=parts,
        public=public,
        draft=draft,
        marked=bool(marks),
        notes=(MARK_NOTE,) if marks else (),
        index_title=_index_title(roots),
        colophon=(edition_note(template),) if draft and not public else (),
    )


def _rows(block: Block) -> int:
    return len(block.rows) if isinstance(block, (Rows, Table)) else 1


def _index_title(roots: list[Node]) -> str:
    return next((n.occ.item.label for n in roots if n.occ.item.id == INDEX_ID), "")


def _office(document: Document, template: FormTemplate) -> str:
    """The page header: the first of ``OFFICE_ROLES`` with a text value."""
    texts = (role_value(document, role, template) for role in OFFICE_ROLES)
    return next((text.strip() for text in texts if isinstance(text, str) and text.strip()), "")


@dataclass(frozen=True)
class _Builder:
    template: FormTemplate
    marks: ChangeMarks
    public: bool
    attachments: Attachments

    def cover(self, roots: list[Node]) -> Iterator[CoverField]:
        for root in roots:
            if root.occ.item.id != COVER_ID:
                continue
            for child in root.children:
                occ = child.occ
                if occ.item.kind.holds_value:
                    yield CoverField(
                        occ.item.label,
                        self.value(occ.item, occ.value),
                        str(occ.path),
                        self.mark(occ.path),
                        wide=occ.item.kind is Kind.TEXT and not occ.item.role,
                    )

    def index(self, roots: list[Node]) -> Iterator[str]:
        for root in roots:
            if root.occ.item.id == INDEX_ID:
                yield from (child.occ.item.label for child in root.children)

    def part(self, node: Node) -> Part:
        item = node.occ.item
        if item.kind is Kind.REPEAT:
            emitted = list(self.repeat(node, 0))
        elif _full_width(node):
            emitted = []
            for child in node.children:
                occ = child.occ
                if occ.item.kind is Kind.IMAGE:
                    emitted += self.figures(occ.item, occ.value, occ.path, 0)
                else:
                    emitted.append(self.row(occ.item, occ.value, occ.path, 0, label=""))
        else:
            emitted = [e for child in node.children for e in self.emit(child, 0)]
        return Part(item.label, str(node.occ.path), _group_rows(emitted), star=item.star is True)

    def emit(self, node: Node, depth: int) -> Iterator[Emitted]:
        item, occ = node.occ.item, node.occ
        if item.kind is Kind.REPEAT:
            yield from self.repeat(node, depth)
        elif item.kind is Kind.SECTION:
            yield Row(item.label, depth, str(occ.path), star=item.star is True)
            for child in node.children:
                yield from self.emit(child, depth + 1)
        elif item.kind is Kind.HEADING:
            yield self.heading_row(node, depth)
        elif item.kind is Kind.IMAGE:
            yield from self.figures(item, occ.value, occ.path, depth)
        else:
            yield self.row(item, occ.value, occ.path, depth)

    def figures(self, item: Item, value: object, path: ElementPath, depth: int) -> Iterator[Emitted]:
        """The figures of an image item, each at the text width; in a change draft a new or
        changed figure is marked (red frame, 「(図を変更)」) and a removed one follows as
        「【削除】図「…」(file)」. Withheld: the row 「(非公表)」. Blank: nothing (the form prints no box)."""
        if self._withheld(item):
            yield self.row(item, value, path, depth)
            return
        refs = image_refs(value)
        removed = self.marks.removed_value(path)
        if not refs and removed:
            yield _removed_figure_row(item, path, depth, removed)
        before = self.marks.previous_figures(path)
        kept = {(ref.sha256, ref.caption) for ref in before}
        changed = self.mark(path) is Mark.CHANGED
        for ref in refs:
            new = changed and (ref.sha256, ref.caption) not in kept
            yield self.figure(item, ref, path, Mark.CHANGED if new else Mark.NONE)
        shown = {ref.sha256 for ref in refs}
        for ref in before:
            if ref.sha256 not in shown:
                yield _removed_figure_row(item, path, depth, ref.text)

    def figure(self, item: Item, ref: ImageRef, path: ElementPath, mark: Mark) -> Figure:
        try:
            data, info = checked_figure(ref, item, self.attachments)
        except ImageError as exc:
            raise RenderError(f"「{item.label}」: {exc}") from None
        size = info.width, info.height
        return Figure(str(path), ref.caption, ref.file, ref.sha256, info.media_type, *size, data=data, mark=mark)

    def row(self, item: Item, value: object, path: ElementPath, depth: int, label: str | None = None) -> Row:
        return Row(
            item.label if label is None else label,
            depth,
            str(path),
            value=self.value(item, value),
            star=item.star is True,
            mark=self.mark(path),
            removed="" if self._withheld(item) else self.marks.removed_value(path),
        )

    def heading_row(self, node: Node, depth: int) -> Row:
        """A heading row; 「1.特定個人情報ファイル名」 of Ⅲ also shows the file's name."""
        item, occ = node.occ.item, node.occ
        title = self._repeat_title_item(item)
        if title is None or not occ.scopes[1:]:
            return Row(item.label, depth, str(occ.path))
        path = _path_in(self.template, title.id, occ.path)
        value = resolve_in_scopes(self.template, title.id, occ.scopes)
        return self.row(title, value, path, depth, item.label)

    def _repeat_title_item(self, item: Item) -> Item | None:
        """The title item of the enclosing repeat, when this heading carries its label."""
        chain = self.template.repeat_chain(item.id)
        if not chain or not chain[-1].title_item:
            return None
        title = self.template.item(chain[-1].title_item)
        return title if title.label == item.label and title.id != item.id else None

    def repeat(self, node: Node, depth: int) -> Iterator[Emitted]:
        item = node.occ.item
        if item.layout == "table":
            yield self.table(node)
            return
        if _free_text(item):
            yield self.free_text(node, depth)
            return
        inner = depth
        if _labelled(item):
            yield Row(item.label, depth, str(node.occ.path), star=item.star is True)
            inner = depth + 1
        for element in node.children:
            yield from self.element(element, inner)
        for removal in self.marks.removed_elements(node.occ.path):
            yield _removed_row(removal, inner)

    def element(self, node: Node, depth: int) -> Iterator[Emitted]:
        repeat, occ = node.occ.item, node.occ
        heading = element_heading(repeat, occ.value, occ.index or 0)
        if len(self.template.ancestors(repeat.id)) <= 1:
            yield Heading(heading, 2, str(occ.path))
            for child in node.children:
                yield from self.emit(child, 0)
            return
        title = next((c for c in node.children if c.occ.item.id == repeat.title_item), None)
        own_row = title is not None and _title_keeps_row(repeat, title.occ.item)
        yield self.element_row(repeat, heading, None if own_row else title, occ.path, depth)
        for child in node.children:
            if child is not title or own_row:
                yield from self.emit(child, depth + 1)

    def free_text(self, node: Node, depth: int) -> Row:
        """The form's one free-text cell for blocks the body heads itself (その他のリスク及びその
        リスクに対する措置): its label, and the blocks as the body writes them, 「【…】」,
        「(リスク①)」 and its text, 「(リスク①に対する措置)」 and its text. Red when anything in
        it changed; removed blocks and texts follow, struck through."""
        repeat = node.occ.item
        seen = _Seen([node.occ.path], [])
        self._repeat_removals(node, seen)
        lines = [line for element in node.children for line in self._block_lines(element, "", seen)]
        withheld = any(self._withheld(n.occ.item) for n in _descendants(node))
        removed = seen.removed + [self.marks.removed_value(p) for p in seen.paths]
        return Row(
            repeat.label,
            depth,
            str(node.occ.path),
            value=Value(ValueKind.TEXT, "\n".join(lines)),
            star=repeat.star is True,
            mark=Mark.CHANGED if any(self.mark(p) is Mark.CHANGED for p in seen.paths) else Mark.NONE,
            removed="" if withheld else "\n".join(r for r in removed if r),
        )

    def _block_lines(self, element: Node, heading: str, seen: _Seen) -> list[str]:
        """The lines of one element: each filled text, under its heading in a nested element
        (「(リスク①)」, and 「(リスク①に対する措置)」: the label's words after the repeat's label)."""
        seen.paths.append(element.occ.path)
        lines: list[str] = []
        for child in element.children:
            occ = child.occ
            seen.paths.append(occ.path)
            if occ.item.kind is Kind.REPEAT:
                self._repeat_removals(child, seen)
                for inner in child.children:
                    title = element_heading(occ.item, inner.occ.value, inner.occ.index or 0)
                    lines += self._block_lines(inner, title, seen)
                continue
            text = self.value(occ.item, occ.value).text if occ.item.kind.holds_value else ""
            if not text:
                continue
            parent = self.template.parent(occ.item.id)
            if heading and parent is not None:
                lines.append(_sub_heading(heading, parent.label, occ.item.label))
            lines.append(text)
        return lines

    def _repeat_removals(self, repeat: Node, seen: _Seen) -> None:
        seen.removed += [r.before or r.label for r in self.marks.removed_elements(repeat.occ.path)]

    def element_row(self, repeat: Item, heading: str, title: Node | None, path: ElementPath, depth: int) -> Row:
        """「委託事項2 | 名称」 when the heading is numbered; the title alone (a value) when it is
        the whole heading (その他のリスクの見出し); else (no title, or a title that keeps its
        own row) the heading as a group caption."""
        if title is None:
            return Row(heading, depth, str(path))
        occ = title.occ
        label = "" if repeat.heading.strip() == "{title}" else heading
        return self.row(occ.item, occ.value, occ.path, depth, label)

    def table(self, node: Node) -> Table:
        repeat = node.occ.item
        columns = tuple(c.label for c in repeat.children if c.kind.holds_value)
        rows = [tuple(self.cell(child) for child in element.children) for element in node.children]
        width = len(columns)
        rows += [_removed_cells(r, width) for r in self.marks.removed_elements(node.occ.path)]
        return Table(columns, tuple(rows), caption=repeat.label, widths=_widths(columns, rows))

    def cell(self, node: Node) -> Cell:
        occ = node.occ
        if self._withheld(occ.item):
            return Cell(print_value(occ.item, None, withhold=True).text, self.mark(occ.path))
        return Cell(value_text(occ.item, occ.value), self.mark(occ.path))

    def value(self, item: Item, value: object) -> Value:
        return print_value(item, value, withhold=self._withheld(item))

    def mark(self, path: ElementPath) -> Mark:
        return self.marks.mark(path) if self.marks.changed else Mark.NONE

    def _withheld(self, item: Item) -> bool:
        """Printed 「(非公表)」 even when blank (whether it is filled is not shown either)."""
        return self.public and self.template.is_withheld(item.id)


def _full_width(part: Node) -> bool:
    """A part holding one text under its own title ((別添1) 事務の内容), and perhaps figures,
    prints them full width, without labels."""
    texts = [c.occ.item for c in part.children if c.occ.item.kind is not Kind.IMAGE]
    return len(texts) == 1 and texts[0].kind is Kind.TEXT and texts[0].label == part.occ.item.label


@dataclass
class _Seen:
    """What a free-text cell printed (paths, for its mark) and the removed texts it must show."""

    paths: list[ElementPath]
    removed: list[str]


def _free_text(repeat: Item) -> bool:
    """A repeat whose elements the body heads itself (``heading: "{title}"``) is one free-text
    cell of the form, not rows of labels the form does not print."""
    return repeat.heading.strip() == "{title}"


def _sub_heading(heading: str, repeat_label: str, label: str) -> str:
    """「(リスク①)」 for the item named like its repeat (リスク), 「(リスク①に対する措置)」 for
    リスクに対する措置: the heading with the label's words after the repeat's label."""
    if label == repeat_label or not label.startswith(repeat_label):
        return heading if label == repeat_label else f"{heading}{label}"
    inner = heading[1:-1] if heading.startswith("(") and heading.endswith(")") else heading
    return f"({inner}{label[len(repeat_label) :]})"


def _descendants(node: Node) -> Iterator[Node]:
    for child in node.children:
        yield child
        yield from _descendants(child)


def title_row_needed(repeat: Item) -> bool:
    """The title item keeps its own row unless the element's row already shows it."""
    heading = repeat.heading.strip()
    return "{title}" in heading and heading != "{title}"


def _title_keeps_row(repeat: Item, title: Item) -> bool:
    """A title the form prints as a numbered item (「①システムの名称」 under 「システム1」) keeps its
    row; a title the form prints only as a value (委託事項名 beside 「委託事項1」) joins the heading."""
    return title_row_needed(repeat) or bool(NUMBERED_LABEL.match(title.label))


def _attach_slots(emitted: list[Emitted]) -> list[Emitted]:
    """A slot item (「( )件」) is printed inside the value cell of the row before it, as the form
    has 「[委託する] … (2)件」, not as a row of its own."""
    out: list[Emitted] = []
    for node in emitted:
        slot = SLOT_LABEL.match(node.label) if isinstance(node, Row) and node.value is not None else None
        before = out[-1] if out else None
        if (
            slot
            and isinstance(node, Row)
            and isinstance(before, Row)
            and before.value is not None
            and not before.suffix
        ):
            text = node.value.text if node.value is not None else ""
            out[-1] = replace(before, suffix=Slot(text, slot.group(1), node.path, node.mark))
            continue
        out.append(node)
    return out


def _labelled(repeat: Item) -> bool:
    """A repeat prints its own label when its elements are not numbered (その他のリスク …)."""
    return not any(key in repeat.heading for key in ("{n}", "{circled}"))


def _removed_figure_row(item: Item, path: ElementPath, depth: int, before: str) -> Row:
    return Row(item.label, depth, str(path), Value(ValueKind.TEXT, ""), mark=Mark.REMOVED, removed=before)


def _removed_row(removal: Removal, depth: int) -> Row:
    return Row(removal.label, depth, removal.path, Value(ValueKind.TEXT, ""), mark=Mark.REMOVED, removed=removal.before)


def _removed_cells(removal: Removal, width: int) -> tuple[Cell, ...]:
    first = Cell(removal.before or removal.label, Mark.REMOVED)
    return (first, *(Cell("", Mark.REMOVED) for _ in range(width - 1)))


def _widths(columns: tuple[str, ...], rows: list[tuple[Cell, ...]]) -> tuple[float, ...]:
    """Relative column widths (shared by all formats): a column gets room for its title (or
    five characters of it) and for up to ten characters of its typical text; what is left
    of the line goes to the columns whose texts are longer."""
    base, excess = [], []
    for n, title in enumerate(columns):
        lengths = sorted(len(row[n].text) for row in rows if n < len(row)) or [0]
        typical = lengths[len(lengths) * 3 // 4]
        base.append(max(min(len(title) + 2, 7), min(typical, 10)))
        excess.append(max(min(typical, 60) - base[-1], 0))
    spare = max(LINE_CHARS - sum(base), 0)
    weights = [b + spare * e / (sum(excess) or 1) for b, e in zip(base, excess, strict=True)]
    return tuple(round(w / sum(weights), 4) for w in weights)


def _path_in(template: FormTemplate, item_id: str, where: ElementPath) -> ElementPath:
    """Path of ``item_id`` in the elements of ``where`` (repeats sharing a group share elements)."""
    chain = template.repeat_chain(item_id)
    selectors = tuple((r.id, eid) for r, (_, eid) in zip(chain, where.selectors, strict=False))
    return ElementPath(item_id, selectors)


def _group_rows(emitted: list[Emitted]) -> tuple[Block, ...]:
    """Consecutive rows become one Rows block (one two-column table in print)."""
    blocks: list[Block] = []
    pending: list[Row] = []
    for node in _attach_slots(emitted):
        if isinstance(node, Row):
            pending.append(node)
            continue
        if pending:
            blocks.append(Rows(tuple(pending)))
            pending = []
        blocks.append(node)
    if pending:
        blocks.append(Rows(tuple(pending)))
    return tuple(blocks)
