"""Recognition: the pieces of a source placed on the items of a form edition.

One pass over the pieces in reading order. A piece that starts with the label of an item
expected at this point of the form (``pia.imports.matching``: the next items in printed order) or
with the heading of the next element of a repeat (「委託事項2」, 「(2) …」) moves the reading on
to that item; the text after a label, up to the next label, is the item's value, read by its
kind (``pia.imports.values``). Tables (``layout: table`` repeats) are read row by row under
their column titles. Whatever is not placed on an item — and is not the form's own printed
text (labels, option lists, the title, the edition label) — is kept as :class:`Unplaced`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pia.document.paths import ElementPath
from pia.document.public import WITHHELD
from pia.forms.model import FormTemplate, Item, Kind
from pia.imports.free_text import read_blocks
from pia.imports.matching import LOOKAHEAD, Found, Matcher
from pia.imports.model import Place, Unplaced
from pia.imports.normalize import compact, nfkc, strip_numbering, tail_after
from pia.imports.source import Piece, join_lines
from pia.imports.tables import Table
from pia.imports.values import read_value


@dataclass
class _Open:
    item: Item
    scope: dict[str, Any]
    chunks: list[Piece] = field(default_factory=list)
    first: str = ""
    place: Place | None = None
    label: Piece | None = None


@dataclass
class Outcome:
    values: dict[str, Any]
    filled: int
    options: int
    unplaced: list[Unplaced]
    withheld: int
    parts: list[str]  # per piece: the id of the part the reading was in after it ("" before the first)


class Recogniser:
    def __init__(self, template: FormTemplate, pieces: list[Piece], *, cells: bool = False) -> None:
        self.template = template
        self.cells = cells  # pieces are cells of a grid (XLSX, DOCX tables): values lie right of labels
        self.matcher = Matcher(template, pieces, cells)
        self.labels = self.matcher.labels
        self.pieces = pieces
        self.positions = {id(piece): n for n, piece in enumerate(pieces)}
        self.norms = self.matcher.norms
        self.values: dict[str, Any] = {}
        self.near = ""
        self.near_path = ""
        self.open: _Open | None = None
        self.table: Table | None = None
        self.current: dict[str, int] = {}  # repeat id -> index of the element being read
        self.consumed: set[int] = set()
        self.stray_row = -1  # a row that started with text fitting no item: none of it goes on a value
        self.index = 0  # the piece being read
        self.label_row: list[tuple[Item, dict[str, Any], float, float]] = []  # item, scope, start, end
        self.filled = 0
        self.options = 0
        self.withheld = 0
        self.unplaced: list[Unplaced] = []
        self.parts: list[str] = []
        self.form_texts = {compact(template.title), compact(template.edition_label)}

    # ------------------------------------------------------------------ the pass
    def run(self) -> Outcome:
        index = 0
        while index < len(self.pieces):
            self.parts[len(self.parts) : index] = [self._part()] * (index - len(self.parts))
            if index in self.consumed:  # a later line of a label read already
                index += 1
                continue
            self.index = index
            found = self.matcher.match(index)
            if found is not None and self._in_free_text(found):
                found = None  # 「(リスク①)」 inside the free-text cell being read
            if found is None:
                self._text(self.pieces[index])
                index += 1
                continue
            self._close()
            self._accept(found, index)
            self.consumed.update(found.lines)
            index += 1
        self.parts[len(self.parts) :] = [self._part()] * (len(self.pieces) - len(self.parts))
        self._close()
        self._close_table()
        return Outcome(self.values, self.filled, self.options, self.unplaced, self.withheld, self.parts)

    def _part(self) -> str:
        """The part the reading is in (where a figure found here belongs)."""
        return self.labels.part.get(self.near, "")

    # ------------------------------------------------------------------ accepting
    def _accept(self, found: Found, index: int) -> None:
        piece = self.pieces[index]
        if not (found.items and any(found.items[0] is entry[0] for entry in self.label_row)):
            self.label_row = []
        if found.heading is not None:
            self._close_table()
            self._element(found, piece)
            return
        item = found.items[0]
        self.near, self.near_path = item.id, ""
        self.matcher.last = self.labels.order[item.id]
        table = self._table_of(item)
        if self.table is not None and table is not self.table.repeat:
            self._close_table()
        self._leave_repeats(item)
        if table is not None:
            self._table_header(table, item, found, index)
            return
        self._close_table()
        self.matcher.pos = self.labels.order[item.id] + 1
        scope = self._scope(item)
        self.near_path = self._path(item)
        if item.kind is Kind.REPEAT:
            self._repeat_label(item, found, piece)
            return
        if item.kind.holds_value:
            self.open = _Open(item, scope, first=found.rest, place=piece.place, label=piece)
            self._maybe_label_row(item, scope, found, index)
            return
        self._section_rest(item, found.rest, piece)

    def _maybe_label_row(self, item: Item, scope: dict[str, Any], found: Found, index: int) -> None:
        """「評価書番号 評価書名」 printed side by side with the values in the row below."""
        rest = found.rest.strip()
        nxt = index + 1
        same_row = nxt < len(self.pieces) and self.pieces[nxt].row == self.pieces[index].row
        if not rest and same_row and not self.label_row:
            beside = self.matcher.match(nxt)
            if beside is not None and beside.items and beside.items[0].kind.holds_value and not beside.rest.strip():
                other = beside.items[0]
                here = self.pieces[index].column
                there = self.pieces[nxt]
                self.label_row = [
                    (item, scope, here, self.pieces[index].end),
                    (other, self._scope(other), there.column, there.end),
                ]
            return
        if rest or not same_row:
            if rest:
                following = self.matcher.label_at_start(rest)
                if (
                    following is not None
                    and following.kind.holds_value
                    and not tail_after(rest, len(compact(strip_numbering(following.label)))).strip()
                ):
                    self.label_row = [(item, scope, -2.0, 0.0), (following, self._scope(following), -1.0, 0.0)]
                    self.matcher.pos = self.labels.order[following.id] + 1
                    self.open = None
            return
        self.label_row = []

    def _section_rest(self, item: Item, rest: str, piece: Piece) -> None:
        """Text after a section's or heading's label: the file name beside Ⅲ's 「1.特定個人情報ファイル名」
        (the element's title, printed again: read as the title, kept when it differs) or text to keep."""
        chain = self.template.repeat_chain(item.id)
        if item.kind is Kind.HEADING and chain and chain[-1].title_item:
            title = self.template.item(chain[-1].title_item)
            if compact(strip_numbering(title.label)) == compact(strip_numbering(item.label)):
                self.open = _Open(title, self._scope(item), first=rest, place=piece.place, label=piece)
                return
        if rest.strip():
            self._keep(rest, piece.place)

    def _repeat_label(self, repeat: Item, found: Found, piece: Piece) -> None:
        if repeat.heading.strip() == "{title}":  # the form's free-text cell (pia.imports.free_text)
            scope = self._scope(repeat, outer_only=True)
            self.open = _Open(repeat, scope, first=found.rest, place=piece.place, label=piece)
            return
        self._section_rest(repeat, found.rest, piece)

    def _element(self, found: Found, piece: Piece) -> None:
        heading = found.heading
        assert heading is not None
        repeat = heading.repeat
        self.near = repeat.id
        self._leave_repeats(repeat)
        self.matcher.visits[repeat.id] = found.number
        scope = self._scope(repeat, outer_only=True)
        element = self._element_at(repeat, scope, found.number)
        self.near_path = self._path(repeat)
        self.matcher.pos = self.labels.order[repeat.id] + 1
        if not repeat.title_item:
            self._section_rest(repeat, found.rest, piece)
            return
        title = self.template.item(repeat.title_item)
        if heading.has_title:
            held = element.get(title.id)
            if found.title and held is None:
                element[title.id] = found.title
                self.filled += 1
            elif found.title and compact(str(held)) != compact(found.title):
                self._keep(found.title, piece.place)
            return
        self.open = _Open(title, element, first=found.rest, place=piece.place, label=piece)

    def _element_at(self, repeat: Item, scope: dict[str, Any], number: int) -> dict[str, Any]:
        elements = scope.setdefault(repeat.storage_key, [])
        while len(elements) < number:
            elements.append({"id": f"e{len(elements) + 1}"})
        self.current[repeat.id] = number - 1
        for inner in repeat.walk():
            if inner is not repeat and inner.kind is Kind.REPEAT:
                self.current.pop(inner.id, None)
                self.matcher.visits.pop(inner.id, None)
        return elements[number - 1]  # type: ignore[no-any-return]

    def _leave_repeats(self, item: Item) -> None:
        """Forget the elements of repeats the reading has left (a later pass starts again at 1)."""
        position = self.labels.order[item.id]
        for repeat_id in list(self.matcher.visits):
            if not self.labels.order[repeat_id] <= position < self.labels.end[repeat_id]:
                self.matcher.visits.pop(repeat_id, None)
                self.current.pop(repeat_id, None)

    def _scope(self, item: Item, *, outer_only: bool = False) -> dict[str, Any]:
        """The dict holding ``item``'s value: the current element of each enclosing repeat (the
        first one, created, when the source headed none)."""
        chain = self.template.repeat_chain(item.id)
        if (outer_only and chain and chain[-1] is item) or (item.kind is Kind.REPEAT and chain and chain[-1] is item):
            chain = chain[:-1]
        scope = self.values
        for repeat in chain:
            elements = scope.setdefault(repeat.storage_key, [])
            index = self.current.get(repeat.id)
            if index is None:
                index = 0
                self.current[repeat.id] = 0
                self.matcher.visits.setdefault(repeat.id, 1)
            while len(elements) <= index:
                elements.append({"id": f"e{len(elements) + 1}"})
            scope = elements[index]
        return scope

    # ------------------------------------------------------------------ tables
    def _table_of(self, item: Item) -> Item | None:
        parent = self.template.parent(item.id)
        if item.kind is Kind.REPEAT and item.layout == "table":
            return item
        if parent is not None and parent.kind is Kind.REPEAT and parent.layout == "table":
            return parent
        return None

    def _table_header(self, table: Item, item: Item, found: Found, index: int) -> None:
        piece = self.pieces[index]
        if item is table:  # the caption
            self._close_table()
            self.matcher.pos = self.labels.order[table.id] + 1
            self.table = Table(table, [], page=piece.place.page)
            if found.rest.strip():
                self._header_text(found.rest, piece)
            return
        if self.table is None or self.table.repeat is not table:
            self._close_table()
            self.matcher.pos = self.labels.order[table.id] + 1
            self.table = Table(table, [], page=piece.place.page)
        first_column = next(c for c in table.children if c.kind.holds_value)
        repeated = any(c is item for c, _ in self.table.columns)
        if repeated and piece.row == self.table.header_row and not self.cells:  # titles again across the line
            if item is first_column and all(abs(piece.column - x) > 3 for x in self.table.flows):
                self.table.flows.append(piece.column)
            return
        if item is first_column and self.table.columns:  # the column titles again: a new header row
            if self.table.rows and any(c is item for c, _ in self.table.columns):
                return  # the table continued on the next page
            for row in self.table.rows:
                for chunks in row.values():
                    for chunk in chunks:
                        self._keep(chunk.text, chunk.place)
            self.table = Table(table, [], page=piece.place.page)
        elif self.table.rows:
            return
        self.table.columns.append((item, piece.column))
        self.table.header_row = piece.row
        if found.rest.strip():
            self._header_text(found.rest, piece)

    def _header_text(self, text: str, piece: Piece) -> None:
        assert self.table is not None
        left = self.table.header_text(text)
        if left.strip():
            self._keep(left, piece.place)

    def _table_cell(self, piece: Piece) -> None:
        assert self.table is not None
        line = [p for p in self.pieces[self.index : self.index + LOOKAHEAD] if p.row == piece.row]
        if not self.table.place(piece, line, cells=self.cells):  # a text line of several cells
            self._keep(piece.text, piece.place)

    def _close_table(self) -> None:
        table, self.table = self.table, None
        if table is None:
            return
        scope = self._scope(table.repeat, outer_only=True)
        elements = scope.setdefault(table.repeat.storage_key, [])
        outer = self._selectors(self.template.repeat_chain(table.repeat.id)[:-1])
        for row in table.rows:
            element: dict[str, Any] = {"id": f"e{len(elements) + 1}"}
            selectors = (*outer, (table.repeat.id, element["id"]))
            for item in table.repeat.children:
                chunks = row.get(item.id)
                if not chunks:
                    continue
                read = read_value(item, join_lines(chunks))
                if read.value is not None:
                    element[item.id] = read.value
                    self.filled += 1
                    self.options += read.options
                if read.rest.strip():
                    self._keep(read.rest, chunks[0].place, item.id, str(ElementPath(item.id, selectors)))
            if len(element) > 1:
                elements.append(element)
        if not elements:
            scope.pop(table.repeat.storage_key, None)

    # ------------------------------------------------------------------ text between labels
    def _text(self, piece: Piece) -> None:
        if not piece.text.strip() or piece.optional:
            return
        if compact(piece.text) in self.form_texts:  # the title, the edition label: the form's own print
            return
        if self.table is not None and self.cells and piece.place.page != self.table.page:
            self._close_table()  # a table ends with its sheet
        if self.table is not None:
            self._table_cell(piece)
            return
        if self.label_row:
            self._label_row_text(piece)
            return
        if self.open is not None and self._continues_value(piece):
            self.open.chunks.append(piece)
            return
        self._keep(piece.text, piece.place)

    def _caption(self, label: Piece) -> bool:
        """(A grid) A label alone in its row: the caption of a box of text under it (the cover's
        宣言 and 特記事項, (別添1))."""
        index = self.positions.get(id(label), -1)
        neighbours = self.pieces[max(index - 1, 0) : index] + self.pieces[index + 1 : index + 2]
        return index >= 0 and all(p.row != label.row for p in neighbours)

    def _in_free_text(self, found: Found) -> bool:
        current = self.open
        if current is None or current.item.kind is not Kind.REPEAT:
            return False
        item = found.heading.repeat if found.heading is not None else found.items[0]
        order = self.labels.order
        return order[current.item.id] < order[item.id] < self.labels.end[current.item.id]

    def _continues_value(self, piece: Piece) -> bool:
        """A value lies right of its label (or in the label's row): in a sheet or a Word table a
        later row's cell in the label's column or left of it is not part of it, nor in a PDF a
        line left of the value's own lines — and neither is the rest of such a row (an item the
        form does not have, with its value)."""
        current = self.open
        assert current is not None
        if piece.row == self.stray_row:
            return False
        if current.label is None or piece.row == current.label.row:
            return True
        if self.cells:
            below = self._caption(current.label) and piece.column >= current.label.column  # a box under it
            inside = piece.place.page == current.label.place.page and (piece.column > current.label.column or below)
        else:
            first = current.chunks[0] if current.chunks else None
            inside = first is None or piece.column >= first.column - 3 or piece.column > current.label.column + 3
        if not inside:
            self.stray_row = piece.row
        return inside

    def _label_row_text(self, piece: Piece) -> None:
        """A value under a row of labels: by column (PDF, XLSX, DOCX) or split at spaces (text)."""
        row = self.label_row
        if all(entry[2] < 0 for entry in row):
            parts = piece.text.strip().split(maxsplit=len(row) - 1)
            for (item, scope, _, _), text in zip(row, parts, strict=False):
                self._set(item, scope, text, piece.place)
            self.label_row = []
            return
        target = row[0]
        if self.cells:
            for entry in row:
                if piece.column >= entry[2]:
                    target = entry
        else:  # PDF: the label whose middle is nearest the value's (labels may be centred)
            middle = (piece.column + max(piece.end, piece.column)) / 2
            target = min(row, key=lambda entry: abs((entry[2] + max(entry[3], entry[2])) / 2 - middle))
        self._set(target[0], target[1], piece.text, piece.place)

    # ------------------------------------------------------------------ values
    def _close(self) -> None:
        current, self.open = self.open, None
        if current is None:
            return
        text = current.first.strip()
        joined = join_lines(current.chunks)
        text = f"{text}\n{joined}" if text and joined else text or joined
        if current.item.kind is Kind.REPEAT:
            self._blocks(current.item, current.scope, text)
            return
        place = current.place or Place(1, 0, 0, "")
        lines = text.split("\n")
        slots = [(n, found) for n, line in enumerate(lines) if n and (found := self.matcher.slot_line(line))]
        for n, _ in reversed(slots):  # 「(2)件」 inside the choice's cell: the ( )件 after it
            del lines[n]
        self._set(current.item, current.scope, "\n".join(lines), place)
        for _, (item, value) in slots:
            self._set(item, self._scope(item), value, place)

    def _blocks(self, repeat: Item, scope: dict[str, Any], text: str) -> None:
        """The blocks of the form's free-text cell (``pia.imports.free_text``)."""
        elements, filled = read_blocks(repeat, text)
        if elements:
            scope[repeat.storage_key] = elements
            self.filled += filled

    def _set(self, item: Item, scope: dict[str, Any], text: str, place: Place) -> None:
        if nfkc(text).strip() == nfkc(WITHHELD):
            self.withheld += 1
            return
        read = read_value(item, text)
        if read.value is not None:
            key = item.storage_key
            if key in scope:
                if scope[key] != read.value:
                    self._keep(text, place, item.id, self._path(item))
                return
            scope[key] = read.value
            self.filled += 1
            self.options += read.options
        if read.rest.strip():
            self._keep(read.rest, place, item.id, self._path(item))

    def _keep(self, text: str, place: Place, near: str = "", path: str = "") -> None:
        """Keep text that fits no item, next to ``near`` (else the item the reading is at)."""
        if text.strip():
            near, path = (near, path) if near else (self.near, self.near_path)
            self.unplaced.append(Unplaced(text.strip(), place, near, path or near))

    def _selectors(self, chain: list[Item]) -> tuple[tuple[str, str], ...]:
        """(repeat id, element id) of the element being read in each repeat of ``chain``."""
        selectors: list[tuple[str, str]] = []
        scope: Any = self.values
        for repeat in chain:
            elements = scope.get(repeat.storage_key) if isinstance(scope, dict) else None
            index = self.current.get(repeat.id)
            if not isinstance(elements, list) or index is None or index >= len(elements):
                break
            scope = elements[index]
            selectors.append((repeat.id, str(scope.get("id", ""))))
        return tuple(selectors)

    def _path(self, item: Item) -> str:
        """The element path of ``item`` where the reading is (a repeat: its element being read)."""
        return str(ElementPath(item.id, self._selectors(self.template.repeat_chain(item.id))))
