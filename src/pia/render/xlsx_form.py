"""XLSX in the layout of the commission's Excel form (xlsxwriter), from the print model.

What bodies send and keep: sheet 表紙 (title, 評価書番号 | 評価書名, the free-text boxes under
their captions, the other fields beside their labels, the edition label 「[平成30年5月 様式4]」
at the foot), sheet 項目一覧, then one sheet per part (Ⅰ … (別添3)), each:

- the part's title in the first row, repeated on every printed page (with the column header
  of a part that is one table, (別添3));
- item rows with the label in columns A–C (merged; deeper levels start further right, as the
  form's blank cells indent them) and the value merged across D–K; group captions across the
  row, shaded; per-file headings 「(1) 住民基本台帳ファイル」;
- a choice as 「[委託する]」 with its 「<選択肢>」 list beside it (under it when the chosen value
  is long), a checkbox item box by box 「[○] 専用線」, a slot 「(2)件」 in its choice's cell;
- a figure ((別添1)) as a picture across the columns of the sheet (scaled down to a page's
  height), in the rows reserved for it, which move and size with it; its caption centred in the
  row under it, its alternative text the caption; a new or changed one framed red, with
  「(図を変更)」 in red after the caption;
- 赤字: changed values in red, removed text struck through after 「【削除】」;
- A4 portrait, print area, fit to one page wide, page numbers in the footer, the status
  (下書き・変更箇所表示) in the header when there is one.

Labels are always left of (or above) their values, in reading order, so the workbook reads back
by its labels. Texts are written as strings, never formulas (``pia.render.spreadsheet``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from io import BytesIO
from pathlib import Path
from typing import Any

from xlsxwriter.image import Image  # type: ignore[import-untyped]

from pia.render.config import font_config
from pia.render.model import (
    FIGURE_TALLEST,
    Block,
    CoverField,
    Figure,
    Heading,
    Mark,
    Part,
    PrintDocument,
    Row,
    Rows,
    Table,
    ValueKind,
)
from pia.render.output import write_bytes
from pia.render.spreadsheet import formula_like
from pia.render.xlsx import Book
from pia.render.xlsx_layout import (
    CHOICE_SPLIT,
    FIRST_VALUE,
    LAST,
    LINE_PT,
    MAX_ROW_PT,
    PAD_PT,
    WIDTHS,
    chunks,
    flow,
    label_first,
    row_height,
    span_width,
)
from pia.text import clean_tree

REMOVED_WORD = "【削除】"
OPTIONS_CAPTION = "<選択肢>"
CHOICE_BESIDE = 14  # a chosen value longer than this (with its brackets) puts its option list under it
RED = "#C8000A"
GREY = "#5F5F5F"
A4 = 9
FONT_SIZE = 10
FIGURE_PAD_PX = 4  # between a figure and the frame of the cells it lies on
PX_PT = 0.75  # points per pixel (96 dpi)

Segment = tuple[str, str]  # (text, font style: "" | "red" | "removed" | "small")

_CELLS: dict[str, dict[str, Any]] = {
    "value": {"border": 1},
    "label": {"border": 1, "bg_color": "#F2F2F2"},
    "caption": {"border": 1, "bg_color": "#D9D9D9"},
    "caption_centred": {"border": 1, "bg_color": "#D9D9D9", "align": "center"},
    "part": {"border": 1, "bg_color": "#404040", "font_color": "#FFFFFF", "bold": True, "font_size": 11},
    "heading": {"bold": True, "font_size": 10.5, "bottom": 1},
    "title": {"font_size": 16, "align": "center", "valign": "vcenter"},
    "note": {"border": 1, "border_color": RED},
    "figure": {"border": 1, "border_color": "#AAAAAA"},
    "figure_changed": {"border": 2, "border_color": RED},
    "figure_caption": {"align": "center"},
    "plain": {},
}
_FONTS: dict[str, dict[str, Any]] = {
    "": {},
    "red": {"font_color": RED},
    "removed": {"font_strikeout": True, "font_color": GREY},
    "small": {"font_size": 9},
}


class _Formats:
    """Cell formats (a cell style with one font style, optionally quote-prefixed) made on demand."""

    def __init__(self, book: Any) -> None:
        self.book = book
        fonts = font_config()
        self.base = {"text_wrap": True, "valign": "top", "font_name": fonts.serif_name, "font_size": FONT_SIZE}
        self.sans = fonts.sans_name
        self._cells: dict[tuple[str, str, bool], Any] = {}
        self._fonts: dict[str, Any] = {}

    def cell(self, style: str, font: str = "", quoted: bool = False) -> Any:
        key = (style, font, quoted)
        if key not in self._cells:
            spec = {**self.base, **_CELLS[style], **_FONTS[font]}
            if style in ("caption", "caption_centred", "part", "heading", "title", "figure_caption"):
                spec["font_name"] = self.sans
            self._cells[key] = self.book.add_format({**spec, "quote_prefix": quoted} if quoted else spec)
        return self._cells[key]

    def font(self, font: str) -> Any:
        if font not in self._fonts:
            self._fonts[font] = self.book.add_format(
                {**{k: self.base[k] for k in ("font_name", "font_size")}, **_FONTS[font]}
            )
        return self._fonts[font]


class _Sheet:
    """One worksheet being written row by row."""

    def __init__(self, book: Book, formats: _Formats, title: str, status: str) -> None:
        self.ws = book.worksheet(title)
        self.formats = formats
        self.row = 0
        self.last_column = LAST
        self.widths: tuple[float, ...] = WIDTHS
        self.table_grid = False  # one sheet column per table column (a part that is only tables)
        for n, width in enumerate(WIDTHS):
            self.ws.set_column(n, n, width)
        self.ws.set_paper(A4)
        self.ws.set_portrait()
        self.ws.set_margins(left=0.5, right=0.5, top=0.7, bottom=0.7)
        self.ws.fit_to_pages(1, 0)
        self.ws.center_horizontally()
        self.ws.set_footer("&C&P / &N")
        if status:
            self.ws.set_header(f"&R{_header_text(status)}")

    def put(self, first: tuple[int, int], last: tuple[int, int], segments: Sequence[Segment], style: str) -> None:
        """Write ``segments`` into the range ``first``..``last`` (merged when it is more than one cell)."""
        segments = [(t, f) for t, f in segments if t]
        text = "".join(t for t, _ in segments)
        quoted = formula_like(text)
        single = len(segments) <= 1
        fmt = self.formats.cell(style, segments[0][1] if segments and single else "", quoted)
        if first != last:
            self.ws.merge_range(*first, *last, "", fmt)
        if not segments:
            if first == last:
                self.ws.write_blank(*first, None, fmt)
            return
        if single:
            self.ws.write_string(*first, text, fmt)
            return
        parts: list[Any] = []
        for piece, font in segments:
            parts += [self.formats.font(font), piece]
        self.ws.write_rich_string(*first, *parts, fmt)

    def line(self, segments: Sequence[Segment], style: str, first: int = 0, height: float | None = None) -> None:
        """One row across the sheet from column ``first``."""
        self.put((self.row, first), (self.row, self.last_column), segments, style)
        text = "".join(t for t, _ in segments)
        self.ws.set_row(self.row, height or row_height((text, self.width(first, self.last_column))))
        self.row += 1

    def width(self, first: int, last: int) -> float:
        return span_width(first, last, self.widths)

    def finish(self, repeat: int = 0) -> None:
        last = max(self.row - 1, 0)
        self.ws.print_area(0, 0, last, self.last_column)
        self.ws.repeat_rows(0, repeat)


def _header_text(status: str) -> str:
    return status.replace("&", "&&")


def xlsx_form_bytes(model: PrintDocument) -> bytes:
    """The 評価書 as the commission's Excel form lays it out (see the module docstring)."""
    model = clean_tree(model)  # control characters (pia.text)
    book = Book(default_font=(font_config().serif_name, FONT_SIZE))  # column units: its digit width
    formats = _Formats(book.book)
    _cover(_Sheet(book, formats, "表紙", model.status), model)
    if model.index:
        sheet = _Sheet(book, formats, model.index_title or "項目一覧", model.status)
        sheet.line([(model.index_title, "")], "part")
        for entry in model.index:
            sheet.line([(entry, "")], "value")
        sheet.finish()
    for part in model.parts:
        _part(_Sheet(book, formats, part.title, model.status), part)
    return book.close()


def write_xlsx_form(model: PrintDocument, out: Path) -> None:
    write_bytes(out, xlsx_form_bytes(model))


# ------------------------------------------------------------------ cover


def _cover(sheet: _Sheet, model: PrintDocument) -> None:
    sheet.line([(model.title, "")], "title", height=36)
    sheet.row += 1
    pair, rest = (model.cover[:2], model.cover[2:]) if len(model.cover) >= 2 else ((), model.cover)
    if pair:
        for n, field in enumerate(pair):
            _cover_cells(sheet, n, [(field.label, "")], "caption_centred")
        sheet.ws.set_row(sheet.row, LINE_PT + PAD_PT)
        sheet.row += 1
        for n, field in enumerate(pair):
            _cover_cells(sheet, n, _field_segments(field), "value")
        sheet.ws.set_row(sheet.row, row_height((pair[1].value.text, span_width(FIRST_VALUE, LAST))))
        sheet.row += 1
    for field in rest:
        sheet.row += 1 if field.wide else 0
        if field.wide:
            sheet.line([(field.label, "")], "caption_centred")
            for piece in chunks(field.value.text, span_width(0, LAST)) if field.value.text else [""]:
                sheet.line(_field_segments(field, piece), "value")
        else:
            _item(sheet, field.label, 0, [_field_segments(field)])
    for note in model.notes:
        sheet.row += 1
        sheet.line([(note, "red")], "note")
    sheet.row += 1
    sheet.put((sheet.row, 0), (sheet.row, CHOICE_SPLIT - 1), [(model.edition_label, "")], "plain")
    sheet.row += 1
    sheet.finish()


def _cover_cells(sheet: _Sheet, n: int, segments: list[Segment], style: str) -> None:
    first, last = (0, FIRST_VALUE - 1) if n == 0 else (FIRST_VALUE, LAST)
    sheet.put((sheet.row, first), (sheet.row, last), segments, style)


def _field_segments(field: CoverField, text: str | None = None) -> list[Segment]:
    red = field.mark is Mark.CHANGED and field.value.kind is not ValueKind.WITHHELD
    return [(field.value.text if text is None else text, "red" if red else "")]


# ------------------------------------------------------------------ parts


def _part(sheet: _Sheet, part: Part) -> None:
    tables = [b for b in part.blocks if isinstance(b, Table)]
    if tables and len(tables) == len(part.blocks) and len({len(t.columns) for t in tables}) == 1:
        _table_grid(sheet, tables[0])
    sheet.line([(part.title + (" ※" if part.star else ""), "")], "part")
    repeat = 0
    for n, block in enumerate(part.blocks):
        if n == 0 and isinstance(block, Table):
            repeat = 1  # the column header of a part that is one table repeats too
        _block(sheet, block)
    sheet.finish(repeat)


def _block(sheet: _Sheet, block: Block) -> None:
    if isinstance(block, Heading):
        sheet.line([(block.text, "")], "heading")
    elif isinstance(block, Rows):
        for row in block.rows:
            _row(sheet, row)
    elif isinstance(block, Figure):
        _figure(sheet, block)
    else:
        _table(sheet, block)


def _figure(sheet: _Sheet, figure: Figure) -> None:
    """The picture over merged cells across the sheet (framed, red when changed), as wide as
    the columns (no taller than ``FIGURE_TALLEST`` widths), on rows of the picture's height so
    what follows starts under it; anchored to those cells (it moves and sizes with them).
    The caption, centred, in the row under it."""
    ws = sheet.ws
    room = sum(_column_pixels(ws, sheet.widths[n]) for n in range(sheet.last_column + 1)) - 2 * FIGURE_PAD_PX
    width, height = figure.fit(room, room * FIGURE_TALLEST)
    total = math.ceil(height) + 2 * FIGURE_PAD_PX
    count = math.ceil(total * PX_PT / MAX_ROW_PT)  # a row is at most MAX_ROW_PT high
    top = sheet.row
    style = "figure_changed" if figure.mark is Mark.CHANGED else "figure"
    sheet.put((top, 0), (top + count - 1, sheet.last_column), [], style)
    for n in range(count):
        ws.set_row(top + n, math.ceil(total / count) * PX_PT)
    natural = Image(BytesIO(figure.data))  # xlsxwriter sizes an image by its own dpi
    ws.insert_image(
        top,
        0,
        figure.name,
        {
            "image_data": BytesIO(figure.data),
            "x_scale": width / (natural.width * 96 / natural.x_dpi),
            "y_scale": height / (natural.height * 96 / natural.y_dpi),
            "x_offset": FIGURE_PAD_PX + int((room - width) / 2),
            "y_offset": FIGURE_PAD_PX,
            "description": figure.alt,
            "object_position": 1,
        },
    )
    sheet.row += count
    if figure.caption or figure.note:
        note = ("　" if figure.caption else "") + figure.note if figure.note else ""
        sheet.line([(figure.caption, ""), (note, "red")], "figure_caption")
    sheet.row += 1


def _column_pixels(ws: Any, width: float) -> int:
    """A column's width in pixels, as xlsxwriter converts the width set in character units."""
    if width < 1:
        return int(width * (ws.max_digit_width + ws.cell_padding) + 0.5)
    return int(width * ws.max_digit_width + 0.5) + int(ws.cell_padding)


def _row(sheet: _Sheet, row: Row) -> None:
    label = row.label + (" ※" if row.star else "")
    first = label_first(row.depth)
    if row.value is None:
        sheet.line([(label, "")], "caption", first)
        return
    if not row.label:  # a full-width value ((別添1) 事務の内容, その他のリスクの見出し)
        for piece in _value_pieces(row, span_width(0, LAST)):
            sheet.line(piece, "value")
        return
    _item(sheet, label, first, _value_rows(row))


def _item(sheet: _Sheet, label: str, first: int, rows: list[list[Segment]] | list[tuple[list[Segment], ...]]) -> None:
    """A label (merged down beside all its value rows) and its value rows; a value row is one
    cell D–K, or two cells (the chosen value in D–G, the option list in H–K)."""
    top = sheet.row
    value_heights = []
    for cells in rows:
        pieces = cells if isinstance(cells, tuple) else (cells,)
        spans = [(FIRST_VALUE, LAST)] if len(pieces) == 1 else [(FIRST_VALUE, CHOICE_SPLIT - 1), (CHOICE_SPLIT, LAST)]
        for segments, (c1, c2) in zip(pieces, spans, strict=True):
            sheet.put((sheet.row, c1), (sheet.row, c2), segments, "value")
        value_heights.append(
            row_height(
                *(("".join(t for t, _ in s), span_width(c1, c2)) for s, (c1, c2) in zip(pieces, spans, strict=True))
            )
        )
        sheet.row += 1
    bottom = sheet.row - 1
    sheet.put((top, first), (bottom, FIRST_VALUE - 1), [(label, "")], "label")
    label_height = row_height((label, span_width(first, FIRST_VALUE - 1)))
    if label_height > sum(value_heights):
        value_heights[-1] += label_height - sum(value_heights)
    for n, height in enumerate(value_heights):
        sheet.ws.set_row(top + n, height)


def _value_rows(row: Row) -> list[Any]:
    """The value rows of an item: one or more cells of segments, in reading order."""
    value = row.value
    assert value is not None
    red = "red" if row.mark is Mark.CHANGED else ""
    tail = _suffix(row) + _removed(row.removed)
    if value.kind is ValueKind.CHOICE:
        options = [(OPTIONS_CAPTION + "\n" + "\n".join(f"{o.no}) {o.label}" for o in value.options), "small")]
        chosen = [(value.bracket, red), *tail]
        if len(value.bracket) > CHOICE_BESIDE:
            return [chosen, options]
        return [(chosen, options)]
    if value.kind is ValueKind.CHECKBOX:
        return [[*_checks(row, red), *tail]]
    return _value_pieces(row, span_width(FIRST_VALUE, LAST))


def _value_pieces(row: Row, width: float) -> list[list[Segment]]:
    """A text value in as many rows as it needs; the suffix and removed text after the last."""
    value = row.value
    assert value is not None
    red = "red" if row.mark is Mark.CHANGED and value.kind is not ValueKind.WITHHELD else ""
    pieces = [[(piece, red)] for piece in chunks(value.text, width)] if value.text else [[]]
    pieces[-1] += [*_suffix(row), *_removed(row.removed)]
    if row.mark is Mark.REMOVED and not value.text:  # a removed element: its previous text only
        pieces[-1] = [(REMOVED_WORD, ""), (row.removed, "removed")] if row.removed else [(REMOVED_WORD, "")]
    return pieces


def _checks(row: Row, red: str) -> list[Segment]:
    """「[○] 専用線　[ ] 電子メール」 on lines of whole boxes; a group caption (「・識別情報」, never
    red) starts a line. A changed item has its boxes in red."""
    assert row.value is not None
    groups: list[tuple[str, list[str]]] = []
    for check in row.value.checks:
        if check.group or not groups:
            groups.append((check.group, []))
        groups[-1][1].append(check.line)
    out: list[Segment] = []
    width = span_width(FIRST_VALUE, LAST)
    for n, (caption, lines) in enumerate(groups):
        if caption:
            out.append((("\n" if n else "") + caption + "\n", ""))
        elif n:
            out.append(("\n", ""))
        out.append((flow(lines, width), red))
    return out


def _suffix(row: Row) -> list[Segment]:
    slot = row.suffix
    if slot is None:
        return []
    return [("\n(", ""), (slot.value or " ", "red" if slot.mark is Mark.CHANGED else ""), (f"){slot.unit}", "")]


def _removed(before: str) -> list[Segment]:
    return [(f"\n{REMOVED_WORD}", ""), (before, "removed")] if before else []


# ------------------------------------------------------------------ tables


def _table(sheet: _Sheet, table: Table) -> None:
    spans = [(n, n) for n in range(len(table.columns))] if sheet.table_grid else _column_spans(table)
    sheet.last_column = max(sheet.last_column, spans[-1][1])
    texts = [(column, sheet.width(a, b)) for column, (a, b) in zip(table.columns, spans, strict=True)]
    for column, (a, b) in zip(table.columns, spans, strict=True):
        sheet.put((sheet.row, a), (sheet.row, b), [(column, "")], "caption_centred")
    sheet.ws.set_row(sheet.row, row_height(*texts))
    sheet.row += 1
    for cells in table.rows:
        for cell, (a, b) in zip(cells, spans, strict=False):
            if cell.mark is Mark.REMOVED:
                segments = [(REMOVED_WORD, ""), (cell.text, "removed")] if cell.text else []
            else:
                segments = [(cell.text, "red" if cell.mark is Mark.CHANGED else "")]
            sheet.put((sheet.row, a), (sheet.row, b), segments, "value")
        heights = [
            (c.text + (REMOVED_WORD if c.mark is Mark.REMOVED else ""), sheet.width(a, b))
            for c, (a, b) in zip(cells, spans, strict=False)
        ]
        sheet.ws.set_row(sheet.row, row_height(*heights))
        sheet.row += 1
    sheet.row += 1


def _table_grid(sheet: _Sheet, table: Table) -> None:
    """Columns of the table's own relative widths over the width of the item grid ((別添3))."""
    total = span_width(0, LAST)
    widths = table.widths or tuple(1 / len(table.columns) for _ in table.columns)
    sheet.widths = tuple(round(w * total, 1) for w in widths)
    for n, width in enumerate(sheet.widths):
        sheet.ws.set_column(n, n, width)
    for n in range(len(widths), LAST + 1):
        sheet.ws.set_column(n, n, None, None, {"hidden": True})
    sheet.last_column = len(widths) - 1
    sheet.table_grid = True


def _column_spans(table: Table) -> list[tuple[int, int]]:
    """The sheet columns each table column takes: A–K shared by the relative widths (at least one
    each); a table of more columns than that takes one sheet column per column."""
    count = len(table.columns)
    total = LAST + 1
    if count >= total or not table.widths:
        return [(n, n) for n in range(count)] if count >= total else _even(count, total)
    units = [span_width(n, n) for n in range(total)]
    targets = [w * sum(units) for w in table.widths]
    spans: list[tuple[int, int]] = []
    start = 0
    for n, target in enumerate(targets):
        left = count - n - 1  # columns still to place, one sheet column each at least
        end, width = start, units[start]
        while end + 1 < total - left and width + units[end + 1] / 2 < target:
            end += 1
            width += units[end]
        spans.append((start, end if left else total - 1))
        start = end + 1
    return spans


def _even(count: int, total: int) -> list[tuple[int, int]]:
    size = total // max(count, 1)
    return [(n * size, total - 1 if n == count - 1 else (n + 1) * size - 1) for n in range(count)]
