"""Import an existing 評価書: ``import_file`` and ``import_bytes``.

The format is told by the content, not the name: ``%PDF`` is a PDF, a ZIP with ``xl/`` an XLSX
and with ``word/`` a DOCX, anything else text (UTF-8, else Shift_JIS/CP932). A file that cannot
be imported at all raises :class:`ImportRefused` with the reason in Japanese, and nothing is
returned half-made.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from pia.document.model import Document
from pia.document.roles import role_value
from pia.forms.model import FormTemplate
from pia.imports.detect import detect
from pia.imports.figures import place_figures
from pia.imports.model import ImportRefused, ImportReport, ImportResult
from pia.imports.read_docx import read_docx
from pia.imports.read_pdf import MAX_PAGES, read_pdf
from pia.imports.read_text import read_text
from pia.imports.read_xlsx import read_xlsx
from pia.imports.recognise import Recogniser
from pia.imports.source import Source
from pia.wareki import WarekiError, parse_date

MAX_BYTES = 50 * 1024 * 1024  # 50 MB: a published 評価書 PDF is a few MB
MAX_UNPACKED = 200 * 1024 * 1024  # an XLSX or DOCX (a ZIP) unpacks to at most this
MAX_PAGES_IMPORTED = MAX_PAGES
CELL_FORMATS = ("xlsx", "docx")
FORMS = ("auto", "basic", "focused", "full")

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")
Reader = Callable[[bytes, str], Source]
READERS: dict[str, Reader] = {"pdf": read_pdf, "xlsx": read_xlsx, "docx": read_docx, "text": read_text}


def import_file(path: str | Path, *, form: str = "auto", edition: str | None = None) -> ImportResult:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ImportRefused(_too_large(path.name, size))
        data = path.read_bytes()
    except OSError as exc:
        raise ImportRefused(f"ファイル '{path}' を読めません: {exc.strerror}") from None
    return import_bytes(data, path.name, form=form, edition=edition)


def import_bytes(data: bytes, filename: str, *, form: str = "auto", edition: str | None = None) -> ImportResult:
    if form not in FORMS:
        raise ImportRefused(f"様式の種類 '{form}' は不明です(auto, basic, focused, full のいずれかです)")
    if len(data) > MAX_BYTES:
        raise ImportRefused(_too_large(filename, len(data)))
    if not data.strip():
        raise ImportRefused(f"{filename}: ファイルが空です")
    kind = sniff(data, filename)
    source = READERS[kind](data, filename)
    if not source.pieces:
        raise ImportRefused(f"{filename}: 文字が一つもありません")
    detected = detect(source.pieces, form, edition)
    template = detected.template
    outcome = Recogniser(template, source.pieces, cells=kind in CELL_FORMATS).run()
    if outcome.filled == 0:
        raise ImportRefused(
            f"{filename}: {template.title} {template.edition_label} の項目を一つも読み取れませんでした。"
            "評価書のファイルか、様式の指定(--form, --edition)を確かめてください"
        )
    body_type = (
        "national"
        if role_value(Document(template.form, template.edition, "local", outcome.values), "approval_date", template)
        else "local"
    )
    figures = place_figures(template, source.pieces, outcome.parts, source.figures, outcome.values)
    document = Document(template.form, template.edition, body_type, outcome.values)
    notes = [*source.notes, *detected.notes, *figures.notes]
    if outcome.withheld:
        notes.append(
            f"「(非公表)」と印刷された項目が{outcome.withheld}件あります(公表用の版です)。その値は空のまま取り込みました"
        )
    report = ImportReport(
        source_name=filename,
        source_format=kind,
        form=template.form,
        edition=template.edition,
        edition_label=detected.label or template.edition_label,
        source_edition=detected.printed_edition,
        pages=source.pages,
        items_filled=outcome.filled,
        options_recognised=outcome.options,
        unplaced=tuple(outcome.unplaced),
        publication_date=_publication_date(document, template),
        notes=tuple(notes),
        figures=figures.imported,
    )
    return ImportResult(document, report, figures.attachments)


def sniff(data: bytes, filename: str) -> str:
    """The format of the content: pdf, xlsx, docx or text (ImportRefused for anything else)."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(_OLE):
        if _ENCRYPTED in data:
            raise ImportRefused(
                f"{filename}: パスワードで保護された(暗号化された)Excel・Word のファイルです。"
                "保護を解除して保存し直してから取り込んでください"
            )
        raise ImportRefused(
            f"{filename}: 古い形式(.xls・.doc)の Office ファイルは読めません。"
            "Excel・Word で .xlsx・.docx として保存し直してください"
        )
    if data.startswith(b"PK"):
        try:
            entries = zipfile.ZipFile(io.BytesIO(data)).infolist()
        except zipfile.BadZipFile:
            raise ImportRefused(
                f"{filename}: ZIP 形式のファイルが壊れています(Excel・Word のファイルとして読めません)"
            ) from None
        if sum(e.file_size for e in entries) > MAX_UNPACKED:
            limit = MAX_UNPACKED // 1024 // 1024
            raise ImportRefused(f"{filename}: 展開すると {limit} MB を超えるファイルです。取り込めません")
        names = [e.filename for e in entries]
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        if any(n.startswith("word/") for n in names):
            return "docx"
        raise ImportRefused(f"{filename}: ZIP ファイルですが、Excel(XLSX)・Word(DOCX)のファイルではありません")
    if b"\x00" in data[:4096]:
        raise ImportRefused(
            f"{filename}: 対応していない形式のファイルです(PDF、Excel(XLSX)、Word(DOCX)、テキストを取り込めます)"
        )
    return "text"


def _too_large(name: str, size: int) -> str:
    limit = MAX_BYTES // 1024 // 1024
    return f"{name}: ファイルが大きすぎます({size / 1024 / 1024:.1f} MB)。取り込めるのは {limit} MB までです"


def _publication_date(document: Document, template: FormTemplate) -> date | None:
    value = role_value(document, "publication_date", template)
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return parse_date(value)
    except WarekiError:
        return None
