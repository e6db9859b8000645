"""XLSX read with openpyxl: every sheet in order, each row's cells left to right.

A merged range is one cell (openpyxl gives its value once, at the top-left cell), so a label
merged over a block of rows is read once. Cell text keeps its line breaks. A column that holds
only machine identifiers (``cover.number``, ``II.file[#jumin].1``: a data export's path column)
is not part of the form and is left out, with a note.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from pia.imports.model import ImportRefused, Place
from pia.imports.source import Piece, Source

MAX_CELLS = 2_000_000
_MACHINE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*([.\[][A-Za-z0-9_#\-\].\[]*)*$")


def read_xlsx(data: bytes, name: str) -> Source:
    try:
        workbook = load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise ImportRefused(
            f"{name}: Excel(XLSX)ファイルとして読めません(壊れているおそれがあります: {type(exc).__name__})"
        ) from None
    source = Source("xlsx", len(workbook.worksheets))
    row_number = 0
    cells_seen = 0
    for sheet_number, sheet in enumerate(workbook.worksheets, start=1):
        cells_seen += (sheet.max_row or 0) * (sheet.max_column or 0)
        if cells_seen > MAX_CELLS:
            raise ImportRefused(f"{name}: セルが多すぎます({MAX_CELLS:,}セルまで取り込めます)")
        rows: list[list[tuple[int, str]]] = []
        for row in sheet.iter_rows():
            texts = [(cell.column, _text(cell.value)) for cell in row if cell.value is not None]
            rows.append([(column, text) for column, text in texts if text.strip()])
        machine = _machine_columns(rows)
        if machine:
            letters = "、".join(get_column_letter(c) for c in sorted(machine))
            source.notes.append(f"シート「{sheet.title}」の{letters}列は識別子だけの列のため読みませんでした")
        row_number += 1
        title_place = Place(sheet_number, 0.0, 0.0, f"シート「{sheet.title}」の名前")
        source.pieces.append(Piece(sheet.title, title_place, row_number, 0.0, optional=True))
        for row_index, cells in enumerate(rows, start=1):
            row_number += 1
            for column, text in cells:
                if column in machine:
                    continue
                where = f"シート「{sheet.title}」{get_column_letter(column)}{row_index}"
                place = Place(sheet_number, float(column), float(row_index), where)
                source.pieces.append(Piece(text, place, row_number, float(column)))
    workbook.close()
    return source


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
