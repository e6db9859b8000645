"""The grid of the form-layout XLSX (``pia.render.xlsx_form``): columns, row heights, long texts.

Excel does not fit the height of a merged cell to its text, so every row height is set here
from an estimate of the lines its texts take (full-width characters count two column units,
others one; rounded up, so a row may be a little tall, never cut). A row is at most 409 pt
high in Excel: a longer value is written over several rows, split at its line breaks (or, for
one very long line, between characters), with the label merged down beside all of them.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterator

# Columns A–C hold the label (A and B indent the deeper levels, as the form's blank cells do),
# D–K the value. Widths in Excel column units (about one half-width character each).
INDENT_WIDTHS = (2.5, 2.5)
LABEL_WIDTH = 33.0
VALUE_COLUMNS = 8
VALUE_COLUMN_WIDTH = 7.5
FIRST_VALUE = len(INDENT_WIDTHS) + 1  # column D
LAST = FIRST_VALUE + VALUE_COLUMNS - 1  # column K
CHOICE_SPLIT = FIRST_VALUE + 4  # a short chosen value in D–G, its option list in H–K
WIDTHS = (*INDENT_WIDTHS, LABEL_WIDTH, *([VALUE_COLUMN_WIDTH] * VALUE_COLUMNS))

LINE_PT = 12.0  # one line of 10 pt text (LibreOffice sets ~11 pt, Excel a little more)
PAD_PT = 4.0
MAX_ROW_PT = 400.0  # Excel's limit is 409 pt
MIN_ROW_PT = LINE_PT + PAD_PT
CELL_PAD_UNITS = 1.0  # the cell's own margins


def span_width(first: int, last: int, widths: tuple[float, ...] = WIDTHS) -> float:
    """Width in column units of the columns ``first``..``last`` (0-based, inclusive)."""
    return sum(widths[first : last + 1])


def label_first(depth: int) -> int:
    """The first column of a label at ``depth`` (deeper levels start further right)."""
    return min(depth, len(INDENT_WIDTHS))


def char_units(ch: str) -> float:
    return 1.8 if unicodedata.east_asian_width(ch) in "WFA" else 0.95


def text_lines(text: str, width: float) -> int:
    """Lines ``text`` takes in a wrapped cell ``width`` column units wide (at least 1)."""
    room = max(width - CELL_PAD_UNITS, 4.0)
    return sum(max(1, math.ceil(_units(line) / room)) for line in text.split("\n"))


def row_height(*cells: tuple[str, float]) -> float:
    """Height in points of a row holding these (text, width) cells."""
    lines = max((text_lines(text, width) for text, width in cells), default=1)
    return min(max(lines * LINE_PT + PAD_PT, MIN_ROW_PT), MAX_ROW_PT + PAD_PT)


def chunks(text: str, width: float) -> list[str]:
    """``text`` cut into pieces that each fit one row (at most ``MAX_ROW_PT`` high)."""
    limit = max(int(MAX_ROW_PT // LINE_PT), 1)
    out: list[str] = []
    current: list[str] = []
    used = 0
    for line in _fitting_lines(text, width, limit):
        lines = text_lines(line, width)
        if current and used + lines > limit:
            out.append("\n".join(current))
            current, used = [], 0
        current.append(line)
        used += lines
    out.append("\n".join(current))
    return out


def _fitting_lines(text: str, width: float, limit: int) -> Iterator[str]:
    """The text's lines, a line longer than one row cut between characters."""
    room = max(width - CELL_PAD_UNITS, 4.0) * limit
    for line in text.split("\n"):
        piece, used = "", 0.0
        for ch in line:
            if used + char_units(ch) > room and piece:
                yield piece
                piece, used = "", 0.0
            piece += ch
            used += char_units(ch)
        yield piece


def flow(items: list[str], width: float, gap: str = "　") -> str:
    """``items`` joined by ``gap`` on lines of ``width`` units, a line break only between items
    (「[○] 専用線　[ ] 電子メール」 never breaks inside 「[ ] その他 ( )」 when it fits a line)."""
    room = max(width - CELL_PAD_UNITS, 4.0)
    lines: list[str] = []
    for item in items:
        if lines and _units(lines[-1] + gap + item) <= room:
            lines[-1] += gap + item
        else:
            lines.append(item)
    return "\n".join(lines)


def _units(text: str) -> float:
    return sum(char_units(c) for c in text)
