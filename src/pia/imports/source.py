"""What every reader gives the recogniser: the source as one stream of text pieces.

A piece is one cell of a row (XLSX, DOCX table), one paragraph (DOCX), one line (text) or one
run of text on a line of a page (PDF), with its :class:`~pia.imports.model.Place`. Pieces come
in reading order; ``row`` groups the pieces printed side by side, ``column`` says where across
the row a piece starts (points on a PDF page, the column or cell number elsewhere), and
``wraps`` that the piece's last line was broken by the layout and goes on in the next piece of
the same column (a soft line break, PDF only).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pia.imports.model import Place


@dataclass
class Piece:
    text: str
    place: Place
    row: int
    column: float = 0.0
    wraps: bool = False
    end: float = 0.0  # where across the row the piece ends (PDF points; 0 elsewhere)
    row_gap: bool = False  # (PDF) its line is further below the one above than lines of one cell
    optional: bool = False  # read as a label if it is one, else dropped (a sheet's name)


@dataclass
class Source:
    """A read source: its format (a key of ``SOURCE_FORMATS``), page count and pieces."""

    format: str
    pages: int
    pieces: list[Piece] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def join_lines(pieces: list[Piece]) -> str:
    """The text of consecutive lines of one value: a soft break (the layout's) joins them, a
    hard one stays a line break."""
    out = ""
    for n, piece in enumerate(pieces):
        if n == 0:
            out = piece.text
        elif pieces[n - 1].wraps:
            out += piece.text.lstrip()
        else:
            out += "\n" + piece.text
    return out.strip()
