"""Where the reading is in the form, and which label or element heading a piece starts with.

The matcher knows the labels of an edition (``pia.imports.labels``) and where the reading is:
``pos`` (the next position in printed order), ``last`` (the item just read) and ``visits``
(per repeat being read, how many of its elements were headed). A label is expected when its
item is ahead within ``WINDOW`` and in the part being read (see ``expected``); a heading when it
numbers the next element of a repeat being read, or the first of one ahead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pia.forms.model import FormTemplate, Item, Kind
from pia.imports.labels import SHORT_LABEL, SLOT, FormLabels, Heading, form_labels
from pia.imports.normalize import compact, nfkc, strip_numbering, tail_after
from pia.imports.source import Piece

WINDOW = 80  # how far ahead in printed order a label may be (items the source left out)
LABEL_PIECES = 5  # a label broken over at most this many lines
LABEL_ROWS = 3  # a label's next line within this many lines (a value centred beside it lies between)
LOOKAHEAD = 12  # pieces looked at for the next lines of a label


@dataclass
class Found:
    """A label or an element heading found at a piece."""

    items: tuple[Item, ...] = ()
    heading: Heading | None = None
    number: int = 0
    last: int = 0  # index of the piece where the label ends
    rest: str = ""  # the text of that piece after the label (verbatim)
    lines: tuple[int, ...] = ()  # the later pieces the label took (read: skip them)
    title: str = ""  # a heading's title text (verbatim)
    covers: bool = False  # a label that is the whole of its piece (its slot's value aside)


@dataclass
class Matcher:
    template: FormTemplate
    pieces: list[Piece]
    cells: bool = False  # pieces are cells of a grid (XLSX, DOCX tables)
    pos: int = 0
    last: int = -1
    visits: dict[str, int] = field(default_factory=dict)  # repeat id -> elements headed in this pass

    def __post_init__(self) -> None:
        self.labels: FormLabels = form_labels(self.template)
        self.norms = [nfkc(p.text).strip() for p in self.pieces]
        self.heads = [compact(strip_numbering(n)) if n else "" for n in self.norms]
        self.keys = [head[:1] for head in self.heads]
        slotted = {id(label): label for row in self.labels.by_first.values() for label in row if SLOT in label.core}
        self.slot_labels = list(slotted.values())  # 「( )件」: read inside another value's cell too

    def match(self, index: int) -> Found | None:
        norm = self.norms[index]
        if not norm:
            return None
        heading = self.heading(index)
        if heading is not None and heading.heading is not None and heading.heading.repeat.id in self.visits:
            whole = self.label(index)  # 「(2)件」 is the ( )件 of this element, not a file 「(2) …」
            return whole if whole is not None and whole.covers else heading  # else the next element
        label = self.label(index)
        if heading is None or label is None:
            return heading or label
        ahead = self.labels.order[heading.heading.repeat.id] if heading.heading else 0
        return label if self.labels.order[label.items[0].id] < ahead else heading

    def label(self, index: int) -> Found | None:
        head = self.heads[index]
        candidates = [
            label
            for label in self.labels.by_first.get(self.keys[index], ())
            if head.startswith(label.start) or label.start.startswith(head)  # on this line, or going on
        ]
        if not candidates:
            return None
        joined, bounds, lines = self.joined(index)
        best: tuple[int, tuple[Item, ...], str | None] | None = None
        for label in candidates:
            m = label.pattern.match(joined)
            if m is None:
                continue
            items = tuple(i for i in label.items if self.expected(i))
            if items and (best is None or m.end() > best[0]):
                slot = m.groupdict().get("slot")
                best = (m.end(), items + tuple(i for i in label.items if i not in items), slot)
        if best is None:
            return None
        end, items, slot = best
        if self.pieces[index].optional:  # a sheet's name titles a part: it opens no value
            items = tuple(i for i in items if not i.kind.holds_value or i.kind is Kind.REPEAT)
            if not any(self.expected(i) for i in items):
                return None
        chosen = self.innermost(items, compact(joined))
        last = next(n for n, (start, stop) in enumerate(bounds) if end <= stop)
        start = bounds[last][0]
        consumed = len(compact(joined[start:end]))
        rest = tail_after(self.pieces[lines[last]].text, consumed)
        covers = not rest.strip()  # the label ends its piece
        if slot is not None:  # the value printed inside the label: 「(2)件」
            rest = f"{slot} {rest}".strip()
        found = Found(items=(chosen,), last=lines[last], rest=rest, lines=tuple(lines[1 : last + 1]))
        found.covers = covers
        return found

    def innermost(self, items: tuple[Item, ...], text: str) -> Item:
        """The first item in printed order, or the item inside it that prints the same label
        ((別添1) 事務の内容 and its one text)."""
        expected = [i for i in items if self.expected(i)]
        numbered = [i for i in expected if text.startswith(compact(i.label))]
        if numbered:  # the numbering printed tells 「Ⅳ その他のリスク対策」 from 「3.その他のリスク対策」
            expected = numbered
        if len(expected) > 1:
            expected = [i for i in expected if self.labels.order[i.id] != self.last] or expected
        chosen = min(expected, key=lambda i: self.labels.order[i.id])
        ordered = sorted(items, key=lambda i: self.labels.order[i.id])
        for item in ordered[1:]:
            same = compact(item.label) == compact(chosen.label)
            if same and self.labels.order[chosen.id] < self.labels.order[item.id] < self.labels.end[chosen.id]:
                chosen = item
        return chosen

    def joined(self, index: int) -> tuple[str, list[tuple[int, int]], list[int]]:
        """The piece and what may continue it as a label, joined: the next lines of its column
        (other columns' pieces between them skipped: a value centred beside a label of two
        lines lies between them). Returns the text, each piece's span in it and the pieces'
        indexes."""
        texts: list[str] = []
        bounds: list[tuple[int, int]] = []
        lines: list[int] = []
        offset = 0
        first = self.pieces[index]
        last = index
        for n in range(index, min(index + LOOKAHEAD, len(self.pieces))):
            piece, before = self.pieces[n], self.pieces[last]
            if n > index:
                if len(lines) == LABEL_PIECES or piece.row > before.row + LABEL_ROWS:
                    break
                if not self.continues_label(before, piece, first):
                    continue
            text = self.norms[n]
            texts.append(text)
            bounds.append((offset, offset + len(text)))
            lines.append(n)
            offset += len(text) + 1
            last = n
        return "\n".join(texts), bounds, lines

    def continues_label(self, before: Piece, piece: Piece, first: Piece) -> bool:
        """The next line of the label's column (within ``LABEL_ROWS`` lines, on its page or at
        the top of the next: a long label goes on over a page break)."""
        if piece.row == before.row:
            return False
        page = piece.place.page - before.place.page
        return page in (0, 1) and piece.row > before.row and abs(piece.column - first.column) <= 2

    def expected(self, item: Item) -> bool:
        """An item the reading may move on to: ahead within ``WINDOW``, and in the part being
        read unless it is a part's own title or a long label (a short one such as 「項目」 or
        「期間」 must not carry the reading into a later part)."""
        position = self.labels.order[item.id]
        if position == self.last and (not item.kind.holds_value or self.template.parent(item.id) is None):
            return True  # a part's or section's title printed again (a sheet's name, then its first row)
        if not self.pos <= position < self.pos + WINDOW:
            return False
        part = self.labels.part
        if self.template.parent(item.id) is None or part.get(item.id) == self.part_here():
            return True
        return len(compact(strip_numbering(item.label))) >= 2 * SHORT_LABEL

    def part_here(self) -> str:
        return self.labels.part_at[max(min(self.pos, len(self.labels.part_at)) - 1, 0)]

    def heading(self, index: int) -> Found | None:
        norm = self.norms[index]
        for heading in self.labels.headings:
            m = heading.pattern.match(norm)
            if m is None:
                continue
            repeat = heading.repeat
            number = int(m.group("n"))
            inside = repeat.id in self.visits
            position = self.labels.order[repeat.id]
            ahead = self.pos <= position < self.pos + WINDOW or position == self.last  # its title just read
            if (inside and number == self.visits.get(repeat.id, 0) + 1) or (ahead and number == 1 and not inside):
                pass
            else:
                continue
            title = ""
            if heading.has_title:
                before = len(compact(norm[: m.start("title")]))
                title = tail_after(self.pieces[index].text, before).strip()
                rest = ""
            else:
                rest = tail_after(self.pieces[index].text, len(compact(m.group(0))))
            return Found(heading=heading, number=number, last=index, rest=rest, title=title)
        return None

    def label_at_start(self, text: str) -> Item | None:
        norm = nfkc(text).strip()
        for label in self.labels.by_first.get(compact(strip_numbering(norm))[:1], ()):
            if label.pattern.match(norm) and label.pattern.match(norm).end() == len(norm):  # type: ignore[union-attr]
                items = [i for i in label.items if self.expected(i)]
                if items:
                    return min(items, key=lambda i: self.labels.order[i.id])
        return None

    def slot_line(self, line: str) -> tuple[Item, str] | None:
        """An expected item whose label has a slot, when ``line`` is that label filled in
        (「(2)件」 printed inside the cell of the choice before it): the item and the slot's text."""
        norm = nfkc(line).strip()
        if "(" not in norm:
            return None
        for label in self.slot_labels:
            found = label.pattern.match(norm)
            if found is None or found.end() != len(norm):
                continue
            items = [i for i in label.items if self.expected(i)]
            if items:
                return min(items, key=lambda i: self.labels.order[i.id]), found.group("slot")
        return None
