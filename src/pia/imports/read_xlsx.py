"""XLSX read with openpyxl: every sheet in order, each row's cells left to right.

A merged range is one cell (openpyxl gives its value once, at the top-left cell), so a label
merged over a block of rows is read once. Cell text keeps its line breaks. A column that holds
only machine identifiers (``cover.number``, ``II.file[#jumin].1``: a data export's path column)
is not part of the form and is left out, with a note.

Pictures anchored on a sheet are figure spots (``pia.imports.figures``), after the pieces of
the rows down to the picture's top-left cell. openpyxl drops the pictures it cannot keep (EMF,
WMF, unreadable ones) with a warning: each is a note, so none is lost without a word.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from bisect import bisect_right
from datetime import date, datetime
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from pia.imports.model import ImportRefused, Place
from pia.imports.source import FigureSpot, Picture, Piece, Source

MAX_CELLS = 2_000_000
_MACHINE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*([.\[][A-Za-z0-9_#\-\].\[]*)*$")


def read_xlsx(data: bytes, name: str) -> Source:
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            workbook = load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, ArithmeticError, SyntaxError) as exc:
        # Pillow opens the pictures while openpyxl loads: a broken one raises its own errors
        raise ImportRefused(
            f"{name}: Excel(XLSX)ファイルとして読めません(壊れているおそれがあります: {type(exc).__name__})"
        ) from None
    source = Source("xlsx", len(workbook.worksheets))
    dropped = sum(1 for w in caught if _DROPPED.search(str(w.message)))
    for other in (w for w in caught if not _DROPPED.search(str(w.message))):  # as if not caught
        warnings.warn_explicit(other.message, other.category, other.filename, other.lineno)
    if dropped:
        source.notes.append(
            f"PNG・JPEG などに変換できない形式(EMF・WMF など)の画像が{dropped}件あり、取り込みませんでした。"
            "図は PNG か JPEG にして添付し直してください"
        )
    row_number = 0
    cells_seen = 0
    for sheet_number, sheet in enumerate(workbook.worksheets, start=1):
        cells_seen += (sheet.max_row or 0) * (sheet.max_column or 0)
        if cells_seen > MAX_CELLS:
            raise ImportRefused(f"{name}: セルが多すぎます({MAX_CELLS:,}セルまで取り込めます)")
        rows: list[list[tuple[int, str]]] = []
        real_rows: list[int] = []  # the sheet's row number of each row read
        for row in sheet.iter_rows():
            texts = [(cell.column, _text(cell.value)) for cell in row if cell.value is not None]
            rows.append([(column, text) for column, text in texts if text.strip()])
            real_rows.append(row[0].row if row else len(real_rows) + 1)
        machine = _machine_columns(rows)
        if machine:
            letters = "、".join(get_column_letter(c) for c in sorted(machine))
            source.notes.append(f"シート「{sheet.title}」の{letters}列は識別子だけの列のため読みませんでした")
        row_number += 1
        title_place = Place(sheet_number, 0.0, 0.0, f"シート「{sheet.title}」の名前")
        source.pieces.append(Piece(sheet.title, title_place, row_number, 0.0, optional=True))
        first = len(source.pieces)  # pieces read before the sheet's rows
        ends: list[int] = []  # pieces read after each row
        for row_index, cells in enumerate(rows, start=1):
            row_number += 1
            for column, text in cells:
                if column in machine:
                    continue
                where = f"シート「{sheet.title}」{get_column_letter(column)}{row_index}"
                place = Place(sheet_number, float(column), float(row_index), where)
                source.pieces.append(Piece(text, place, row_number, float(column)))
            ends.append(len(source.pieces))
        source.figures += _figures(sheet, sheet_number, real_rows, ends, first)
    workbook.close()
    return source


_DROPPED = re.compile(r"image.*(removed|dropped)", re.I)  # openpyxl's warning for a picture it drops


def _figures(sheet: Any, sheet_number: int, real_rows: list[int], ends: list[int], first: int) -> list[FigureSpot]:
    """The sheet's pictures, top to bottom, each after the pieces of the rows down to its
    anchor's row (``first``: the pieces read before the sheet's rows)."""
    found = []
    for image in getattr(sheet, "_images", []):
        row, column = _anchor(image.anchor)
        where = f"シート「{sheet.title}」{get_column_letter(column)}{row}の画像"
        try:
            picture = Picture(image._data(), where)
        except (OSError, ValueError) as exc:
            picture = Picture(b"", where, refused=f"画像を読めません({type(exc).__name__})")
        rows_down = bisect_right(real_rows, row)  # rows read at or above the anchor's row
        after = ends[rows_down - 1] if rows_down else first
        found.append((row, column, FigureSpot(sheet_number, after, _loader(picture))))
    return [spot for _, _, spot in sorted(found, key=lambda f: (f[0], f[1]))]


def _loader(picture: Picture) -> Any:
    return lambda _max_bytes: [picture]


def _anchor(anchor: Any) -> tuple[int, int]:
    """The 1-based row and column of a picture's top-left cell (A1 for an absolute anchor)."""
    start = getattr(anchor, "_from", None)
    if start is not None:
        return int(start.row) + 1, int(start.col) + 1
    if isinstance(anchor, str):
        letters, row = coordinate_from_string(anchor)
        return row, column_index_from_string(letters)
    return 1, 1


def _text(value: Any) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _machine_columns(rows: list[list[tuple[int, str]]]) -> set[int]:
    by_column: dict[int, list[str]] = {}
    for cells in rows:
        for column, text in cells:
            by_column.setdefault(column, []).append(text.strip())
    machine = set()
    for column, texts in by_column.items():
        body = texts[1:]  # the first cell may be the column's title
        hits = sum(1 for t in body if _MACHINE.match(t))
        if hits >= 2 and hits >= 0.9 * len(body) and column != min(by_column):
            machine.add(column)
    return machine
