"""Shared by the import tests: the examples rendered once per session, in every format the
import reads back, and the comparison of document values (element ids aside: they are not
printed, so an import numbers the elements e1, e2 …)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest

from pia.document.codec import load_document
from pia.document.model import Document, DocumentError
from pia.render.api import render_document
from pia.wareki import WarekiError, parse_date

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def _is_document(path: Path) -> bool:
    try:
        load_document(path)
    except DocumentError:
        return False
    return True


# Every example that is a 評価書 (the 概要版 input is not).
DOCUMENT_EXAMPLES = tuple(p.name for p in sorted(EXAMPLES.glob("*.yaml")) if _is_document(p))
RENDERED = ("pdf", "xlsx", "docx")


def pdf_text(pdf: Path) -> str:
    """The text a PDF viewer copies: page by page, lines as the viewer breaks them."""
    document = pdfium.PdfDocument(pdf)
    try:
        pages = []
        for page in document:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return "\n".join(pages).replace("\r\n", "\n")
    finally:
        document.close()


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Any:
    cache: dict[tuple[str, str], Path] = {}
    folder = tmp_path_factory.mktemp("rendered")

    def get(example: str, fmt: str) -> Path:
        key = (example, fmt)
        if key not in cache:
            stem = Path(example).stem
            if fmt == "text":
                out = folder / f"{stem}.txt"
                out.write_text(pdf_text(get(example, "pdf")), encoding="utf-8")
            else:  # data-xlsx: the data export (データ一覧), an .xlsx too
                out = folder / f"{stem}.{fmt}.{fmt.removeprefix('data-')}"
                render_document(load_document(EXAMPLES / example), out, fmt)
            cache[key] = out
        return cache[key]

    return get


def flat(values: Any, prefix: str = "") -> dict[str, Any]:
    """Values by path, elements by position (``II.file[0].II.file.1``), ids left out."""
    out: dict[str, Any] = {}
    if isinstance(values, dict):
        for key, value in values.items():
            if key != "id":
                out.update(flat(value, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(values, list) and values and all(isinstance(e, dict) for e in values):
        for n, element in enumerate(values):
            out.update(flat(element, f"{prefix}[{n}]"))
    elif values not in (None, "", []):
        out[prefix] = _date_or_value(values)
    return out


def _date_or_value(value: Any) -> Any:
    if isinstance(value, str) and len(value) <= 30:
        try:
            return parse_date(value).isoformat()
        except WarekiError:
            return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def differences(expected: Document, got: Document, *, lines: bool = True) -> dict[str, tuple[Any, Any]]:
    """Paths whose values differ (``lines=False``: line breaks inside texts are not compared,
    for plain text, which does not say which of its line breaks the layout made)."""
    want, have = flat(expected.values), flat(got.values)
    out = {}
    for path in sorted(set(want) | set(have)):
        a, b = want.get(path), have.get(path)
        if not lines and isinstance(a, str) and isinstance(b, str):
            a, b = a.replace("\n", ""), b.replace("\n", "")
        if a != b:
            out[path] = (a, b)
    return out
