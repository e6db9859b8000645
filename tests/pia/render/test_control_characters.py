"""Control characters in every writer (issue 13, finding 10; the rule is ``pia.text``): line
breaks written another way (\\v \\f \\r NEL LS PS) become line breaks, the other controls (C0
but tab and line feed, DEL, C1, lone surrogates, U+FFFE/U+FFFF) are removed, in PDF, HTML,
DOCX, XLSX, Markdown, the 概要版, the (別添3) rows and the table reports — where XML 1.0 used to
make the DOCX export fail."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from pia.changes import diff
from pia.changes.rows import change_rows
from pia.document import Document, load_document
from pia.render import docx_bytes, html_text, pdf_bytes, print_model, report_pdf_bytes, table_xlsx_bytes, xlsx_bytes
from pia.render.results import Column, RowGroup, TableReport, TableSheet
from pia.render.summary import summary_pdf_bytes
from pia.render.summary_docx import summary_docx_bytes
from pia.render.summary_html import summary_html_text
from pia.render.summary_markdown import summary_to_markdown
from pia.render.xlsx import change_rows_xlsx_bytes
from pia.summary import build_summary
from pia.text import clean_text, clean_tree, json_needs_cleaning

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
DIRTY = "前\x00\x01\x08\x1b[31m後\x7f\x80\x9f\ufffe\uffff終"
BREAKS = "行1\x0b行2\x0c行3\r\n行4\r行5\x85行6\u2028行7\u2029行8\t(タブ)"
FORBIDDEN_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def test_the_rule() -> None:
    assert clean_text(DIRTY) == "前[31m後終"
    assert clean_text(BREAKS) == "行1\n行2\n行3\n行4\n行5\n行6\n行7\n行8\t(タブ)"
    clean = "ふつうの文\n改行\tタブ"
    assert clean_text(clean) is clean
    tree = ("a", ["b", {"c": "d"}])
    assert clean_tree(tree) is tree
    assert clean_tree(("a", [DIRTY])) == ("a", ["前[31m後終"])


@pytest.mark.parametrize("char", [*map(chr, [*range(0, 9), *range(11, 32), *range(0x7F, 0xA0)]), "\u2028", "\ufffe"])
def test_the_pdf_writer_finds_every_control_character_in_its_json(char: str) -> None:
    """typst gets JSON: one search over it decides whether the data must be cleaned."""
    assert json_needs_cleaning(json.dumps({"v": f"文{char}字"}, ensure_ascii=False))
    assert not json_needs_cleaning(json.dumps({"v": "文\n字\tタブ「」"}, ensure_ascii=False))


@pytest.fixture(scope="module")
def revision() -> tuple[Document, Document]:
    old = load_document(EXAMPLES / "jumin-kihon-daicho-v1.yaml")
    new = load_document(EXAMPLES / "jumin-kihon-daicho-v2.yaml")
    new.values["cover.name"] = DIRTY
    new.values["I.1.2"] = BREAKS
    new.values["files"][1]["II.file.4.itaku"][-1]["II.file.4.itaku.1"] = DIRTY
    new.values["files"][1]["II.file.4.itaku"][-1]["II.file.4.itaku.4"] = [{"その他": DIRTY}]
    new.values["bessoe3"][0]["bessoe3.before"] = DIRTY
    return old, new


def _xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xml"))


def _pdf(data: bytes) -> str:
    return "".join(p.get_textpage().get_text_range() for p in pdfium.PdfDocument(data))


@pytest.mark.parametrize("public", [False, True])
def test_every_print_format(revision: tuple[Document, Document], public: bool) -> None:
    old, new = revision
    model = print_model(new, previous=old, public=public)
    for name, xml in (("docx", _xml(docx_bytes(model))), ("xlsx", _xml(xlsx_bytes(model)))):
        assert not FORBIDDEN_IN_XML.search(xml), name
        assert "前[31m後終" in re.sub(r"<[^>]+>", "", xml), name
    html = html_text(model)
    assert not FORBIDDEN_IN_XML.search(html)
    assert "\x1b" not in html
    assert "前[31m後終" in html
    assert "行1\n行2\n行3\n行4" in html
    assert "前[31m後終" in re.sub(r"\s+", "", _pdf(pdf_bytes(model)))


def test_every_summary_format_and_the_change_rows(revision: tuple[Document, Document]) -> None:
    old, new = revision
    content = build_summary(old, new, {"purpose": DIRTY, "plan": {"start": "2025-12-01"}})
    markdown, html = summary_to_markdown(content), summary_html_text(content)
    assert "前[31m後終" in markdown
    assert "\x1b" not in markdown
    assert "\x00" not in markdown
    assert "前[31m後終" in html
    assert not FORBIDDEN_IN_XML.search(html)
    assert not FORBIDDEN_IN_XML.search(_xml(summary_docx_bytes(content)))
    assert "前[31m後終" in re.sub(r"\s+", "", _pdf(summary_pdf_bytes(content)))
    rows = change_rows(diff(old, new), old, new, date(2026, 4, 1))
    assert not FORBIDDEN_IN_XML.search(_xml(change_rows_xlsx_bytes(rows)))


def test_the_table_reports() -> None:
    """「意見の概要と市の考え方」 and 点検結果: comment bodies come from web forms."""
    columns = (Column("番号", 1), Column("意見の概要", 4))
    report = TableReport(DIRTY, DIRTY, columns, (RowGroup(DIRTY, (("1", DIRTY), ("2", BREAKS))),))
    assert "前[31m後終" in re.sub(r"\s+", "", _pdf(report_pdf_bytes(report)))
    sheet = TableSheet(DIRTY, columns, [["1", DIRTY], ["2", BREAKS]])
    assert not FORBIDDEN_IN_XML.search(_xml(table_xlsx_bytes(sheet)))
