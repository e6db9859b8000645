"""python-docx helpers shared by the 評価書 and 概要版 DOCX: page, fonts, runs, tables.

Word needs the East Asian font set explicitly (``w:eastAsia``) or it falls back to a
Latin face for Japanese; page numbers are fields (``PAGE`` / ``NUMPAGES``).
"""

from __future__ import annotations

from typing import Any

from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt, RGBColor
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from pia.render.config import FontConfig

RED = RGBColor(0xC8, 0x00, 0x0A)
GREY = RGBColor(0x5F, 0x5F, 0x5F)
SHADE = "E8E8E8"
LABEL_SHADE = "F6F6F6"
TEXT_WIDTH_MM = 178


def setup_page(doc: DocxDocument, fonts: FontConfig, size_pt: float = 10.0) -> None:
    """A4 portrait, 16 mm side margins, Japanese fonts in every style used."""
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(16)
    section.top_margin, section.bottom_margin = Mm(20), Mm(17)
    for name in ("Normal", "Header", "Footer", "Title", "Heading 1", "Heading 2", "Heading 3"):
        style: Any = doc.styles[name]
        sans = name.startswith(("Heading", "Title"))
        set_font(style.font, style.element, fonts.sans_name if sans else fonts.serif_name)
        style.font.color.rgb = RGBColor(0, 0, 0)
    normal: Any = doc.styles["Normal"]
    normal.font.size = Pt(size_pt)


def set_font(font: Any, element: Any, family: str) -> None:
    font.name = family
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for key in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(key), family)


def add_text(paragraph: Paragraph, text: str, *, red: bool = False, removed: bool = False, size: float = 0) -> Run:
    """A run holding ``text`` (line breaks kept); red for changed text, struck grey for removed."""
    run = paragraph.add_run()
    for n, line in enumerate(text.split("\n")):
        if n:
            run.add_break()
        run.add_text(line)
    if red:
        run.font.color.rgb = RED
    if removed:
        run.font.strike = True
        run.font.color.rgb = GREY
    if size:
        run.font.size = Pt(size)
    return run


def page_footer(doc: DocxDocument, header_left: str, header_right: str) -> None:
    """Header with the 事務名 (and status); footer 「X / Y」 with Word fields."""
    section = doc.sections[0]
    head = section.header.paragraphs[0]
    add_text(head, header_left, size=8)
    if header_right:
        add_text(head, f"\t\t{header_right}", size=8)
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(foot, "PAGE")
    foot.add_run(" / ")
    _field(foot, "NUMPAGES")


def _field(paragraph: Paragraph, code: str) -> None:
    run = paragraph.add_run()
    for kind, text in (("begin", ""), ("instr", f" {code} "), ("separate", ""), ("text", "1"), ("end", "")):
        if kind == "instr":
            node = OxmlElement("w:instrText")
            node.set(qn("xml:space"), "preserve")
            node.text = text
        elif kind == "text":
            node = OxmlElement("w:t")
            node.text = text
        else:
            node = OxmlElement("w:fldChar")
            node.set(qn("w:fldCharType"), kind)
        run._r.append(node)


def new_table(doc: DocxDocument, widths_mm: list[float]) -> DocxTable:
    table: DocxTable = doc.add_table(rows=0, cols=len(widths_mm))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    return table


def add_row(table: DocxTable, widths_mm: list[float]) -> list[_Cell]:
    cells: tuple[_Cell, ...] = table.add_row().cells  # type: ignore[no-untyped-call]
    for cell, width in zip(cells, widths_mm, strict=True):
        cell.width = Mm(width)
    return list(cells)


def span(cells: list[_Cell]) -> _Cell:
    """The cells of one row as a single cell across them (``w:gridSpan``), e.g. a group caption.

    python-docx's ``_Cell.merge`` finds the row's index by scanning the whole table, which
    made a long table quadratic (6,400 rows took 8 s); a horizontal span needs none of that."""
    first = cells[0]
    first._tc.grid_span = len(cells)
    width = sum(int(c.width or 0) for c in cells)
    for other in cells[1:]:
        other._tc.getparent().remove(other._tc)
    if width:
        first.width = Emu(width)
    return first


def shade(cell: _Cell, fill: str) -> None:
    props = cell._tc.get_or_add_tcPr()
    node = OxmlElement("w:shd")
    node.set(qn("w:val"), "clear")
    node.set(qn("w:color"), "auto")
    node.set(qn("w:fill"), fill)
    props.append(node)


def repeat_header(table: DocxTable) -> None:
    """The first row is repeated on every page the table spans."""
    props = table.rows[0]._tr.get_or_add_trPr()
    node = OxmlElement("w:tblHeader")
    node.set(qn("w:val"), "true")
    props.append(node)
