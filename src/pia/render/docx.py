"""DOCX of a 評価書 (python-docx) from the print model: editable by staff in Word.

Same content and order as the PDF: cover, 項目一覧, one part per section starting on a new
page, label/value tables, data tables with repeated header rows; changed values in red
runs, removed text struck through after 【削除】. A figure is an inline picture at the text
width (never taller than the page), its caption under it in Word's Caption style, its
caption (or 「事務の内容の図」) as the picture's alternative text; in a change draft a new or
changed figure has a red outline and 「(図を変更)」 in red beside its caption.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

import docx
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.shared import Mm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from pia.render.config import FontConfig, font_config
from pia.render.docx_common import (
    GREY,
    LABEL_SHADE,
    RED,
    SHADE,
    TEXT_WIDTH_MM,
    add_row,
    add_text,
    new_table,
    page_footer,
    repeat_header,
    set_font,
    setup_page,
    shade,
    span,
)
from pia.render.model import (
    FIGURE_TALLEST,
    Block,
    Cell,
    CoverField,
    Figure,
    Heading,
    Mark,
    Part,
    PrintDocument,
    Row,
    Rows,
    Slot,
    Table,
    Value,
    ValueKind,
)
from pia.render.output import write_bytes
from pia.text import clean_tree

LABEL_MM = 60.0
ROW_WIDTHS = [LABEL_MM, TEXT_WIDTH_MM - LABEL_MM]
REMOVED_WORD = "【削除】"
FIGURE_LINE_PT = {Mark.NONE: 0.5, Mark.CHANGED: 1.5}  # the picture's outline (red when changed)


def docx_bytes(model: PrintDocument, fonts: FontConfig | None = None) -> bytes:
    model = clean_tree(model)  # control characters (pia.text): XML 1.0 cannot hold them
    doc = docx.Document()
    fonts = fonts or font_config()
    setup_page(doc, fonts)
    _caption_style(doc, fonts)
    page_footer(doc, model.office, model.status)
    _cover(doc, model)
    _index(doc, model)
    for part in model.parts:
        _part(doc, part)
    buffer = BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def write_docx(model: PrintDocument, out: Path) -> None:
    write_bytes(out, docx_bytes(model))


def _caption_style(doc: DocxDocument, fonts: FontConfig) -> None:
    """Word's Caption style (figure captions) in the sans face, black, 9 pt, not bold."""
    style: Any = doc.styles["Caption"]
    set_font(style.font, style.element, fonts.sans_name)
    style.font.color.rgb = RGBColor(0, 0, 0)
    style.font.bold = False
    style.font.size = Pt(9)


def _cover(doc: DocxDocument, model: PrintDocument) -> None:
    """As the form: title, 評価書番号 | 評価書名, each free-text box under its caption, the other
    fields beside their labels, the edition label last; a status only on a draft or change draft."""
    if model.status:
        meta = doc.add_paragraph()
        meta.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        add_text(meta, model.status, size=9)
    title = doc.add_paragraph(style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_text(title, model.title, size=16)
    table = new_table(doc, ROW_WIDTHS)
    pair, rest = model.cover[:2], model.cover[2:]
    if len(pair) == 2:
        for cell, field in zip(add_row(table, ROW_WIDTHS), pair, strict=True):
            shade(cell, SHADE)
            add_text(cell.paragraphs[0], field.label)
        for cell, field in zip(add_row(table, ROW_WIDTHS), pair, strict=True):
            _cover_value(cell.paragraphs[0], field)
    else:
        rest = model.cover
    for field in rest:
        label, value = add_row(table, ROW_WIDTHS)
        if field.wide:
            caption = span([label, value])
            shade(caption, SHADE)
            add_text(caption.paragraphs[0], field.label)
            label, value = add_row(table, ROW_WIDTHS)
            value = span([label, value])
        else:
            shade(label, SHADE)
            add_text(label.paragraphs[0], field.label)
        _cover_value(value.paragraphs[0], field)
    for note in model.notes:
        add_text(doc.add_paragraph(), note, red=True)
    add_text(doc.add_paragraph(), model.edition_label, size=9)


def _cover_value(paragraph: Paragraph, field: CoverField) -> None:
    add_text(paragraph, field.value.text, red=field.mark is Mark.CHANGED and field.value.kind is not ValueKind.WITHHELD)


def _index(doc: DocxDocument, model: PrintDocument) -> None:
    if not model.index:
        return
    _page_break(doc)
    doc.add_heading(model.index_title, level=1)
    for entry in model.index:
        doc.add_paragraph(entry)


def _part(doc: DocxDocument, part: Part) -> None:
    _page_break(doc)
    doc.add_heading(part.title + (" ※" if part.star else ""), level=1)
    for block in part.blocks:
        _block(doc, block)


def _page_break(doc: DocxDocument) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _block(doc: DocxDocument, block: Block) -> None:
    if isinstance(block, Heading):
        doc.add_heading(block.text, level=block.level)
    elif isinstance(block, Rows):
        table = new_table(doc, ROW_WIDTHS)
        for row in block.rows:
            _row(add_row(table, ROW_WIDTHS), row)
    elif isinstance(block, Figure):
        _figure(doc, block)
    else:
        _table(doc, block)


def _figure(doc: DocxDocument, figure: Figure) -> None:
    """The picture centred at the text width (scaled down to fit the page's height), kept with
    its caption; the alternative text is ``Figure.alt``."""
    width, height = figure.fit(TEXT_WIDTH_MM, TEXT_WIDTH_MM * FIGURE_TALLEST)
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    shape = paragraph.add_run().add_picture(BytesIO(figure.data), width=Mm(width), height=Mm(height))
    inline: Any = shape._inline
    inline.docPr.set("descr", figure.alt)
    inline.graphic.graphicData.pic.nvPicPr.cNvPr.set("descr", figure.alt)
    changed = figure.mark is Mark.CHANGED
    _outline(inline.graphic.graphicData.pic.spPr, RED if changed else GREY, FIGURE_LINE_PT[figure.mark])
    if not figure.caption and not figure.note:
        return
    paragraph.paragraph_format.keep_with_next = True
    caption = doc.add_paragraph(style="Caption")
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_text(caption, figure.caption)
    if figure.note:
        add_text(caption, ("　" if figure.caption else "") + figure.note, red=True)


def _outline(shape_properties: Any, colour: RGBColor, width_pt: float) -> None:
    """A line around the picture (``a:ln`` of its shape properties)."""
    line = OxmlElement("a:ln")
    line.set("w", str(Pt(width_pt).emu))
    fill = OxmlElement("a:solidFill")
    rgb = OxmlElement("a:srgbClr")
    rgb.set("val", str(colour))
    fill.append(rgb)
    line.append(fill)
    shape_properties.append(line)


def _row(cells: list[_Cell], row: Row) -> None:
    label_cell, value_cell = cells[0], cells[1]
    label = "　" * row.depth + row.label + (" ※" if row.star else "")
    if row.value is None or not row.label:
        merged = span([label_cell, value_cell])
        if row.value is None:
            shade(merged, SHADE)
            add_text(merged.paragraphs[0], label)
        else:
            _value(merged.paragraphs[0], row.value, row.mark, row.removed, row.suffix)
        return
    shade(label_cell, LABEL_SHADE)
    add_text(label_cell.paragraphs[0], label)
    _value(value_cell.paragraphs[0], row.value, row.mark, row.removed, row.suffix)


def _value(paragraph: Paragraph, value: Value, mark: Mark, removed: str, suffix: Slot | None = None) -> None:
    red = mark is Mark.CHANGED
    if value.kind is ValueKind.CHOICE:
        add_text(paragraph, value.bracket, red=red)
        add_text(paragraph, f"\n<選択肢> {value.option_line}", size=8.5)
    elif value.kind is ValueKind.CHECKBOX:
        _checkboxes(paragraph, value, red)
    else:
        add_text(paragraph, value.text, red=red and value.kind is not ValueKind.WITHHELD)
    if suffix is not None:
        add_text(paragraph, "\n(")
        add_text(paragraph, suffix.value or " ", red=suffix.mark is Mark.CHANGED)
        add_text(paragraph, f"){suffix.unit}")
    if removed:
        add_text(paragraph, f"\n{REMOVED_WORD}")
        add_text(paragraph, removed, removed=True)


def _checkboxes(paragraph: Paragraph, value: Value, red: bool) -> None:
    """One run per box (red when changed); group captions are form text, in black."""
    for n, check in enumerate(value.checks):
        if check.group:
            add_text(paragraph, ("\n" if n else "") + check.group + "\n", size=9)
        elif n:
            add_text(paragraph, "　")
        add_text(paragraph, check.line, red=red)


def _table(doc: DocxDocument, table: Table) -> None:
    widths = [w * TEXT_WIDTH_MM for w in table.widths] or [TEXT_WIDTH_MM]
    out = new_table(doc, widths)
    header = add_row(out, widths)
    for cell, title in zip(header, table.columns, strict=False):
        shade(cell, SHADE)
        add_text(cell.paragraphs[0], title)
    repeat_header(out)
    for cells in table.rows:
        for target, value in zip(add_row(out, widths), cells, strict=False):
            _cell(target, value)


def _cell(target: _Cell, cell: Cell) -> None:
    paragraph = target.paragraphs[0]
    if cell.mark is Mark.REMOVED and cell.text:
        add_text(paragraph, REMOVED_WORD)
        add_text(paragraph, cell.text, removed=True)
    else:
        add_text(paragraph, cell.text, red=cell.mark is Mark.CHANGED)
