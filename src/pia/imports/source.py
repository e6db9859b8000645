"""What every reader gives the recogniser: the source as one stream of text pieces.

A piece is one cell of a row (XLSX, DOCX table), one paragraph (DOCX), one line (text) or one
run of text on a line of a page (PDF), with its :class:`~pia.imports.model.Place`. Pieces come
in reading order; ``row`` groups the pieces printed side by side, ``column`` says where across
the row a piece starts (points on a PDF page, the column or cell number elsewhere), and
``wraps`` that the piece's last line was broken by the layout and goes on in the next piece of
the same column (a soft line break, PDF only).

A source may also hold figures (the diagram of (別添1) 事務の内容): each reader says where they
are (:class:`FigureSpot`: after which piece, on which page or sheet) and how to get their bytes;
which ones are imported depends on the part the recogniser read there (``pia.imports.figures``).
"""

from __future__ import annotations

from collections.abc import Callable
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


@dataclass(frozen=True)
class Picture:
    """One picture of a source: its bytes as stored there (any type: ``pia.imports.figures``
    keeps PNG and JPEG and converts the rest, or refuses it with a note), where it was in words
    (「シート「別添1」B3の画像」) and its caption when the source gives one (Word's alt text).
    ``refused``: why it cannot be taken at all (Japanese), ``data`` then empty."""

    data: bytes
    where: str
    caption: str = ""
    refused: str = ""


@dataclass(frozen=True)
class FigureSpot:
    """Where a source holds pictures: after ``after`` pieces of the stream, on ``page`` (the
    page or sheet number of its pieces' places). ``whole_page``: the spot is a whole page (a
    PDF page) and is searched only when it is in a part that takes figures (searching every page
    would cost the reading time); ``load(max_bytes)`` gives its pictures (a page rasterised
    is made to fit ``max_bytes``)."""

    page: int
    after: int
    load: Callable[[int], list[Picture]]
    whole_page: bool = False


@dataclass
class Source:
    """A read source: its format (a key of ``SOURCE_FORMATS``), page count and pieces."""

    format: str
    pages: int
    pieces: list[Piece] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    figures: list[FigureSpot] = field(default_factory=list)


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
