"""The 概要版 handout as PDF, DOCX, HTML or Markdown: ``write_summary(content, out)``.

The content (``pia.summary.build_summary``) decides what is printed and what is
new; these renderers only lay it out. The format follows the file name's suffix.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pia.render.config import FontConfig
from pia.render.errors import RenderError, check_printed_rows
from pia.render.output import write_bytes
from pia.render.pdf import compile_typst
from pia.render.summary_docx import summary_docx_bytes
from pia.render.summary_html import summary_html_text
from pia.render.summary_markdown import summary_to_markdown
from pia.render.summary_text import summary_data
from pia.summary.model import SummaryContent

SUMMARY_SUFFIXES = (".pdf", ".docx", ".html", ".md")


def summary_rows(content: SummaryContent) -> int:
    return sum(len(b.rows) for b in content.blocks) + len(content.structure) + len(content.schedule)


def summary_pdf_bytes(content: SummaryContent, fonts: FontConfig | None = None) -> bytes:
    check_printed_rows(summary_rows(content), "概要版")
    return compile_typst("summary.typ", summary_data(content), fonts)  # compile_typst cleans the text


def _markdown_bytes(content: SummaryContent) -> bytes:
    return summary_to_markdown(content).encode("utf-8")


def _html_bytes(content: SummaryContent) -> bytes:
    return summary_html_text(content).encode("utf-8")


RENDERERS: dict[str, Callable[[SummaryContent], bytes]] = {
    ".pdf": summary_pdf_bytes,
    ".docx": summary_docx_bytes,
    ".html": _html_bytes,
    ".htm": _html_bytes,
    ".md": _markdown_bytes,
}


def write_summary(content: SummaryContent, out: Path) -> None:
    """Write the 概要版 as PDF, DOCX, HTML or Markdown, by the suffix of ``out``.

    RenderError (Japanese message) for an unknown suffix or an unwritable path."""
    renderer = RENDERERS.get(Path(out).suffix.lower())
    if renderer is None:
        raise RenderError(
            f"概要版の出力形式 '{Path(out).suffix}' には対応していません(.pdf, .docx, .html, .md のいずれかです)"
        )
    check_printed_rows(summary_rows(content), "概要版")
    write_bytes(Path(out), renderer(content))
