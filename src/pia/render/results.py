"""Table reports: 「意見の概要と市の考え方」, the 点検結果 of a 第三者点検 and similar lists.

    report = TableReport(title="意見の概要と市の考え方", header="熊本市 住基 全項目評価書",
                         meta=(MetaRow("案件名", "…"),), section="提出された意見",
                         columns=(Column("番号", 6, "center"), Column("意見の概要", 40)),
                         groups=(RowGroup("全般", (("1", "…"),)),))
    pdf = report_pdf_bytes(report)                    # A4, footer X / Y, tagged
    xlsx = table_xlsx_bytes(TableSheet("意見", columns, rows))

The caller decides every text (the workbench builds them from its models and masks what must
not be published); these functions only lay them out. The PDF template receives the report
as JSON and prints its strings as text: nothing here is ever typst markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from pia.render.config import FontConfig
from pia.render.errors import RenderError
from pia.render.pdf import compile_typst
from pia.render.xlsx import Book
from pia.text import clean_tree

Align = Literal["left", "center"]


@dataclass(frozen=True)
class Column:
    label: str
    width: float  # relative width in the PDF; characters in XLSX
    align: Align = "left"


@dataclass(frozen=True)
class MetaRow:
    """One line of the title block: 「案件名 | 住基 全項目評価書(案)への意見募集」."""

    label: str
    value: str


@dataclass(frozen=True)
class RowGroup:
    """Rows under one caption (e.g. the item commented on); an empty label prints no caption."""

    label: str
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class TableReport:
    title: str
    header: str  # the page header from page 2 (organisation, 評価書)
    columns: tuple[Column, ...]
    groups: tuple[RowGroup, ...]
    meta: tuple[MetaRow, ...] = ()
    status: str = ""  # a badge beside the title and in the page header: 「点検中」「未公表」
    section: str = ""  # the heading above the groups
    empty: str = "記載はありません。"  # printed when there is no row at all
    notes: tuple[str, ...] = ()  # paragraphs after the title block

    def __post_init__(self) -> None:
        width = len(self.columns)
        if width == 0:
            raise RenderError("表の列がありません")
        for group in self.groups:
            for row in group.rows:
                if len(row) != width:
                    raise RenderError(f"表の行の列数({len(row)})が見出しの列数({width})と合いません")

    @property
    def row_count(self) -> int:
        return sum(len(g.rows) for g in self.groups)


def report_pdf_bytes(report: TableReport, fonts: FontConfig | None = None) -> bytes:
    """The report as a tagged A4 PDF (footer 「X / Y」, header from page 2, groups as headings)."""
    return compile_typst("results.typ", report, fonts)  # compile_typst cleans control characters


@dataclass(frozen=True)
class TableSheet:
    """One worksheet: a bold, frozen header row, then the rows; long texts wrap."""

    title: str
    columns: tuple[Column, ...]
    rows: Sequence[Sequence[str]]


def table_xlsx_bytes(*sheets: TableSheet) -> bytes:
    """Sheets of text cells (strings are written as strings: 「0123」 stays 「0123」)."""
    book = Book()
    for data in clean_tree(sheets):  # control characters (pia.text)
        width = len(data.columns)
        sheet = book.sheet(data.title, [c.label for c in data.columns], [c.width for c in data.columns], "head_centred")
        for r, row in enumerate(data.rows, start=1):
            if len(row) != width:
                raise RenderError(f"表の行の列数({len(row)})が見出しの列数({width})と合いません")
            for n, (column, value) in enumerate(zip(data.columns, row, strict=True)):
                book.text(sheet, r, n, value, "centred" if column.align == "center" else "text")
        if data.rows:
            sheet.autofilter(0, 0, len(data.rows), width - 1)
    return book.close()
