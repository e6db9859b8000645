"""The 計画管理書's writers: XLSX (A4 landscape, the header row repeated on every page, fitted to
the page width) and PDF (typst, ``templates/plan.typ``, landscape), both in the column order of
``pia.plan`` with a mark after every column not verified and the note on the reconstructed parts.

    pdf = plan_pdf_bytes(register)
    xlsx = plan_xlsx_bytes(register, findings)

The rows' texts come from ``pia.plan.register_rows`` (dates in 和暦), so both say the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pia.findings import Finding
from pia.plan import PlanRegister, columns, reconstructed_note, register_rows
from pia.plan.columns import title as plan_title
from pia.plan.model import ROW_COLUMNS
from pia.render.config import FontConfig
from pia.render.pdf import compile_typst
from pia.render.xlsx import Book
from pia.text import clean_tree
from pia.wareki import format_wareki

# Relative widths (PDF) and characters (XLSX) of the row columns, in ROW_COLUMNS order.
WIDTHS = (7, 22, 20, 11, 11, 30, 12, 12, 18, 24)
HEADER_ROW = 4  # XLSX: title, 評価実施機関名, 作成日, a blank line, then the header


@dataclass(frozen=True)
class _Page:
    title: str
    agency_label: str
    agency: str
    made_on: str
    columns: tuple[dict[str, object], ...]
    rows: tuple[tuple[str, ...], ...]
    findings: tuple[str, ...]
    note: str


def _page(register: PlanRegister, findings: Sequence[Finding]) -> _Page:
    known = columns()
    return _Page(
        title=plan_title(),
        agency_label=known["agency"].heading,
        agency=register.agency,
        made_on=format_wareki(register.made_on),
        columns=tuple(
            {"label": known[key].heading, "width": width} for key, width in zip(ROW_COLUMNS, WIDTHS, strict=True)
        ),
        rows=tuple(register_rows(register)),
        findings=tuple(f.message for f in findings),
        note=reconstructed_note(),
    )


def plan_pdf_bytes(register: PlanRegister, findings: Sequence[Finding] = (), fonts: FontConfig | None = None) -> bytes:
    """A4 landscape; the header row repeats on every page; findings (a clash of 評価書番号) are
    printed above the table, the note on the reconstructed columns below it."""
    return compile_typst("plan.typ", _page(register, findings), fonts)


def plan_xlsx_bytes(register: PlanRegister, findings: Sequence[Finding] = ()) -> bytes:
    """One sheet 「計画管理書」: the title block, the header row (repeated when printed, frozen),
    one row per 評価書 (texts, never formulas), then the findings and the note."""
    page = clean_tree(_page(register, findings))
    book = Book()
    sheet = book.worksheet("計画管理書")
    book.text(sheet, 0, 0, page.title, "group")
    book.text(sheet, 1, 0, page.agency_label, "head")
    book.text(sheet, 1, 1, page.agency)
    book.text(sheet, 2, 0, "作成日", "head")
    book.text(sheet, 2, 1, page.made_on)
    for n, column in enumerate(page.columns):
        sheet.set_column(n, n, column["width"])
        book.text(sheet, HEADER_ROW, n, str(column["label"]), "head_centred")
    row = HEADER_ROW
    for row, values in enumerate(page.rows, start=HEADER_ROW + 1):
        for n, value in enumerate(values):
            book.text(sheet, row, n, value, "centred" if n == 0 else "text")
    row += 2
    for message in page.findings:
        book.text(sheet, row, 0, "指摘", "head")
        book.text(sheet, row, 1, message, "red")
        row += 1
    book.text(sheet, row, 0, "注記", "head")
    book.text(sheet, row, 1, page.note)
    sheet.freeze_panes(HEADER_ROW + 1, 0)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.repeat_rows(HEADER_ROW)
    sheet.fit_to_pages(1, 0)  # the width of one page, as many pages down as needed
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.set_footer("&C&P / &N")
    return book.close()
