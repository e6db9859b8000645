"""The 概要版 as DOCX, so staff can edit the handout in Word before printing.

Same sections and tables as the PDF; what is new in this revision is in red runs.
"""

from __future__ import annotations

from io import BytesIO

import docx
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from pia.render.config import font_config
from pia.render.docx_common import (
    LABEL_SHADE,
    SHADE,
    TEXT_WIDTH_MM,
    add_row,
    add_text,
    new_table,
    page_footer,
    repeat_header,
    shade,
)
from pia.render.docx_common import setup_page as _setup_page
from pia.render.errors import check_printed_rows
from pia.render.summary_text import OPTIONS_CAPTION, check_line, chosen_bracket, option_line, schedule_lines
from pia.summary.model import (
    DOCUMENT_COLUMNS,
    SCHEDULE_COLUMNS,
    STRUCTURE_COLUMNS,
    BlockRow,
    ChangedBlock,
    SummaryContent,
)
from pia.text import clean_tree

LABEL_MM = 58.0
TWO_COLUMNS = [LABEL_MM, TEXT_WIDTH_MM - LABEL_MM]
INDENT = "　"


def summary_docx_bytes(content: SummaryContent) -> bytes:
    check_printed_rows(sum(len(b.rows) for b in content.blocks), "概要版")
    content = clean_tree(content)  # control characters (pia.text): XML 1.0 cannot hold them
    doc = docx.Document()
    _setup_page(doc, font_config(), size_pt=10.5)
    page_footer(doc, content.title, content.badge)
    _title(doc, content)
    _purpose_and_documents(doc, content)
    _changes(doc, content)
    _schedule(doc, content)
    _contact(doc, content)
    buffer = BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _centered(doc: DocxDocument, text: str, size: float) -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_text(paragraph, text, size=size)


def _title(doc: DocxDocument, content: SummaryContent) -> None:
    if content.header_note:
        note = doc.add_paragraph()
        note.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        add_text(note, content.header_note)
    _centered(doc, content.title, 15)
    _centered(doc, content.badge, 13)


def _headed_table(doc: DocxDocument, columns: tuple[str, ...]) -> DocxTable:
    table = new_table(doc, TWO_COLUMNS)
    for cell, title in zip(add_row(table, TWO_COLUMNS), columns, strict=True):
        shade(cell, SHADE)
        add_text(cell.paragraphs[0], title)
    repeat_header(table)
    return table


def _two_column_table(doc: DocxDocument, columns: tuple[str, ...], rows: list[tuple[str, str, bool, bool]]) -> None:
    """Rows of (label, value, label in red, value in red)."""
    table = _headed_table(doc, columns)
    for label, value, red_label, red_value in rows:
        left, right = add_row(table, TWO_COLUMNS)
        add_text(left.paragraphs[0], label, red=red_label)
        add_text(right.paragraphs[0], value, red=red_value)


def _purpose_and_documents(doc: DocxDocument, content: SummaryContent) -> None:
    doc.add_heading(content.section_titles[0], level=2)
    for paragraph in content.purpose:
        para = doc.add_paragraph()
        para.paragraph_format.first_line_indent = Pt(10.5)
        add_text(para, paragraph)
    doc.add_heading(content.section_titles[1], level=2)
    _two_column_table(doc, DOCUMENT_COLUMNS, [(d.number, d.name, False, False) for d in content.documents])
    add_text(doc.add_paragraph(), content.structure_note)
    table = _headed_table(doc, STRUCTURE_COLUMNS)
    for row in content.structure:
        left, right = add_row(table, TWO_COLUMNS)
        add_text(left.paragraphs[0], row.label, red=row.changed)
        for n, item in enumerate(row.items):
            add_text(right.paragraphs[0], ("　" if n else "") + item.label, red=item.changed)


def _changes(doc: DocxDocument, content: SummaryContent) -> None:
    doc.add_heading(content.section_titles[2], level=2)
    for paragraph in content.changes_paragraphs:
        para = doc.add_paragraph()
        para.paragraph_format.first_line_indent = Pt(10.5)
        add_text(para, paragraph)
    for block in content.blocks:
        _block(doc, block)


def _block(doc: DocxDocument, block: ChangedBlock) -> None:
    doc.add_heading(block.section, level=3)
    if block.heading:
        add_text(doc.add_paragraph(), block.heading)
    table = _headed_table(doc, STRUCTURE_COLUMNS)
    for row in block.rows:
        left, right = add_row(table, TWO_COLUMNS)
        shade(left, LABEL_SHADE)
        add_text(left.paragraphs[0], INDENT * row.depth + row.label, red=row.new)
        _value(right.paragraphs[0], row)


def _value(paragraph: Paragraph, row: BlockRow) -> None:
    if row.kind == "choice":
        add_text(paragraph, chosen_bracket(row), red=row.new)
        add_text(paragraph, f"\n{OPTIONS_CAPTION} {option_line(row)}", size=9)
    elif row.kind == "checkbox":
        add_text(paragraph, "　".join(check_line(o) for o in row.options), red=row.new)
    elif row.kind == "removed":
        add_text(paragraph, "【削除】")
        add_text(paragraph, row.value, removed=True)
    else:
        add_text(paragraph, row.value, red=row.new)


def _schedule(doc: DocxDocument, content: SummaryContent) -> None:
    doc.add_heading(content.section_titles[3], level=2)
    rows = [(r.when, "\n".join(schedule_lines(r)), False, False) for r in content.schedule]
    _two_column_table(doc, SCHEDULE_COLUMNS, rows)


def _contact(doc: DocxDocument, content: SummaryContent) -> None:
    """5. 問合せ先, only when the content has one (one paragraph per line)."""
    if not content.contact:
        return
    doc.add_heading(content.contact_title, level=2)
    for line in content.contact:
        add_text(doc.add_paragraph(), line)
