"""DOCX, XLSX and HTML of a 評価書: the same content as the PDF, read back in order."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from pia.changes import diff
from pia.changes.rows import change_rows
from pia.document import Document, load_document
from pia.render.api import print_model
from pia.render.build import build_print
from pia.render.docx import docx_bytes
from pia.render.html import html_fragment, html_text
from pia.render.model import Heading, Mark, PrintDocument, Rows, Table, Value, ValueKind
from pia.render.xlsx import change_rows_xlsx_bytes, write_change_rows_xlsx, xlsx_bytes

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
DOCUMENTS = ["jumin-kihon-daicho-v2", "jumin-kihon-daicho-basic", "boshi-hoken-basic", "jido-teate-focused"]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def missing_in_order(text: str, wanted: list[str]) -> list[str]:
    missing, position = [], 0
    for snippet in wanted:
        found = text.find(snippet, position)
        if found < 0:
            missing.append(snippet)
        else:
            position = found + len(snippet)
    return missing


def value_snippets(value: Value, data: bool) -> list[str]:
    """Printed value texts; ``data`` (XLSX) holds the plain value instead of the form layout."""
    if data or value.kind not in (ValueKind.CHOICE, ValueKind.CHECKBOX):
        return [value.text]
    if value.kind is ValueKind.CHOICE:
        return [value.bracket, *(f"{o.no}) {o.label}" for o in value.options)]
    return [c.line for c in value.checks]


def snippets(model: PrintDocument, data: bool = False) -> list[str]:
    pair, rest = model.cover[:2], model.cover[2:]  # 評価書番号 | 評価書名 side by side (not in the data list)
    out = [model.title, model.edition_label] if data else [model.title, *(f.label for f in pair)]
    out += [] if data else [f.value.text for f in pair]
    for field in model.cover if data else rest:
        out += [field.label, field.value.text]
    out += [] if data else [model.edition_label]
    for part in model.parts:
        out.append(part.title)
        for block in part.blocks:
            if isinstance(block, Heading):
                out.append(block.text)
            elif isinstance(block, Table):
                out += [*block.columns, *(c.text for row in block.rows for c in row)]
            else:
                for row in block.rows:
                    out.append(row.label)
                    out += value_snippets(row.value, data) if row.value is not None else []
                    out += [row.suffix.text] if row.suffix else []
    return [squash(s) for s in out if s.strip()]


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts: list[str] = []
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            parts.append(Paragraph(child, document).text)
        elif child.tag.endswith("}tbl"):
            parts += _table_texts(DocxTable(child, document))
    return squash("".join(parts))


def _table_texts(table: DocxTable) -> list[str]:
    """Cell texts row by row, a merged cell once."""
    texts = []
    for row in table.rows:
        seen: list[object] = []
        for cell in row.cells:
            if not any(cell._tc is tc for tc in seen):
                seen.append(cell._tc)
                texts.append(cell.text)
    return texts


def docx_red_runs(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    runs = []
    red = docx.shared.RGBColor(200, 0, 10)
    for table in document.tables:
        for row in table.rows:
            seen: list[object] = []
            for cell in row.cells:
                if not any(cell._tc is tc for tc in seen):
                    seen.append(cell._tc)
                    runs += [r.text for p in cell.paragraphs for r in p.runs if r.font.color.rgb == red]
    return squash("".join(runs))


def xlsx_text(data: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    cells = [str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row if v]
    return squash("".join(cells))


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self.in_style = False

    def handle_data(self, data: str) -> None:
        if not self.in_style:
            self.parts.append(data)


def html_plain(text: str) -> str:
    parser = _Text()
    parser.feed(text)
    return squash("".join(parser.parts))


@pytest.fixture(scope="module")
def models() -> dict[str, PrintDocument]:
    return {name: build_print(load_document(EXAMPLES / f"{name}.yaml")) for name in DOCUMENTS}


@pytest.fixture(scope="module")
def versions() -> tuple[Document, Document]:
    old, new = (load_document(EXAMPLES / f"jumin-kihon-daicho-{v}.yaml") for v in ("v1", "v2"))
    return old, new


@pytest.mark.parametrize("name", DOCUMENTS)
def test_docx_holds_every_label_and_value_in_order(models: dict[str, PrintDocument], name: str) -> None:
    model = models[name]
    assert missing_in_order(docx_text(docx_bytes(model)), snippets(model)) == []


@pytest.mark.parametrize("name", DOCUMENTS)
def test_xlsx_holds_every_label_and_value_in_order(models: dict[str, PrintDocument], name: str) -> None:
    model = models[name]
    assert missing_in_order(xlsx_text(xlsx_bytes(model)), snippets(model, data=True)) == []


@pytest.mark.parametrize("name", DOCUMENTS)
def test_html_holds_every_label_and_value_in_order(models: dict[str, PrintDocument], name: str) -> None:
    model = models[name]
    assert missing_in_order(html_plain(html_text(model)), snippets(model)) == []


def test_xlsx_has_one_sheet_per_part_with_item_rows(models: dict[str, PrintDocument]) -> None:
    model = models["jumin-kihon-daicho-v2"]
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(model)))
    assert len(book.sheetnames) == len(model.parts) + 1
    assert book.sheetnames[0] == "表紙"
    first = book[book.sheetnames[1]]
    assert [c.value for c in first[1]] == ["項目", "内容", "変更", "要素パス"]
    paths = [row[3] for row in first.iter_rows(min_row=2, values_only=True)]
    assert "I.1.1" in paths


def test_html_is_semantic_and_self_contained(models: dict[str, PrintDocument]) -> None:
    text = html_text(models["jumin-kihon-daicho-v2"])
    assert text.startswith('<!DOCTYPE html>\n<html lang="ja">')
    assert "<h1>" in text
    assert "<h2" in text
    assert '<th scope="row"' in text
    assert '<th scope="col">' in text
    assert "<caption>" in text
    assert "<nav" in text
    assert not re.search(r"(src|href)=\"(https?:)?//", text)
    assert "<script" not in text
    assert "<link" not in text


def test_html_escapes_user_text() -> None:
    document = load_document(EXAMPLES / "boshi-hoken-basic.yaml")
    document.values["I.1.2"] = '<script>alert("x")</script> & </style>'
    text = html_text(build_print(document))
    assert "<script>" not in text
    assert "&lt;script&gt;" in text
    assert "&amp;" in text


def test_change_draft_marks_the_same_values_in_docx_and_html(versions: tuple[Document, Document]) -> None:
    old, new = versions
    model = print_model(new, previous=old)
    expected = _expected_red(model)
    assert "熊本市マイナンバーカードセンター等運営業務委託" in expected
    assert docx_red_runs(docx_bytes(model)) == expected
    inserted = re.findall(r"<ins[^>]*>(.*?)</ins>", html_text(model), flags=re.S)
    assert squash("".join(inserted)) == expected


def _expected_red(model: PrintDocument) -> str:
    out: list[str] = []
    for part in model.parts:
        for block in part.blocks:
            if isinstance(block, Rows):
                for r in block.rows:
                    out += [_printed(r.value)] if r.value is not None and r.mark is Mark.CHANGED else []
                    out += [r.suffix.value] if r.suffix and r.suffix.mark is Mark.CHANGED else []
    return squash("".join(out))


def _printed(value: Value) -> str:
    if value.kind is ValueKind.CHOICE:
        return value.bracket
    if value.kind is ValueKind.CHECKBOX:
        return "".join(c.line for c in value.checks)
    return value.text


def test_change_rows_xlsx(versions: tuple[Document, Document], tmp_path: Path) -> None:
    from datetime import date

    old, new = versions
    rows = change_rows(diff(old, new), old, new, date(2025, 12, 1))
    out = tmp_path / "変更箇所.xlsx"
    write_change_rows_xlsx(rows, out)
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    assert header[:6] == ["変更日", "項目", "変更前の記載", "変更後の記載", "提出時期", "提出時期に係る説明"]
    values = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(values) == len(rows)
    assert values[0][0] == "令和7年12月1日"
    assert any("熊本市マイナンバーカードセンター等運営業務委託" in str(v[3]) for v in values)
    assert change_rows_xlsx_bytes([])[:2] == b"PK"


def test_public_rendering_withholds_in_every_format(versions: tuple[Document, Document]) -> None:
    _, new = versions
    public = print_model(new, public=True)
    secret = squash(new.values["files"][0]["II.file.6.1"])
    for text in (docx_text(docx_bytes(public)), xlsx_text(xlsx_bytes(public)), html_plain(html_text(public))):
        assert "(非公表)" in text
        assert secret not in text


def test_html_fragment_is_the_body_only(models: dict[str, PrintDocument]) -> None:
    fragment = html_fragment(models["boshi-hoken-basic"])
    assert "<html" not in fragment
    assert "<style" not in fragment
    assert fragment.count("<main>") == 1
    assert "<h1>" in fragment
