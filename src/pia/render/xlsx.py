"""XLSX for data exchange (xlsxwriter): a 評価書 as item/value rows, one sheet per part,
and the 変更箇所 table. Changed values are in red, removed ones struck through.

Excel prints long wrapped cells badly; the PDF is the print format, this is data: a figure
is a row of its reference in words (「図「事務の流れ」(bessoe1-figure-1.png)」), not a picture.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from io import BytesIO
from pathlib import Path
from typing import Any

import xlsxwriter  # type: ignore[import-untyped]

from pia.changes.rows import ChangeRow
from pia.document.images import ImageRef
from pia.render.model import Block, Figure, Heading, Mark, Part, PrintDocument, Row, Rows, Table
from pia.render.output import write_bytes
from pia.render.spreadsheet import formula_like
from pia.text import clean_tree

ITEM_COLUMNS = ("項目", "内容", "変更", "要素パス")
ITEM_WIDTHS = (48, 90, 8, 40)
CHANGE_COLUMNS = ("変更日", "項目", "変更前の記載", "変更後の記載", "提出時期", "提出時期に係る説明", "要素パス")
CHANGE_WIDTHS = (16, 40, 50, 50, 10, 30, 40)
MARK_WORDS = {Mark.NONE: "", Mark.CHANGED: "変更", Mark.REMOVED: "削除"}
FIGURE_LABEL = "図"
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


class Book:
    """A workbook in memory with the few cell formats used (also by ``pia.render.results``)."""

    def __init__(self, default_font: tuple[str, float] | None = None) -> None:
        """``default_font``: (family, size) of the workbook's default format, which also sets the
        unit of column widths (the width of its digits) in Excel and LibreOffice."""
        self.buffer = BytesIO()
        options: dict[str, Any] = {"in_memory": True}
        if default_font is not None:
            options["default_format_properties"] = {"font_name": default_font[0], "font_size": default_font[1]}
        self.book = xlsxwriter.Workbook(self.buffer, options)
        base = {"text_wrap": True, "valign": "top", "font_name": "IPAexGothic", "font_size": 10}
        self.formats: dict[str, Any] = {name: self.book.add_format(spec) for name, spec in self._specs(base)}
        self._quoted = {name: self.book.add_format({**spec, "quote_prefix": True}) for name, spec in self._specs(base)}
        self.names: set[str] = set()

    @staticmethod
    def _specs(base: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
        return [
            ("text", base),
            ("red", {**base, "font_color": "#C8000A"}),
            ("removed", {**base, "font_strikeout": True, "font_color": "#5F5F5F"}),
            ("centred", {**base, "align": "center"}),
            ("head", {**base, "bold": True, "bg_color": "#E8E8E8", "border": 1}),
            ("head_centred", {**base, "bold": True, "bg_color": "#E8E8E8", "border": 1, "align": "center"}),
            ("group", {**base, "bold": True, "bg_color": "#F2F2F2"}),
        ]

    def text(self, sheet: Any, row: int, column: int, value: str, fmt: str = "text") -> None:
        """Write ``value`` as a string cell, never a formula; a formula-like text (``=HYPERLINK(…)``)
        also gets the quote prefix, so it shows as written and stays text when edited."""
        formats = self._quoted if formula_like(value) else self.formats
        sheet.write_string(row, column, value, formats[fmt])

    def sheet(self, title: str, columns: Sequence[str], widths: Sequence[float], head: str = "head") -> Any:
        """A worksheet with a bold, frozen header row (``head``: the header cells' format)."""
        sheet = self.book.add_worksheet(self._name(title))
        for n, (column, width) in enumerate(zip(columns, widths, strict=True)):
            sheet.set_column(n, n, width)
            self.text(sheet, 0, n, column, head)
        sheet.freeze_panes(1, 0)
        return sheet

    def worksheet(self, title: str) -> Any:
        """A new worksheet named after ``title`` (cut to Excel's 31 characters, made unique)."""
        return self.book.add_worksheet(self._name(title))

    def _name(self, title: str) -> str:
        base = _BAD_SHEET_CHARS.sub("", title).strip("'")[:28] or "シート"
        name, n = base, 2
        while name.lower() in self.names:
            name, n = f"{base[:26]}_{n}", n + 1
        self.names.add(name.lower())
        return name

    def close(self) -> bytes:
        self.book.close()
        return self.buffer.getvalue()


def xlsx_bytes(model: PrintDocument) -> bytes:
    """Sheets: 表紙 (cover items), then one per part; columns 項目/内容/変更/要素パス."""
    model = clean_tree(model)  # control characters (pia.text)
    book = Book()
    cover = book.sheet("表紙", ITEM_COLUMNS, ITEM_WIDTHS)
    lines = [(f.label, f.value.text, f.mark, f.path) for f in model.cover]
    head = [("評価書", model.title, Mark.NONE, ""), ("様式", model.edition_label, Mark.NONE, "")]
    _write_lines(book, cover, [*head, *lines])
    for part in model.parts:
        sheet = book.sheet(part.title, ITEM_COLUMNS, ITEM_WIDTHS)
        _write_part(book, sheet, part)
    return book.close()


def write_xlsx(model: PrintDocument, out: Path) -> None:
    write_bytes(out, xlsx_bytes(model))


Line = tuple[str, str, Mark, str]  # label, value, mark, path


def _write_lines(book: Book, sheet: Any, lines: Iterable[Line], start: int = 1) -> int:
    row = start
    for label, value, mark, path in lines:
        book.text(sheet, row, 0, label)
        book.text(sheet, row, 1, value, _mark_format(mark))
        book.text(sheet, row, 2, MARK_WORDS[mark])
        book.text(sheet, row, 3, path)
        row += 1
    return row


def _write_part(book: Book, sheet: Any, part: Part) -> None:
    """The part's full title first (sheet names are cut at 31 characters), then its blocks."""
    book.text(sheet, 1, 0, part.title + (" ※" if part.star else ""), "group")
    book.text(sheet, 1, 3, part.path)
    row = 2
    for block in part.blocks:
        row = _write_block(book, sheet, block, row)


def _write_block(book: Book, sheet: Any, block: Block, row: int) -> int:
    if isinstance(block, Heading):
        book.text(sheet, row, 0, block.text, "group")
        book.text(sheet, row, 3, block.path)
        return row + 1
    if isinstance(block, Rows):
        return _write_rows(book, sheet, block.rows, row)
    if isinstance(block, Figure):
        text = ImageRef(block.file, block.sha256, block.media_type, block.caption).text
        return _write_lines(book, sheet, [(FIGURE_LABEL, text, block.mark, block.path)], row)
    return _write_table(book, sheet, block, row)


def _write_rows(book: Book, sheet: Any, rows: Sequence[Row], row: int) -> int:
    for item in rows:
        label = "　" * item.depth + item.label + (" ※" if item.star else "")
        if item.value is None:
            book.text(sheet, row, 0, label, "group")
            book.text(sheet, row, 3, item.path)
            row += 1
            continue
        text = item.value.text + (f"\n{item.suffix.text}" if item.suffix else "")
        row = _write_lines(book, sheet, [(label, text, item.mark, item.path)], row)
        if item.removed:
            row = _write_lines(book, sheet, [(f"{label}(削除前)", item.removed, Mark.REMOVED, item.path)], row)
    return row


def _write_table(book: Book, sheet: Any, table: Table, row: int) -> int:
    for n, column in enumerate(table.columns):
        book.text(sheet, row, n, column, "head")
    row += 1
    for cells in table.rows:
        for n, cell in enumerate(cells):
            book.text(sheet, row, n, cell.text, _mark_format(cell.mark))
        row += 1
    return row + 1


def _mark_format(mark: Mark) -> str:
    return "red" if mark is Mark.CHANGED else "removed" if mark is Mark.REMOVED else "text"


def change_rows_xlsx_bytes(rows: Sequence[ChangeRow]) -> bytes:
    """The 変更箇所 table: one row per change, full texts (not shortened), element path last."""
    rows = clean_tree(rows)  # control characters (pia.text)
    book = Book()
    sheet = book.sheet("変更箇所", CHANGE_COLUMNS, CHANGE_WIDTHS)
    for n, change in enumerate(rows, start=1):
        values = (
            change.date,
            change.item,
            change.before_full or change.before,
            change.after_full or change.after,
            change.timing,
            change.timing_note,
            change.path,
        )
        for column, value in enumerate(values):
            book.text(sheet, n, column, value)
    return book.close()


def write_change_rows_xlsx(rows: Sequence[ChangeRow], out: Path) -> None:
    """``pia changes OLD NEW --format xlsx -o OUT``: RenderError (Japanese) when OUT is unwritable."""
    write_bytes(out, change_rows_xlsx_bytes(rows))
