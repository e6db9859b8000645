"""評価書 PDF (typst): text read back in reading order, fonts, tags, 赤字, big tables.

Every PDF is rendered once per module; text and colours are read back with pypdfium2.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest

from pia.changes import diff
from pia.document import Document, load_document
from pia.document.paths import ElementPath
from pia.forms import get_form
from pia.render.api import print_model
from pia.render.build import build_print
from pia.render.model import WITHHELD, Heading, Mark, PrintDocument, Rows, Table, Value, ValueKind
from pia.render.pdf import pdf_bytes
from pia.render.sample import SampleSize, sample_document

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
DOCUMENTS = [
    "jumin-kihon-daicho-v1",
    "jumin-kihon-daicho-v2",
    "jumin-kihon-daicho-basic",
    "boshi-hoken-basic",
    "jido-teate-focused",
]
MM = 72 / 25.4
RED = (200, 0, 10)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def body_text(pdf: bytes) -> str:
    """The text of every page without the running header and footer, whitespace removed."""
    parts = []
    for page in pdfium.PdfDocument(pdf):
        width, height = page.get_size()
        parts.append(page.get_textpage().get_text_bounded(left=0, bottom=15 * MM, right=width, top=height - 18 * MM))
    return squash("".join(parts))


def page_texts(pdf: bytes) -> list[str]:
    return [page.get_textpage().get_text_range() for page in pdfium.PdfDocument(pdf)]


def red_text(pdf: bytes) -> str:
    """Every character whose fill colour is the 赤字 red, in reading order."""
    chars = []
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    for page in pdfium.PdfDocument(pdf):
        text = page.get_textpage()
        for n in range(pdfium_raw.FPDFText_CountChars(text)):
            pdfium_raw.FPDFText_GetFillColor(text, n, r, g, b, a)
            if (r.value, g.value, b.value) == RED:
                chars.append(chr(pdfium_raw.FPDFText_GetUnicode(text, n)))
    return squash("".join(chars))


def value_snippets(value: Value) -> list[str]:
    if value.kind is ValueKind.CHOICE:
        return [value.bracket, "<選択肢>", *(f"{o.no}) {o.label}" for o in value.options)]
    if value.kind is ValueKind.CHECKBOX:
        return [c.line for c in value.checks]
    return [value.text]


def cover_snippets(model: PrintDocument) -> list[str]:
    pair, rest = model.cover[:2], model.cover[2:]  # 評価書番号 | 評価書名 print side by side
    out = [model.title, *(f.label for f in pair), *(f.value.text for f in pair)]
    for field in rest:
        out += [field.label, field.value.text]
    return [*out, *model.notes, *model.index]


def block_snippets(block: Heading | Rows | Table) -> list[str]:
    if isinstance(block, Heading):
        return [block.text]
    if isinstance(block, Table):
        return [*block.columns, *(cell.text for row in block.rows for cell in row)]
    out: list[str] = []
    for row in block.rows:
        out.append(row.label + (" ※" if row.star else ""))
        if row.value is not None:
            out += value_snippets(row.value)
        out += [row.suffix.text] if row.suffix else []
    return out


def snippets(model: PrintDocument) -> list[str]:
    """Every label and value of the model, in the order a reader meets them."""
    out = cover_snippets(model)
    for part in model.parts:
        out.append(part.title + (" ※" if part.star else ""))
        for block in part.blocks:
            out += block_snippets(block)
    return [squash(s) for s in out if s.strip()]


def missing_in_order(text: str, wanted: list[str]) -> list[str]:
    missing, position = [], 0
    for snippet in wanted:
        found = text.find(snippet, position)
        if found < 0:
            missing.append(snippet)
        else:
            position = found + len(snippet)
    return missing


@pytest.fixture(scope="module")
def documents() -> dict[str, Document]:
    return {name: load_document(EXAMPLES / f"{name}.yaml") for name in DOCUMENTS}


@pytest.fixture(scope="module")
def rendered(documents: dict[str, Document]) -> dict[str, tuple[PrintDocument, bytes]]:
    result = {}
    for name, document in documents.items():
        model = build_print(document)
        result[name] = (model, pdf_bytes(model))
    return result


@pytest.fixture(scope="module")
def draft(documents: dict[str, Document]) -> tuple[PrintDocument, bytes]:
    model = print_model(documents["jumin-kihon-daicho-v2"], previous=documents["jumin-kihon-daicho-v1"])
    return model, pdf_bytes(model)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_label_and_value_reads_back_in_order(rendered: dict[str, tuple[PrintDocument, bytes]], name: str) -> None:
    model, pdf = rendered[name]
    wanted = snippets(model)
    assert len(wanted) > 150
    assert missing_in_order(body_text(pdf), wanted) == []


def test_a4_pages_header_and_footer(rendered: dict[str, tuple[PrintDocument, bytes]]) -> None:
    model, pdf = rendered["jumin-kihon-daicho-v2"]
    document = pdfium.PdfDocument(pdf)
    pages = len(document)
    assert pages > 20
    assert [round(x) for x in document[0].get_size()] == [595, 842]
    texts = page_texts(pdf)
    assert f"1 / {pages}" in texts[0]
    assert model.office in texts[1]
    assert f"2 / {pages}" in texts[1]
    assert model.office not in texts[0].split(model.title)[0]  # no running header on the cover


def test_fonts_are_embedded_and_the_pdf_is_tagged(rendered: dict[str, tuple[PrintDocument, bytes]]) -> None:
    _, pdf = rendered["jido-teate-focused"]
    assert b"/FontFile2" in pdf  # embedded TrueType
    assert b"IPAexMincho" in pdf
    assert b"IPAexGothic" in pdf
    assert b"/StructTreeRoot" in pdf
    assert b"/MarkInfo" in pdf
    assert b"/Lang" in pdf


def test_public_pdf_withholds_non_public_values(documents: dict[str, Document]) -> None:
    document = documents["jumin-kihon-daicho-v2"]
    template = get_form(document.form, document.edition)
    secret_ids = {i.id for i in template.walk() if i.non_public}
    secrets = [v for f in document.values.get("files", []) for k, v in f.items() if k in secret_ids and v]
    assert secrets
    text = body_text(pdf_bytes(print_model(document, public=True)))
    assert squash(WITHHELD) in text
    assert not [s for s in secrets if squash(s) in text]


def expected_red(model: PrintDocument, changed: set[str]) -> str:
    """What must be red: the printed value of every row in a changed place, nothing else."""

    def is_changed(path: str) -> bool:
        """The path, an element enclosing it, or (a free-text cell of blocks) an element in it."""
        parsed = ElementPath.parse(path)
        enclosing = [str(ElementPath(rid, parsed.selectors[: n + 1])) for n, (rid, _) in enumerate(parsed.selectors)]
        inside = any(p.startswith(path + "[") for p in changed)
        return path in changed or inside or any(p in changed for p in enclosing)

    out: list[str] = []
    for field in model.cover:
        out += [field.value.text] if is_changed(field.path) else []
    for part in model.parts:
        for block in part.blocks:
            out += _block_red(block, is_changed)
    return squash("".join(out))


def _block_red(block: Heading | Rows | Table, is_changed: Callable[[str], bool]) -> list[str]:
    if isinstance(block, Rows):
        out: list[str] = []
        for r in block.rows:
            out += [_red_value(r.value)] if r.value is not None and is_changed(r.path) else []
            out += [r.suffix.value] if r.suffix and is_changed(r.suffix.path) else []
        return out
    return [c.text for row in block.rows for c in row if c.mark is Mark.CHANGED] if isinstance(block, Table) else []


def _red_value(value: Value) -> str:
    if value.kind is ValueKind.CHOICE:
        return value.bracket
    if value.kind is ValueKind.CHECKBOX:
        return "".join(c.line for c in value.checks)
    return value.text


def test_change_draft_prints_exactly_the_changed_values_in_red(
    documents: dict[str, Document], draft: tuple[PrintDocument, bytes]
) -> None:
    model, pdf = draft
    changed = diff(documents["jumin-kihon-daicho-v1"], documents["jumin-kihon-daicho-v2"]).changed_paths()
    red = red_text(pdf)
    assert "熊本市マイナンバーカードセンター等運営業務委託" in red
    assert "既存住基システムの運用保守業務" not in red  # 委託事項1 did not change
    assert red == expected_red(model, changed)
    assert squash(model.notes[0]) in body_text(pdf)


def test_draft_still_reads_back_in_order(draft: tuple[PrintDocument, bytes]) -> None:
    model, pdf = draft
    assert missing_in_order(body_text(pdf), snippets(model)) == []


def test_removed_text_is_struck_and_labelled(documents: dict[str, Document]) -> None:
    # v1 seen against v2: 委託事項2 and its risks were removed
    model = print_model(documents["jumin-kihon-daicho-v1"], previous=documents["jumin-kihon-daicho-v2"])
    pdf = pdf_bytes(model)
    text = body_text(pdf)
    assert squash("委託事項2【削除】") in text
    assert squash("熊本市マイナンバーカードセンター運営業務") in text
    red = red_text(pdf)
    assert red == squash("1[再委託していない]")  # the modified values; removed text is not red


@pytest.fixture(scope="module")
def big() -> tuple[PrintDocument, bytes, list[str], str]:
    """200 rows in the 変更箇所 table and one value longer than a page."""
    template = get_form("full")
    document = sample_document(template, SampleSize(elements=1, sentences=1, table_rows=3))
    rows = [f"変更記載{n:03d}" for n in range(200)]
    document.values["bessoe3"] = [{"id": f"c{n}", "bessoe3.item": text} for n, text in enumerate(rows)]
    tall = "".join(f"第{n}文。特定個人情報の保護のための措置を講じる。" for n in range(400))
    document.values["I.1.2"] = tall
    model = build_print(document, template)
    return model, pdf_bytes(model), rows, tall


def test_a_200_row_table_renders_every_row(big: tuple[PrintDocument, bytes, list[str], str]) -> None:
    _, pdf, rows, _ = big
    text = body_text(pdf)
    assert missing_in_order(text, rows) == []
    last_pages = page_texts(pdf)[-3:]
    assert all("変更前の記載" in page for page in last_pages if "変更記載" in page)  # header row repeats


def test_a_cell_taller_than_a_page_is_not_cut(big: tuple[PrintDocument, bytes, list[str], str]) -> None:
    model, pdf, _, tall = big
    text = body_text(pdf)
    assert squash(tall) in text
    pages_with_it = [n for n, page in enumerate(page_texts(pdf)) if "第1" in page and "文。" in page]
    assert len(pages_with_it) >= 2
    assert missing_in_order(text, snippets(model)) == []


def test_user_text_is_never_typst_markup() -> None:
    template = get_form("basic")
    document = sample_document(template, SampleSize(elements=1))
    hostile = '#set page(width: 1cm) *太字* $x^2$ <label> @ref \\ "引用" ] ) } // コメント /* */ #{ panic("x") }'
    document.values["I.1.2"] = hostile
    text = body_text(pdf_bytes(build_print(document, template)))
    assert squash(hostile) in text
