"""Files a version can be downloaded as. Every rendering is the core's: the codecs of
``pia.document``, the writers of ``pia.render`` (one print model for PDF/XLSX/DOCX/HTML; red
marks against the 公表版, or the save chosen on the compare page) and the (別添3) rows and 概要版 of ``pia.changes``.
Each builder takes the 評価書's figures (``attachments.attachments_for``), which the prints place."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from pia.changes import diff
from pia.changes.rows import change_rows
from pia.document import Document, dumps_json, dumps_yaml
from pia.document.images import NO_ATTACHMENTS, Attachments
from pia.render import (
    change_rows_xlsx_bytes,
    docx_bytes,
    html_text,
    pdf_bytes,
    print_model,
    xlsx_bytes,
    xlsx_form_bytes,
)
from pia.render.summary import summary_pdf_bytes
from pia.summary import build_summary

Builder = Callable[..., bytes]  # (document, previous, figures) → bytes; the 概要版 also takes summary_input
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Download:
    key: str
    label: str
    extension: str
    content_type: str
    build: Builder
    uses_previous: bool = False  # compares with the previous version (赤字, 変更箇所, 概要版)
    uses_consultation: bool = False  # takes the 概要版 inputs of the version's 意見募集 (summary_input)

    @property
    def file_suffix(self) -> str:
        """What the file name adds after 「…_第N版」 (the plain 評価書 adds nothing)."""
        return _SUFFIXES.get(self.key, "")


_SUFFIXES = {
    "pdf-changes": "_赤字",
    "docx-changes": "_赤字",
    "html-changes": "_赤字",
    "xlsx-changes": "_赤字",
    "data-xlsx": "_データ一覧",
    "changes-xlsx": "_変更箇所",
    "summary-pdf": "_概要版",
}


def _json(document: Document, previous: Document | None, figures: Attachments = NO_ATTACHMENTS) -> bytes:
    return dumps_json(document).encode("utf-8")


def _yaml(document: Document, previous: Document | None, figures: Attachments = NO_ATTACHMENTS) -> bytes:
    return dumps_yaml(document).encode("utf-8")


def _pdf(document: Document, previous: Document | None, figures: Attachments = NO_ATTACHMENTS) -> bytes:
    return pdf_bytes(print_model(document, previous=previous, attachments=figures))


def _xlsx(document: Document, previous: Document | None, figures: Attachments = NO_ATTACHMENTS) -> bytes:
    """The commission's Excel form layout (what bodies send and keep)."""
    return xlsx_form_bytes(print_model(document, attachments=figures))


def _xlsx_changes(document: Document, previous: Document | None, figures: Attachments = NO_ATTACHMENTS) -> bytes:
    return xlsx_form_bytes(print_model(document, previous=previous, attachments=figures))


def _data_xlsx(document: Document, previous: Document | None, figures: Attachments = NO_ATTACHMENTS) -> bytes:
    """データ一覧: one item per row with its element path, for data exchange."""
    return xlsx_bytes(print_model(document, attachments=figures))


def _docx(document: Document, previous: Document | None, figures: Attachments = NO_ATTACHMENTS) -> bytes:
    return docx_bytes(print_model(document, attachments=figures))


def _docx_changes(document: Document, previous: Document | None, figures: Attachments = NO_ATTACHMENTS) -> bytes:
    return docx_bytes(print_model(document, previous=previous, attachments=figures))


def _html(document: Document, previous: Document | None, figures: Attachments = NO_ATTACHMENTS) -> bytes:
    return html_text(print_model(document, attachments=figures)).encode("utf-8")


def _html_changes(document: Document, previous: Document | None, figures: Attachments = NO_ATTACHMENTS) -> bytes:
    return html_text(print_model(document, previous=previous, attachments=figures)).encode("utf-8")


def _change_table(document: Document, previous: Document | None, figures: Attachments = NO_ATTACHMENTS) -> bytes:
    """(別添3) 変更箇所: the core's rows from the diff, as the core's XLSX."""
    old = previous if previous is not None else document
    return change_rows_xlsx_bytes(change_rows(diff(old, document), old, document, date.today()))


def _summary(
    document: Document,
    previous: Document | None,
    figures: Attachments = NO_ATTACHMENTS,
    summary_input: Mapping[str, Any] | None = None,
) -> bytes:
    """The 概要版 with the 意見募集's inputs (目的, badge, note, its period) when there is one;
    otherwise without 目的 and with the schedule planned from today (the core's planner)."""
    old = previous if previous is not None else document
    spec = summary_input if summary_input is not None else {"plan": {"start": date.today().isoformat()}}
    return summary_pdf_bytes(build_summary(old, document, spec, public=True))  # handed to citizens


DOWNLOADS: tuple[Download, ...] = (
    Download("pdf", "PDF", "pdf", "application/pdf", _pdf),
    Download("pdf-changes", "PDF(変更箇所を赤字)", "pdf", "application/pdf", _pdf, uses_previous=True),
    Download("xlsx", "Excel(様式)", "xlsx", XLSX, _xlsx),
    Download("xlsx-changes", "Excel(様式・変更箇所を赤字)", "xlsx", XLSX, _xlsx_changes, uses_previous=True),
    Download("docx", "Word", "docx", DOCX, _docx),
    Download("docx-changes", "Word(変更箇所を赤字)", "docx", DOCX, _docx_changes, uses_previous=True),
    Download("html", "HTML", "html", "text/html; charset=utf-8", _html),
    Download(
        "html-changes", "HTML(変更箇所を赤字)", "html", "text/html; charset=utf-8", _html_changes, uses_previous=True
    ),
    Download("changes-xlsx", "変更箇所(Excel)", "xlsx", XLSX, _change_table, uses_previous=True),
    Download("data-xlsx", "データ一覧(Excel)", "xlsx", XLSX, _data_xlsx),
    Download(
        "summary-pdf", "概要版(PDF)", "pdf", "application/pdf", _summary, uses_previous=True, uses_consultation=True
    ),
    Download("json", "JSON", "json", "application/json; charset=utf-8", _json),
    Download("yaml", "YAML", "yaml", "application/yaml; charset=utf-8", _yaml),
)


def available_downloads() -> tuple[Download, ...]:
    return DOWNLOADS


def find_download(key: str) -> Download | None:
    return next((d for d in DOWNLOADS if d.key == key), None)
