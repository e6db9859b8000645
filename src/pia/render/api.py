"""Render a document in one call: build the print model once, write the chosen format."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pia.changes import DiffError
from pia.document.images import NO_ATTACHMENTS, Attachments
from pia.document.model import Document
from pia.forms.registry import UnknownFormError, get_form
from pia.render.build import build_print
from pia.render.docx import write_docx
from pia.render.errors import RenderError
from pia.render.html import write_html
from pia.render.marks import NO_MARKS, marks_between
from pia.render.model import PrintDocument
from pia.render.pdf import write_pdf
from pia.render.xlsx import write_xlsx
from pia.render.xlsx_form import write_xlsx_form

Writer = Callable[[PrintDocument, Path], None]
# ``xlsx`` is the commission's Excel form layout (what bodies send and keep); ``data-xlsx`` the
# データ一覧 (one item per row, with the element paths), for data exchange.
WRITERS: dict[str, Writer] = {
    "pdf": write_pdf,
    "xlsx": write_xlsx_form,
    "data-xlsx": write_xlsx,
    "docx": write_docx,
    "html": write_html,
}
FORMATS = tuple(WRITERS)
SUFFIXES = {".pdf": "pdf", ".xlsx": "xlsx", ".docx": "docx", ".html": "html", ".htm": "html"}


def output_format(out: Path, fmt: str | None = None) -> str:
    """The format asked for, or the one the file name implies; RenderError when neither is known."""
    chosen = (fmt or SUFFIXES.get(Path(out).suffix.lower(), "")).lower()
    if chosen not in WRITERS:
        asked = f"'{fmt}'" if fmt else f"拡張子 '{Path(out).suffix}'"
        raise RenderError(f"出力形式 {asked} には対応していません({', '.join(FORMATS)} のいずれかです)")
    return chosen


def print_model(
    document: Document,
    *,
    previous: Document | None = None,
    public: bool = False,
    draft: bool = False,
    attachments: Attachments = NO_ATTACHMENTS,
) -> PrintDocument:
    """The print model; with ``previous``, changes since it are marked (赤字, removed text struck);
    ``public``: the public edition, withheld items 「(非公表)」 in the values and in the marks;
    ``attachments``: the bytes of the document's figures, by SHA-256 (``pia.document.images``)."""
    try:
        template = get_form(document.form, document.edition)
        marks = marks_between(previous, document, public=public) if previous is not None else NO_MARKS
    except (UnknownFormError, DiffError) as exc:
        raise RenderError(str(exc)) from exc
    return build_print(document, template, public=public, marks=marks, draft=draft, attachments=attachments)


def render_document(
    document: Document,
    out: Path,
    fmt: str | None = None,
    *,
    previous: Document | None = None,
    public: bool = False,
    draft: bool = False,
    attachments: Attachments = NO_ATTACHMENTS,
) -> PrintDocument:
    """Write ``document`` to ``out`` as PDF, XLSX (the form, or the データ一覧), DOCX or HTML;
    returns the model it printed."""
    writer = WRITERS[output_format(out, fmt)]
    model = print_model(document, previous=previous, public=public, draft=draft, attachments=attachments)
    writer(model, Path(out))
    return model
