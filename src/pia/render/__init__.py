"""Rendering of 評価書 and 概要版: PDF (typst), HTML, DOCX and XLSX from one print model.

    from pia.render import render_document, print_model, write_summary
    render_document(document, Path("評価書.pdf"))                       # format from the suffix
    render_document(new, Path("素案.pdf"), previous=old)                # changes in red
    render_document(document, Path("公表.html"), public=True)          # non_public withheld
    write_summary(build_summary(old, new, spec), Path("概要版.pdf"))    # .pdf .docx .html .md
    report_pdf_bytes(TableReport(...))       # 意見の概要と市の考え方, 点検結果 (pia.render.results)
    notice_pdf_bytes(NoticeLetter(...))      # 許諾通知書 / 不許諾通知書 (pia.render.notice)

Every format reads the same :class:`PrintDocument` (``pia.render.model``), built once by
:func:`build_print` from :func:`pia.document.walk`, so the formats never disagree.
"""

from pia.render.api import FORMATS, output_format, print_model, render_document
from pia.render.build import build_print
from pia.render.config import FontConfig, font_config
from pia.render.docx import docx_bytes, write_docx
from pia.render.errors import RenderError
from pia.render.html import html_fragment, html_text, stylesheet, write_html
from pia.render.marks import ChangeMarks, Removal, marks_between, marks_from_changes
from pia.render.model import WITHHELD, Mark, PrintDocument
from pia.render.notice import NoticeItem, NoticeLetter, notice_pdf_bytes
from pia.render.pdf import pdf_bytes, write_pdf
from pia.render.results import report_pdf_bytes, table_xlsx_bytes
from pia.render.summary import summary_pdf_bytes, write_summary
from pia.render.xlsx import change_rows_xlsx_bytes, write_change_rows_xlsx, write_xlsx, xlsx_bytes
from pia.render.xlsx_form import write_xlsx_form, xlsx_form_bytes

__all__ = [
    "FORMATS",
    "WITHHELD",
    "ChangeMarks",
    "FontConfig",
    "Mark",
    "NoticeItem",
    "NoticeLetter",
    "PrintDocument",
    "Removal",
    "RenderError",
    "build_print",
    "change_rows_xlsx_bytes",
    "docx_bytes",
    "font_config",
    "html_fragment",
    "html_text",
    "marks_between",
    "marks_from_changes",
    "notice_pdf_bytes",
    "output_format",
    "pdf_bytes",
    "print_model",
    "render_document",
    "report_pdf_bytes",
    "stylesheet",
    "summary_pdf_bytes",
    "table_xlsx_bytes",
    "write_change_rows_xlsx",
    "write_docx",
    "write_html",
    "write_pdf",
    "write_summary",
    "write_xlsx",
    "write_xlsx_form",
    "xlsx_bytes",
    "xlsx_form_bytes",
]
