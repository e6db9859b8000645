"""A table of the form (a ``layout: table`` repeat) as it is read: its columns, then its rows.

In a sheet or a Word table a row of the grid is a row of the table. In a PDF the lines of one
row continue the cells the layout broke, so a line starts a row when its first column and most
of its cells start afresh; a long table may flow in several columns on a page (its column titles
printed again across the line) and is read flow by flow, page by page. Plain text has no
columns: only a table of one column can be read from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pia.forms.model import Item
from pia.imports.normalize import compact, nfkc, strip_numbering, tail_after
from pia.imports.source import Piece

SLACK = 3.0  # points: a PDF cell may start this far left of its column's title


@dataclass
class Table:
    repeat: Item
    columns: list[tuple[Item, float]]  # column item and where its title starts (-1: not known)
    page: int = 0
    header_row: int = -1
    flows: list[float] = field(default_factory=list)  # where the second, third … flow starts
    groups: dict[tuple[int, int], list[dict[str, list[Piece]]]] = field(default_factory=dict)
    last_row: dict[int, int] = field(default_factory=dict)  # flow -> row of its latest piece
    ends: dict[tuple[int, int], Piece] = field(default_factory=dict)  # (flow, column) -> latest piece

    @property
    def rows(self) -> list[dict[str, list[Piece]]]:
        """The rows read, flow by flow and page by page: {column item id: its lines}."""
        return [row for key in sorted(self.groups) for row in self.groups[key]]

    def flow_of(self, piece: Piece) -> int:
        return sum(1 for start in self.flows if piece.column + SLACK >= start)

    def header_text(self, text: str) -> str:
        """Read more column titles from one piece (「変更日 項目 変更前の記載 …」 as one line);
        returns what is not a column title."""
        rest = text
        while rest.strip():
            norm = compact(nfkc(rest))
            hit = next((c for c in self.repeat.children if norm.startswith(compact(strip_numbering(c.label)))), None)
            if hit is None:
                return rest
            self.columns.append((hit, -1.0))
            rest = tail_after(rest, len(compact(strip_numbering(hit.label))))
        return ""

    def place(self, piece: Piece, line: list[Piece], *, cells: bool) -> bool:
        """Put a piece in its row and column (``line``: the pieces of its line); False when the
        column cannot be told (a line of text holding several cells)."""
        if not self.columns:
            self.columns = [(c, -1.0) for c in self.repeat.children if c.kind.holds_value]
        flow = self.flow_of(piece)
        column = self.column_of(piece, flow, cells=cells)
        if column is None:
            return False
        rows = self.groups.setdefault((piece.place.page, flow), [])
        last_row = self.last_row.get(flow, -1)
        if not rows:
            new_row = True
        elif cells:  # a row of the grid is a row of the table
            new_row = piece.row != last_row
        elif piece.row == last_row:
            new_row = False
        elif len(self.columns) > 1:
            new_row = piece.row_gap or self._starts_row(line, flow)
        else:  # one column: a line is a row unless the layout broke it
            previous = self.ends.get((flow, 0))
            new_row = piece.row_gap or previous is None or not previous.wraps
        if new_row:
            rows.append({})
        rows[-1].setdefault(self.columns[column][0].id, []).append(piece)
        self.last_row[flow] = piece.row
        self.ends[flow, column] = piece
        return True

    def _starts_row(self, line: list[Piece], flow: int) -> bool:
        """(PDF) The line's first column starts afresh and so do most of its cells (their
        columns' last lines were not broken by the layout)."""
        members = [p for p in line if self.flow_of(p) == flow] or line
        fresh = 0
        first_fresh = False
        for member in members:
            column = self.column_of(member, flow, cells=False)
            previous = self.ends.get((flow, column)) if column is not None else None
            if previous is None or not previous.wraps:
                fresh += 1
                first_fresh = first_fresh or column == 0
        return first_fresh and fresh * 2 > len(members)

    def column_of(self, piece: Piece, flow: int = 0, *, cells: bool) -> int | None:
        """The column a piece is in: the last whose title starts at or before it (cells are
        numbered exactly, PDF points with ``SLACK``); None when the titles' places are not known."""
        if len(self.columns) == 1:
            return 0
        shift = self.flows[flow - 1] - self.columns[0][1] if flow else 0.0
        placed = [start + shift for _, start in self.columns]
        if not (all(c >= 0 for c in placed) and any(c > 0 for c in placed[1:])):
            return None
        slack = 0.0 if cells else SLACK
        best = 0
        for n, start in enumerate(placed):
            if piece.column + slack >= start:
                best = n
        return best
